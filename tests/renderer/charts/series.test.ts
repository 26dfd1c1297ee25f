import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../shared/engine/events';
import { runRecordSchema } from '../../../shared/project/container';
import { runStateLabel } from '../../../renderer/src/model/charts/run-state';
import { RunSeries } from '../../../renderer/src/model/charts/series';
import { epoch, layer, started } from './fixtures';
import { seriesFromJSON, seriesJSON } from './series-json';

const batch = (step: number, loss: number, e = Math.floor((step - 1) / 10)): TrainingEvent => ({
  type: 'batch',
  epoch: e,
  step,
  loss,
  samplesPerSecond: 1000,
});

describe('RunSeries: ingestion', () => {
  it('tracks status through a run', () => {
    const s = new RunSeries();
    expect(s.state).toBe('idle');
    s.ingest(started(), 0);
    expect(s.state).toBe('running');
    s.ingest({ type: 'paused', epoch: 0, step: 3 }, 100);
    expect(s.state).toBe('paused');
    s.ingest({ type: 'resumed', epoch: 0, step: 3 }, 200);
    expect(s.state).toBe('running');
    s.ingest({ type: 'failed', message: 'the loss is NaN', epoch: 0, step: 4, layer: 2 }, 300);
    expect(s.state).toBe('failed');
    expect(s.message).toBe('the loss is NaN');
    expect(s.failure?.layer).toBe(2);
    expect(s.recordStatus()).toBe('failed');
  });

  it('bumps the revision on every event', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    s.ingest(batch(1, 1), 1);
    s.ingest(batch(2, 1), 2);
    expect(s.revision).toBe(3);
  });

  it('gives epoch curves with x = epochs completed, for each split and metric', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    s.ingest(epoch(0, 1.5, 1.6, 0.5), 10);
    s.ingest(epoch(1, 1.0, 1.2, 0.7), 20);
    expect(s.epochCurve('loss', 'train')).toEqual([
      [1, 1.5],
      [2, 1.0],
    ]);
    expect(s.epochCurve('loss', 'validation')).toEqual([
      [1, 1.6],
      [2, 1.2],
    ]);
    expect(s.epochCurve('accuracy', 'train')).toEqual([
      [1, 0.5],
      [2, 0.7],
    ]);
    expect(s.epochCurve('accuracy', 'validation').map(([, v]) => v)).toEqual([0.45, 0.65].map((v) => expect.closeTo(v, 12)));
    expect(s.epochCurve('r2', 'train')).toEqual([]);
    expect(s.task).toBe('classification');
    expect(s.hasValidation).toBe(true);
  });

  it('smooths the batch loss with the documented EMA and puts it on an epoch x axis', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    s.ingest(batch(5, 2), 1);
    s.ingest(batch(10, 4), 2);
    s.ingest(batch(15, 1), 3);
    const c = s.batchCurve();
    // 10 steps per epoch.
    expect(c.x).toEqual([0.5, 1, 1.5]);
    expect(c.raw).toEqual([2, 4, 1]);
    // Bias-corrected EMA by steps, 0.98 a step; each event covers 5 steps (k = 0.98^5), by hand:
    // m1 = (1-k)*2, m2 = k*m1 + (1-k)*4, m3 = k*m2 + (1-k)*1, each over 1 - 0.98^(steps so far).
    const k = 0.98 ** 5;
    const m1 = (1 - k) * 2;
    const m2 = k * m1 + (1 - k) * 4;
    const m3 = k * m2 + (1 - k) * 1;
    expect(c.smoothed[0]).toBeCloseTo(2, 12);
    expect(c.smoothed[1]).toBeCloseTo(m2 / (1 - 0.98 ** 10), 12);
    expect(c.smoothed[2]).toBeCloseTo(m3 / (1 - 0.98 ** 15), 12);
    expect(s.smoothedLoss).toBeCloseTo(m3 / (1 - 0.98 ** 15), 12);
  });

  it('smooths a classifier’s batch accuracy the same way, and leaves it empty for a regression', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    s.ingest({ ...batch(5, 2), accuracy: 0.5 } as TrainingEvent, 1);
    s.ingest({ ...batch(10, 4), accuracy: 0.7 } as TrainingEvent, 2);
    const c = s.batchCurve('accuracy');
    expect(c.raw).toEqual([0.5, 0.7]);
    // The same EMA by steps (5 an event, k = 0.98^5): 0.5, then (k(1-k)0.5 + (1-k)0.7)/(1 - 0.98^10).
    const k = 0.98 ** 5;
    expect(c.smoothed[0]).toBeCloseTo(0.5, 12);
    expect(c.smoothed[1]).toBeCloseTo((k * (1 - k) * 0.5 + (1 - k) * 0.7) / (1 - 0.98 ** 10), 12);
    expect(s.batchCurve('loss').raw).toEqual([2, 4]);
    const r = new RunSeries();
    r.ingest(started(), 0);
    r.ingest(batch(5, 2), 1);
    expect(r.batchCurve('accuracy').smoothed).toEqual([null]);
  });

  it('keeps per-batch data bounded, with the first and newest batch', () => {
    const s = new RunSeries({ batchCap: 100 });
    s.ingest(started({ epochs: 100, stepsPerEpoch: 100 }), 0);
    for (let i = 1; i <= 10_000; i++) s.ingest(batch(i, 1 / i, Math.floor((i - 1) / 100)), i);
    const c = s.batchCurve();
    expect(c.x.length).toBeLessThanOrEqual(100);
    expect(c.x.length).toBeGreaterThan(40);
    expect(c.x[0]).toBe(0.01);
    expect(c.raw[0]).toBe(1);
    expect(c.x[c.x.length - 1]).toBe(100);
  });

  it('keeps the latest diagnostics, the first ones and per-layer histories', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    const first = [layer(0, 'Dense 2→4', { gradNorm: 0.5 }), layer(1, 'ReLU', { deadFraction: 0.25 })];
    const second = [layer(0, 'Dense 2→4', { gradNorm: 0.25 }), layer(1, 'ReLU', { deadFraction: 0.5 })];
    s.ingest({ type: 'diagnostics', epoch: 0, step: 5, layers: first }, 1);
    s.ingest({ type: 'diagnostics', epoch: 1, step: 20, layers: second }, 2);
    expect(s.diagnostics).toEqual({ step: 20, layers: second });
    expect(s.initialDiagnostics).toBe(first);
    expect(s.layers).toEqual([
      { index: 0, type: 'dense', label: 'Dense 2→4' },
      { index: 1, type: 'activation', label: 'ReLU' },
    ]);
    expect(s.layerCurve(0, 'gradNorm')).toEqual([
      [0.5, 0.5],
      [2, 0.25],
    ]);
    expect(s.layerCurve(1, 'deadFraction')).toEqual([
      [0.5, 0.25],
      [2, 0.5],
    ]);
    // The ReLU layer has no gradient norm: no points, and it is not offered for that chart.
    expect(s.layerCurve(1, 'gradNorm')).toEqual([]);
    expect(s.layersWith('gradNorm').map((l) => l.index)).toEqual([0]);
    expect(s.layersWith('deadFraction').map((l) => l.index)).toEqual([1]);
  });

  it('a new started event starts over', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    s.ingest(epoch(0, 1), 1);
    s.ingest(batch(3, 1), 2);
    s.ingest(started(), 3);
    expect(s.epochs).toEqual([]);
    expect(s.batchCurve().x).toEqual([]);
  });
});

