// The chart model fed by the real trainer: the lecture's failure modes end up as the right
// plain-language warnings, and a finished run survives the trip through a project record.

import { describe, expect, it } from 'vitest';
import { runRecordSchema } from '../../../shared/project/container';
import { RunSeries } from '../../../renderer/src/model/charts/series';
import { runWarnings } from '../../../renderer/src/model/charts/warnings';
import { builtinProject, setupOf, train } from '../../helpers/run';

const small = (overrides = {}) =>
  builtinProject('xor', { n: 200, seed: 2 }, {
    optimizer: { type: 'adam', lr: 0.01 },
    training: { epochs: 5, batchSize: 16, shuffle: true, earlyStopping: null },
    seed: 7,
    ...overrides,
  });

async function seriesOf(p: ReturnType<typeof small>): Promise<RunSeries> {
  const s = new RunSeries();
  await train(setupOf(p), { diagnosticsMs: 0, batchEventMs: 0 }, (e) => s.ingest(e));
  return s;
}

describe('RunSeries with the real trainer', () => {
  it('follows a healthy run to the end and round-trips it through a project record', async () => {
    const s = await seriesOf(small());
    expect(s.state).toBe('done');
    expect(s.epochs).toHaveLength(5);
    expect(s.progress().fraction).toBe(1);
    expect(s.batchCurve().x.length).toBeGreaterThan(10);
    expect(s.layersWith('gradNorm').length).toBeGreaterThan(0);

    const record = runRecordSchema.parse({
      id: 'r',
      name: 'Run',
      startedAt: new Date(0).toISOString(),
      status: s.recordStatus(),
      events: JSON.parse(JSON.stringify(s.recordEvents())),
    });
    const back = RunSeries.fromRecord(record);
    expect(back.epochCurve('loss', 'train')).toEqual(s.epochCurve('loss', 'train'));
    expect(back.epochCurve('accuracy', 'validation')).toEqual(s.epochCurve('accuracy', 'validation'));
    expect(back.done).toEqual(s.done);
  });

  it('warns about vanishing gradients in a 7-layer sigmoid network, citing sigmoid’s 0.25', async () => {
    const hidden = Array.from({ length: 7 }, () => [
      { type: 'dense', units: 32, weightInit: { type: 'xavier-normal' } },
      { type: 'activation', activation: 'sigmoid' },
    ]).flat();
    const s = await seriesOf(
      small({
        network: { layers: [...hidden, { type: 'dense', units: 2 }, { type: 'activation', activation: 'softmax' }] },
        optimizer: { type: 'sgd', lr: 0.01 },
        training: { epochs: 1, batchSize: 32, shuffle: true, earlyStopping: null },
      }),
    );
    const vanishing = runWarnings(s).find((w) => w.id === 'vanishing-gradients');
    expect(vanishing?.text).toContain('0.25');
  });

  it('warns about dead ReLU units when biases start at -10', async () => {
    const s = await seriesOf(
      small({
        network: {
          layers: [
            { type: 'dense', units: 16, biasInit: { type: 'constant', value: -10 } },
            { type: 'activation', activation: 'relu' },
            { type: 'dense', units: 2 },
            { type: 'activation', activation: 'softmax' },
          ],
        },
        training: { epochs: 1, batchSize: 32, shuffle: true, earlyStopping: null },
      }),
    );
    const dead = runWarnings(s).find((w) => w.id === 'dead-relu');
    expect(dead).toMatchObject({ layer: 1, title: 'Layer 2 (ReLU): 100% of units are dead' });
  });

  it('warns about saturated sigmoid units when their inputs are huge', async () => {
    const s = await seriesOf(
      small({
        network: {
          layers: [
            { type: 'dense', units: 16, weightInit: { type: 'normal', mean: 0, std: 50 } },
            { type: 'activation', activation: 'sigmoid' },
            { type: 'dense', units: 2 },
            { type: 'activation', activation: 'softmax' },
          ],
        },
        training: { epochs: 1, batchSize: 32, shuffle: true, earlyStopping: null },
      }),
    );
    expect(runWarnings(s).find((w) => w.id === 'saturated')?.layer).toBe(1);
  });
});
