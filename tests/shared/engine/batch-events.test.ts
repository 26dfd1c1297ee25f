// 'batch' events carry the loss and, for a classifier, the accuracy of the batches since the last
// event: with an event after every batch, each accuracy is a count of right answers over the
// batch size, and the epoch's train accuracy is their size-weighted mean.

import { describe, expect, it } from 'vitest';
import { builtinProject, ofType, setupOf, train } from '../../helpers/run';

describe('batch events', () => {
  it('report a classifier’s accuracy batch by batch, adding up to the epoch’s', async () => {
    const p = builtinProject('xor', { n: 200, seed: 3 }, { training: { epochs: 3, batchSize: 16, shuffle: true, earlyStopping: null }, seed: 5 });
    const { events } = await train(setupOf(p), { batchEventMs: 0 });
    const n = ofType(events, 'started')[0].trainSize;
    const batches = ofType(events, 'batch');
    const epochs = ofType(events, 'epoch');
    expect(batches).toHaveLength(3 * Math.ceil(n / 16));
    for (const [e, epoch] of epochs.entries()) {
      const these = batches.filter((b) => b.epoch === e);
      let correct = 0;
      these.forEach((b, k) => {
        const size = k === these.length - 1 && n % 16 ? n % 16 : 16;
        const right = b.accuracy! * size;
        expect(Math.abs(right - Math.round(right)), 'a whole number of right answers').toBeLessThan(1e-9);
        correct += Math.round(right);
      });
      expect(epoch.train.accuracy).toBeCloseTo(correct / n, 12);
    }
  });

  it('leave accuracy out for a regression', async () => {
    const p = builtinProject('regression-1d', { n: 100, seed: 1 }, { training: { epochs: 1, batchSize: 10, shuffle: false, earlyStopping: null } });
    const { events } = await train(setupOf(p), { batchEventMs: 0 });
    const batches = ofType(events, 'batch');
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) expect(b).not.toHaveProperty('accuracy');
  });
});