describe('RunSeries: progress and ETA', () => {
  it('estimates time left from the wall-clock pace, pauses excluded', () => {
    const s = new RunSeries();
    // 4 epochs x 10 steps = 40 steps.
    s.ingest(started(), 1_000);
    s.ingest(batch(10, 1, 0), 3_000); // 10 steps in 2 s -> 0.2 s/step
    let p = s.progress(3_000);
    expect(p.step).toBe(10);
    expect(p.totalSteps).toBe(40);
    expect(p.fraction).toBeCloseTo(0.25, 12);
    expect(p.etaSeconds).toBeCloseTo(30 * 0.2, 9);
    expect(p.elapsedSeconds).toBeCloseTo(2, 9);
    expect(p.samplesPerSecond).toBe(1000);

    // A 10 s pause does not slow the estimate down.
    s.ingest({ type: 'paused', epoch: 1, step: 10 }, 3_000);
    expect(s.progress(8_000).etaSeconds).toBeCloseTo(6, 9);
    expect(s.progress(8_000).elapsedSeconds).toBeCloseTo(2, 9);
    s.ingest({ type: 'resumed', epoch: 1, step: 10 }, 13_000);
    s.ingest(batch(20, 1, 1), 15_000); // 20 steps in 4 s of running -> 0.2 s/step
    p = s.progress(15_000);
    expect(p.elapsedSeconds).toBeCloseTo(4, 9);
    expect(p.etaSeconds).toBeCloseTo(20 * 0.2, 9);
    expect(p.epoch).toBe(1);
  });

  it('moves to the next epoch when one finishes and reports none left when done', () => {
    const s = new RunSeries();
    s.ingest(started({ epochs: 2 }), 0);
    s.ingest(epoch(0, 1), 1_000);
    let p = s.progress(1_000);
    expect(p.epoch).toBe(1);
    expect(p.step).toBe(10);
    expect(p.etaSeconds).toBeCloseTo(1, 9);
    s.ingest(epoch(1, 0.5), 2_000);
    s.ingest(doneEvent(2, 20), 2_100);
    p = s.progress(5_000);
    expect(p.fraction).toBe(1);
    expect(p.etaSeconds).toBeNull();
    expect(p.epoch).toBe(1);
    expect(s.state).toBe('done');
  });

  it('a run stopped part way says Stopped and shows how far it got, live and reopened from its record', () => {
    const s = new RunSeries();
    // 4 epochs x 10 steps; stopped after epoch 1 (step 10 of 40).
    s.ingest(started({ epochs: 4 }), 0);
    s.ingest(epoch(0, 1), 1_000);
    s.ingest({ ...doneEvent(1, 10), reason: 'stopped' }, 1_100);
    expect(runStateLabel(s)).toBe('Stopped');
    expect(s.progress(2_000).fraction).toBeCloseTo(0.25, 12);
    expect(s.plannedEpochs).toBe(4);

    const reopened = RunSeries.fromRecord({ status: 'stopped', events: s.recordEvents(), plannedEpochs: s.plannedEpochs! });
    expect(runStateLabel(reopened)).toBe('Stopped');
    expect(reopened.progress(0).fraction).toBeCloseTo(0.25, 12);
    expect(reopened.progress(0).epochs).toBe(4);
    // A completed run is all done, reopened or not; early stopping is the run's own end.
    const completed = RunSeries.fromRecord({ status: 'completed', events: [epoch(0, 1), doneEvent(1, 10)] });
    expect(completed.progress(0).fraction).toBe(1);
    expect(runStateLabel(completed)).toBe('Finished');
    expect(runStateLabel(RunSeries.fromRecord({ status: 'early-stopped', events: [epoch(0, 1), { ...doneEvent(1, 10), reason: 'early-stopped' }] }))).toBe('Stopped early');
  });

  it('has no ETA before the first step', () => {
    const s = new RunSeries();
    s.ingest(started(), 0);
    expect(s.progress(500).etaSeconds).toBeNull();
  });
});

