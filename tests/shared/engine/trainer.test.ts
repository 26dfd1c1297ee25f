// The training loop: determinism, control between batches, non-finite values, early stopping,
// and the diagnostics that make the lecture's failure modes visible.

import { describe, expect, it } from 'vitest';
import { builtinProject, ofType, setupOf, train } from '../../helpers/run';

const small = (overrides = {}) =>
  builtinProject('xor', { n: 200, seed: 2 }, {
    optimizer: { type: 'adam', lr: 0.01 },
    training: { epochs: 5, batchSize: 16, shuffle: true, earlyStopping: null },
    seed: 7,
    ...overrides,
  });

describe('Trainer', () => {
  it('gives bit-identical results for the same project and seed, and different ones for another seed', async () => {
    const runA = await train(setupOf(small()));
    const runB = await train(setupOf(small()));
    const runC = await train(setupOf(small({ seed: 8 })));
    const losses = (r: typeof runA) => ofType(r.events, 'epoch').map((e) => [e.train.loss, e.validation?.loss]);
    expect(losses(runA)).toEqual(losses(runB));
    expect(losses(runA)).not.toEqual(losses(runC));
    const doneA = ofType(runA.events, 'done')[0];
    const doneB = ofType(runB.events, 'done')[0];
    expect(doneA.train).toEqual(doneB.train);
  });

  it('emits started, one epoch event per epoch, and done last', async () => {
    const { events } = await train(setupOf(small()));
    expect(events[0].type).toBe('started');
    expect(ofType(events, 'epoch').map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4]);
    const done = events[events.length - 1];
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(done.reason).toBe('completed');
    expect(done.steps).toBe(5 * Math.ceil(160 / 16));
    expect(done.validation?.confusion?.reduce((a, b) => a + b)).toBe(40);
  });

  it('pauses and resumes between batches without changing the result, and stops on request', async () => {
    const reference = await train(setupOf(small()));
    let paused = false;
    const controlled = await train(setupOf(small()), { sliceMs: 0 }, (e, trainer) => {
      if (e.type === 'epoch' && e.epoch === 1 && !paused) {
        paused = true;
        trainer.pause();
        setTimeout(() => trainer.resume(), 20);
      }
    });
    expect(ofType(controlled.events, 'paused')).toHaveLength(1);
    expect(ofType(controlled.events, 'resumed')).toHaveLength(1);
    const losses = (r: typeof reference) => ofType(r.events, 'epoch').map((e) => e.train.loss);
    expect(losses(controlled)).toEqual(losses(reference));

    const stopped = await train(setupOf(small()), { sliceMs: 0 }, (e, trainer) => {
      if (e.type === 'epoch' && e.epoch === 1) trainer.stop();
    });
    const done = ofType(stopped.events, 'done')[0];
    expect(done.reason).toBe('stopped');
    expect(ofType(stopped.events, 'epoch')).toHaveLength(2);
  });

  it('stops at the first non-finite update, names the layer and step, and keeps the last good weights', async () => {
    // A learning rate of 1e300 overflows float32 weights on the first update.
    const p = small({ optimizer: { type: 'sgd', lr: 1e300 }, preprocessing: { normalization: 'none', validationSplit: 0.2, stratify: true } });
    const setup = setupOf(p);
    const before = setup.model.network.params.map((q) => Float32Array.from(q.value));
    const { events } = await train(setup);
    const failed = ofType(events, 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].message).toMatch(/step 1\b/);
    expect(failed[0].message).toMatch(/layers\.\d+\.(weight|bias)/);
    expect(failed[0].layer).not.toBeNull();
    expect(ofType(events, 'done')).toHaveLength(0);
    setup.model.network.params.forEach((q, i) => expect(Array.from(q.value)).toEqual(Array.from(before[i])));
  });

  it('keeps the weights of the epoch start when an update overflows mid-epoch (loss and gradients still finite)', async () => {
    // A linear 1-1 regression with SGD at lr 20 diverges geometrically: after a few epochs one
    // update overflows float32 while the loss (float64) and the gradient before it are finite.
    // 64 samples in batches of 8: 8 steps an epoch.
    const p = builtinProject('regression-1d', { n: 64 }, {
      network: { layers: [{ type: 'dense', units: 1, weightInit: { type: 'constant', value: 1 } }] },
      loss: { type: 'mse' },
      optimizer: { type: 'sgd', lr: 20 },
      training: { epochs: 200, batchSize: 8, shuffle: true, earlyStopping: null },
      preprocessing: { normalization: 'none', validationSplit: 0 },
      seed: 7,
    });
    const setup = setupOf(p);
    const atEpochEnd: number[][][] = [];
    const { events } = await train(setup, {}, (e) => {
      if (e.type === 'epoch') atEpochEnd.push(setup.model.network.params.map((q) => Array.from(q.value)));
    });
    const failed = ofType(events, 'failed');
    expect(failed).toHaveLength(1);
    const epoch = failed[0].epoch;
    expect(epoch).toBeGreaterThan(0);
    expect(failed[0].message).toMatch(new RegExp(`the update made layers\\.0\\.(weight|bias) \\(Dense 1→1\\) non-finite`));
    const firstStep = epoch * 8 + 1;
    expect(failed[0].step).toBeGreaterThan(epoch * 8);
    expect(failed[0].message).toContain(`The weights from the start of epoch ${epoch + 1} (before step ${firstStep}) are kept.`);
    // Those are the weights the previous epoch ended with, all finite.
    expect(setup.model.network.params.map((q) => Array.from(q.value))).toEqual(atEpochEnd[epoch - 1]);
  });

  it('stops when the loss is not finite and names the first layer whose output is not finite', async () => {
    const setup = setupOf(small({ training: { epochs: 1, batchSize: 200, shuffle: true, earlyStopping: null } }));
    // Weights near float32's maximum: the first dense layer's output overflows to Infinity.
    setup.model.network.params[0].value.fill(3e38);
    const { events } = await train(setup);
    const failed = ofType(events, 'failed')[0];
    expect(failed.message).toMatch(/loss is (NaN|Infinity)/);
    expect(failed.layer).toBe(0);
    expect(failed.step).toBe(0);
  });

  it('early-stops when the validation loss stops improving and restores the best weights', async () => {
    // A learning rate far too high makes the validation loss bounce, so patience runs out.
    const p = small({
      optimizer: { type: 'sgd', lr: 5 },
      training: { epochs: 200, batchSize: 16, shuffle: true, earlyStopping: { patience: 3, minDelta: 0, restoreBest: true } },
    });
    const { events } = await train(setupOf(p));
    const done = ofType(events, 'done')[0];
    expect(done.reason).toBe('early-stopped');
    const epochs = ofType(events, 'epoch');
    expect(epochs.length).toBeLessThan(200);
    const best = Math.min(...epochs.map((e) => e.validation!.loss));
    expect(epochs[done.bestEpoch!].validation!.loss).toBe(best);
    expect(epochs.length).toBe(done.bestEpoch! + 1 + 3);
    // The restored weights reproduce the best epoch's validation loss.
    expect(done.validation!.loss).toBeCloseTo(best, 6);
  });

  it('makes vanishing gradients visible: a 7-layer sigmoid network has gradient norms falling toward the input', async () => {
    const hidden = Array.from({ length: 7 }, () => [
      { type: 'dense', units: 32, weightInit: { type: 'xavier-normal' } },
      { type: 'activation', activation: 'sigmoid' },
    ]).flat();
    const p = small({
      network: { layers: [...hidden, { type: 'dense', units: 2 }, { type: 'activation', activation: 'softmax' }] },
      optimizer: { type: 'sgd', lr: 0.01 },
      training: { epochs: 1, batchSize: 32, shuffle: true, earlyStopping: null },
    });
    const { events } = await train(setupOf(p), { diagnosticsMs: 0 });
    const diag = ofType(events, 'diagnostics')[0];
    const dense = diag.layers.filter((l) => l.type === 'dense').map((l) => l.gradNorm!);
    // The last dense layer gets over 100 times the gradient of the first.
    expect(dense[dense.length - 1] / dense[0]).toBeGreaterThan(100);
  });

  it('takes diagnostics at the end of every epoch, so a short run still has a curve per layer', async () => {
    const p = small({ training: { epochs: 4, batchSize: 32, shuffle: true, earlyStopping: null } });
    const { events } = await train(setupOf(p), { diagnosticsMs: 1e9, epochDiagnosticsMs: 0, diagnosticsPoints: 0 });
    const started = ofType(events, 'started')[0];
    const diag = ofType(events, 'diagnostics');
    // After the first step (the starting point of the histograms), then with the timed ones held
    // off only the per-epoch ones, after each epoch's last step (steps are counted from 1).
    expect(diag.map((d) => d.epoch)).toEqual([0, 0, 1, 2, 3]);
    expect(diag.map((d) => d.step)).toEqual([1, ...[1, 2, 3, 4].map((e) => e * started.stepsPerEpoch)]);
  });

  it('spreads diagnostics over a run too fast for the timed ones: at least the stated number of points', async () => {
    const p = small({ training: { epochs: 50, batchSize: 32, shuffle: true, earlyStopping: null } });
    const { events } = await train(setupOf(p), { diagnosticsMs: 1e9, epochDiagnosticsMs: 1e9, diagnosticsPoints: 20 });
    const started = ofType(events, 'started')[0];
    const total = 50 * started.stepsPerEpoch;
    const steps = ofType(events, 'diagnostics').map((d) => d.step);
    // The first step (the histograms' starting point), then one at each twentieth of the steps.
    expect(steps).toEqual([1, ...Array.from({ length: 20 }, (_, k) => Math.ceil(((k + 1) * total) / 20))]);
  });

  it('reports the steps since the last batch event before done, so the batch curve reaches the end of the run', async () => {
    const { events } = await train(setupOf(small()), { batchEventMs: 1e9, batchPoints: 0 });
    const batches = ofType(events, 'batch');
    const done = ofType(events, 'done')[0];
    // With no event due in the whole run, one event of every step, just before done.
    expect(batches).toHaveLength(1);
    expect(batches[0].step).toBe(done.steps);
    expect(events.indexOf(batches[0])).toBe(events.indexOf(done) - 1);
  });

  it('spreads batch events over a run too fast for the timed ones, each the mean of its steps', async () => {
    const { events } = await train(setupOf(small()), { batchEventMs: 1e9, batchPoints: 8 });
    const done = ofType(events, 'done')[0];
    const batches = ofType(events, 'batch');
    expect(batches.map((b) => b.step)).toEqual(Array.from({ length: 8 }, (_, k) => Math.ceil(((k + 1) * done.steps) / 8)));
  });

  it('makes dying ReLU visible: biases starting at -10 leave every unit dead, and no gradient flows to them', async () => {
    const p = small({
      network: {
        layers: [
          { type: 'dense', units: 16, biasInit: { type: 'constant', value: -10 } },
          { type: 'activation', activation: 'relu' },
          { type: 'dense', units: 2 },
          { type: 'activation', activation: 'softmax' },
        ],
      },
      training: { epochs: 1, batchSize: 32, shuffle: true, earlyStopping: null },
    });
    const { events } = await train(setupOf(p), { diagnosticsMs: 0 });
    for (const diag of ofType(events, 'diagnostics')) {
      expect(diag.layers[1].deadFraction).toBe(1);
      expect(diag.layers[0].gradNorm).toBe(0);
    }
  });

  it('reports saturated sigmoid units when inputs are huge', async () => {
    const p = small({
      network: {
        layers: [
          { type: 'dense', units: 16, weightInit: { type: 'normal', mean: 0, std: 50 } },
          { type: 'activation', activation: 'sigmoid' },
          { type: 'dense', units: 2 },
          { type: 'activation', activation: 'softmax' },
        ],
      },
      training: { epochs: 1, batchSize: 32, shuffle: true, earlyStopping: null },
    });
    const { events } = await train(setupOf(p), { diagnosticsMs: 0 });
    const diag = ofType(events, 'diagnostics')[0];
    expect(diag.layers[1].saturatedFraction).toBeGreaterThan(0.8);
    expect(diag.layers[1].deadFraction).toBeNull();
  });

  it('warns that layers below a binary step get no gradient', async () => {
    const p = small({
      network: {
        layers: [
          { type: 'dense', units: 8 },
          { type: 'activation', activation: 'step' },
          { type: 'dense', units: 2 },
          { type: 'activation', activation: 'softmax' },
        ],
      },
      training: { epochs: 1, batchSize: 32, shuffle: true, earlyStopping: null },
    });
    const setup = setupOf(p);
    const first = Float32Array.from(setup.model.network.params[0].value);
    const { events } = await train(setup);
    const started = ofType(events, 'started')[0];
    expect(started.warnings.join(' ')).toMatch(/layer 1: Binary step has zero derivative.*layers 0 to 0.*no gradient/);
    expect(Array.from(setup.model.network.params[0].value)).toEqual(Array.from(first));
  });
});
