// What the engine host lets go of: runs the UI does not keep (their networks, optimizer state
// and batches, which live in the kernel's WebAssembly memory) and datasets no open dataset or kept
// run still needs. Measured by the host's own count, the kernel memory's bytes in use, and a
// WeakRef to a dataset, after garbage collection.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadBuiltinDataset } from '../../../shared/engine/datasets/builtin';
import type { TrainingEvent } from '../../../shared/engine/events';
import { getKernel } from '../../../shared/engine/kernel/registry';
import { WasmKernel } from '../../../shared/engine/kernel/wasm-kernel';
import { EngineHost } from '../../../shared/engine-host/host';
import { parseEngineMessage, type EngineMessage, type EngineRequestInput } from '../../../shared/protocol/engine';
import { builtinProject } from '../../helpers/run';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const xor = { n: 200, seed: 2 };
const project = (epochs: number) =>
  builtinProject('xor', xor, { optimizer: { type: 'adam', lr: 0.01 }, training: { epochs, batchSize: 16, shuffle: true, earlyStopping: null }, seed: 7 }).project;

function harness() {
  const messages: EngineMessage[] = [];
  let loaded: WeakRef<object> | null = null;
  const host = new EngineHost({
    post: (m) => messages.push(parseEngineMessage(m)),
    // A dataset "read from a file", so the test can watch whether it is still reachable.
    loadPath: async () => {
      const dataset = loadBuiltinDataset('xor', xor);
      loaded = new WeakRef(dataset);
      return dataset;
    },
  });
  const ask = async (req: EngineRequestInput) => {
    await host.handle(req);
    const reply = [...messages].reverse().find((m) => 'id' in m && m.id === req.id);
    expect(reply?.type, JSON.stringify(reply)).not.toBe('error');
    return reply!;
  };
  const events = (runId: string): TrainingEvent[] => messages.flatMap((m) => (m.type === 'run-event' && m.runId === runId ? [m.event] : []));
  const ended = async (runId: string) => {
    while (!events(runId).some((e) => e.type === 'done' || e.type === 'failed')) await new Promise((r) => setTimeout(r, 2));
  };
  return { host, messages, ask, events, ended, loaded: () => loaded };
}

const nextTask = () => new Promise((r) => setTimeout(r, 5));

/**
 * Collects garbage until `done`. Each collection waits for a new task: a WeakRef read keeps its
 * target alive until the task ends, and finalizers (which free kernel memory) run in later tasks.
 */
async function collect(done: () => boolean, times = 100): Promise<void> {
  for (let i = 0; i < times; i++) {
    await nextTask();
    gc();
    await nextTask();
    if (done()) return;
  }
}

const kernel = getKernel();
const kernelBytes = () => (kernel instanceof WasmKernel ? kernel.arena.bytesInUse : 0);

describe('EngineHost: memory', () => {
  it('drops every run it is not told to keep, and their kernel memory returns', async () => {
    const h = harness();
    const opened = await h.ask({ type: 'open-dataset', id: 1, source: { source: 'builtin', name: 'xor', params: xor } });
    const datasetId = (opened as { datasetId: string }).datasetId;
    // One run first, so one-time allocations (the kernel's staging buffers) are in the baseline.
    await h.ask({ type: 'train', id: 2, runId: 'warm-up', project: project(1), datasetId });
    await h.ended('warm-up');
    await h.ask({ type: 'keep-runs', id: 3, runIds: [] });
    await collect(() => false, 5);
    const baseline = kernelBytes();

    const ids = Array.from({ length: 12 }, (_, i) => `run-${i}`);
    for (const [i, runId] of ids.entries()) {
      await h.ask({ type: 'train', id: 10 + i, runId, project: project(2), datasetId });
      await h.ended(runId);
    }
    expect(h.host.held()).toEqual({ runs: 12, datasets: 1 });
    if (kernel instanceof WasmKernel) expect(kernelBytes()).toBeGreaterThan(baseline);

    expect(await h.ask({ type: 'keep-runs', id: 30, runIds: ['run-11', 'never-started'] })).toEqual({ type: 'ok', id: 30 });
    expect(h.host.held()).toEqual({ runs: 1, datasets: 1 });
    // The kept run is all there: it still predicts and exports.
    expect((await h.ask({ type: 'export-weights', id: 31, runId: 'run-11' })).type).toBe('weights');
    await h.ask({ type: 'keep-runs', id: 32, runIds: [] });
    expect(h.host.held()).toEqual({ runs: 0, datasets: 1 });
    await collect(() => kernelBytes() <= baseline);
    expect(kernelBytes()).toBe(baseline);
  });

  it('stops a run it drops while training, whose last event still reaches the UI', async () => {
    const h = harness();
    const opened = await h.ask({ type: 'open-dataset', id: 1, source: { source: 'builtin', name: 'xor', params: xor } });
    await h.ask({ type: 'train', id: 2, runId: 'long', project: project(100_000), datasetId: (opened as { datasetId: string }).datasetId });
    await h.ask({ type: 'keep-runs', id: 3, runIds: [] });
    expect(h.host.held().runs).toBe(0);
    await h.ended('long');
    expect(h.events('long').at(-1)).toMatchObject({ type: 'done', reason: 'stopped' });
  });

  it('keeps a forgotten dataset while a kept run trains on it, and lets it go with the run', async () => {
    const h = harness();
    const opened = await h.ask({ type: 'open-dataset', id: 1, source: { source: 'file', path: '/data/xor.csv' } });
    const datasetId = (opened as { datasetId: string }).datasetId;
    await h.ask({ type: 'train', id: 2, runId: 'r', project: project(1), datasetId });
    await h.ended('r');
    await h.ask({ type: 'forget', id: 3, datasetId });
    expect(h.host.held()).toEqual({ runs: 1, datasets: 1 });
    await collect(() => false, 5);
    // (A boolean: an assertion holding the dataset itself would keep it reachable.)
    expect(h.loaded()?.deref() !== undefined).toBe(true);

    await h.ask({ type: 'keep-runs', id: 4, runIds: [] });
    expect(h.host.held()).toEqual({ runs: 0, datasets: 0 });
    await collect(() => h.loaded()?.deref() === undefined);
    expect(h.loaded()?.deref() === undefined).toBe(true);
  });
});