function doneEvent(epochs: number, steps: number): Extract<TrainingEvent, { type: 'done' }> {
  return {
    type: 'done',
    reason: 'completed',
    epochs,
    steps,
    train: { loss: 0.5, accuracy: 0.9, confusion: [9, 1, 1, 9], macro: { precision: 0.9, recall: 0.9, f1: 0.9 } },
    validation: { loss: 0.6, accuracy: 0.85 },
    seconds: 2,
    samplesPerSecond: 320,
  };
}

describe('RunSeries: records and JSON', () => {
  it('writes what a project file keeps, which the file schema accepts', () => {
    const s = new RunSeries();
    s.ingest(started({ epochs: 2 }), 0);
    s.ingest(batch(5, 1), 1);
    s.ingest(epoch(0, 1, 1.1, 0.6), 2);
    s.ingest({ type: 'diagnostics', epoch: 1, step: 12, layers: [layer(0, 'Dense 2→2')] }, 3);
    s.ingest(epoch(1, 0.5, 0.6, 0.9), 4);
    s.ingest(doneEvent(2, 20), 5);
    const events = s.recordEvents();
    expect(events.map((e) => e.type)).toEqual(['epoch', 'epoch', 'done']);
    const record = { id: 'r1', name: 'Run 1', startedAt: '2025-01-01T00:00:00.000Z', status: s.recordStatus(), events };
    expect(runRecordSchema.safeParse(record).success).toBe(true);
    expect(record.status).toBe('completed');
  });

  it('fromRecord rebuilds the epoch charts and the final results', () => {
    const events = [epoch(0, 1.2, 1.3, 0.5), epoch(1, 0.8, 0.9, 0.7), doneEvent(2, 20)];
    const s = RunSeries.fromRecord({ status: 'completed', events });
    expect(s.state).toBe('done');
    expect(s.epochCurve('loss', 'train')).toEqual([
      [1, 1.2],
      [2, 0.8],
    ]);
    expect(s.epochCurve('loss', 'validation')).toEqual([
      [1, 1.3],
      [2, 0.9],
    ]);
    expect(s.done?.train.confusion).toEqual([9, 1, 1, 9]);
    expect(s.batchCurve().x).toEqual([]);
    expect(s.progress().elapsedSeconds).toBe(2);
    expect(s.recordEvents()).toEqual(events);
  });

  it('fromRecord keeps interrupted and failed runs as such', () => {
    const interrupted = RunSeries.fromRecord({ status: 'interrupted', message: 'closed during training', events: [epoch(0, 1)] });
    expect(interrupted.state).toBe('interrupted');
    expect(interrupted.message).toBe('closed during training');
    expect(interrupted.recordStatus()).toBe('interrupted');
    expect(interrupted.progress().etaSeconds).toBeNull();
    const failed = RunSeries.fromRecord({
      status: 'failed',
      events: [epoch(0, 1), { type: 'failed', message: 'boom', epoch: 1, step: 12, layer: null }],
    });
    expect(failed.state).toBe('failed');
    expect(failed.message).toBe('boom');
  });

  it('round-trips through plain JSON, batches and diagnostics included', () => {
    const s = new RunSeries({ batchCap: 8 });
    s.ingest(started(), 0);
    for (let i = 1; i <= 30; i++) s.ingest(batch(i, 2 / i), i * 10);
    s.ingest({ type: 'diagnostics', epoch: 2, step: 30, layers: [layer(0, 'Dense 2→2'), layer(1, 'ReLU')] }, 400);
    s.ingest(epoch(0, 1, 1.1), 500);
    const copy = seriesFromJSON(JSON.parse(JSON.stringify(seriesJSON(s))));
    expect(seriesJSON(copy)).toEqual(seriesJSON(s));
    expect(copy.batchCurve()).toEqual(s.batchCurve());
    expect(copy.progress(600)).toEqual(s.progress(600));
    // And both continue the same way.
    s.ingest(batch(31, 0.01), 700);
    copy.ingest(batch(31, 0.01), 700);
    expect(copy.batchCurve()).toEqual(s.batchCurve());
  });
});
