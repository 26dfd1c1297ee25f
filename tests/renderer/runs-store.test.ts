// The runs store with the real engine host in-process: runs the window lets go of (deleted, or
// gone with the project when another opens) are let go of by the engine too; a run's results
// (weights and their normalizer) are not an undo step; and the weights a run starts from travel
// as typed arrays moved to the engine while the document keeps its own.

import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useDocumentStore } from '../../renderer/src/stores/document';
import { useEngineStore } from '../../renderer/src/stores/engine';
import { useRunsStore } from '../../renderer/src/stores/runs';
import { useSessionStore } from '../../renderer/src/stores/session';
import { scriptedPlatform, until } from './helpers/platform';

beforeEach(() => setActivePinia(createPinia()));

async function started() {
  const scripted = scriptedPlatform();
  const session = useSessionStore();
  const doc = useDocumentStore();
  const runs = useRunsStore();
  await session.init(scripted.platform);
  doc.editProject('Set epochs', (p) => ({ ...p, training: { ...p.training, epochs: 1 } }));
  /** Trains one run to its end, kept in the document. */
  async function trainOne(): Promise<string> {
    const kept = doc.runs.length;
    await runs.start(doc.state!.project);
    await until('the run to be kept', () => doc.runs.length === kept + 1);
    return doc.runs.at(-1)!.id;
  }
  const keepRequests = () => scripted.engine.sent.filter((m) => m.type === 'keep-runs').map((m) => m.runIds);
  return { ...scripted, session, doc, runs, trainOne, keepRequests };
}

describe('runs store and the engine', () => {
  it('lets the engine drop the runs it deletes, and every run when a new project or another file opens', async () => {
    const s = await started();
    const [a, b, c] = [await s.trainOne(), await s.trainOne(), await s.trainOne()];
    expect(s.engine.host.held()).toEqual({ runs: 3, datasets: 1 });

    s.runs.remove(b);
    expect(s.runs.entries.map((e) => e.id)).toEqual([a, c]);
    expect(s.doc.runs.map((r) => r.id)).toEqual([a, c]);
    await until('the engine to drop the run', () => s.engine.host.held().runs === 2);
    expect(s.keepRequests().at(-1)).toEqual([a, c]);

    await s.session.newProject({ ask: false });
    await until('the engine to drop every run', () => s.engine.host.held().runs === 0);
    expect(s.keepRequests().at(-1)).toEqual([]);
    // The new project's dataset, opened again; the old one is forgotten.
    expect(s.engine.host.held()).toEqual({ runs: 0, datasets: 1 });

    await s.trainOne();
    s.toOpen.push({ name: 'other', path: null, file: await s.doc.toFile() });
    const opening = s.session.open();
    await until('the unsaved-changes question', () => s.session.question !== null);
    s.session.question!.answer('discard');
    await opening;
    expect(s.runs.entries.every((e) => !e.live)).toBe(true);
    await until('the engine to drop the run of the project replaced', () => s.engine.host.held().runs === 0);
  });

  it('keeps a run\'s results out of undo: undo reverts the edit before the run, the normalizer stays the weights\'', async () => {
    const s = await started();
    const epochs = s.doc.state!.project.training.epochs;
    s.doc.editProject('Set learning rate', (p) => ({ ...p, optimizer: { ...p.optimizer, lr: 0.05 } }));
    const runId = await s.trainOne();
    const normalizer = s.doc.state!.project.preprocessing.normalizer;
    const weights = s.doc.weights;
    expect(normalizer).toBeDefined();
    expect(s.doc.undoLabel).toBe('Set learning rate');

    s.doc.undo();
    expect(s.doc.state!.project.optimizer.lr).toBe(0.01);
    expect(s.doc.state!.project.training.epochs).toBe(epochs);
    expect(s.doc.state!.project.preprocessing.normalizer).toBe(normalizer);
    expect(s.doc.weights).toBe(weights);
    // Weights and normalizer still the ones the engine trained together.
    const trained = await useEngineStore().client.request({ type: 'export-weights', runId });
    expect(s.doc.state!.project.preprocessing.normalizer).toEqual(trained.normalizer);
    for (const t of trained.tensors) expect(s.doc.weights!.get(t.name)!.data).toEqual(t.data);

    s.doc.undo();
    expect(s.doc.state!.project.training.epochs).not.toBe(1);
    expect(s.doc.canUndo).toBe(false);
    expect(s.doc.state!.project.preprocessing.normalizer).toBe(normalizer);
    s.doc.redo();
    s.doc.redo();
    expect(s.doc.state!.project.optimizer.lr).toBe(0.05);
    expect(s.doc.state!.project.preprocessing.normalizer).toBe(normalizer);
  });

  it('starts a run from the document\'s weights as Float32Arrays moved to the engine, the document keeping its own', async () => {
    const s = await started();
    await s.trainOne();
    const before = new Map([...s.doc.weights!].map(([name, t]) => [name, Float32Array.from(t.data)]));
    s.runs.startFrom = 'weights';
    await s.trainOne();
    const train = s.engine.sent.filter((m) => m.type === 'train').at(-1)!;
    expect((train.project as { weights?: unknown }).weights).toBeUndefined();
    const sent = train.weights as { name: string; data: Float32Array }[];
    expect(sent.map((t) => t.name)).toEqual([...before.keys()]);
    for (const t of sent) {
      expect(t.data).toBeInstanceOf(Float32Array);
      expect(t.data).toEqual(before.get(t.name));
    }
    // The run started from them: its first epoch's loss is the trained network's, not a fresh one's.
    const [first, second] = s.runs.entries.map((e) => e.series.epochs[0].train.loss);
    expect(second).toBeLessThan(first);
  });

  it('overlays only runs trained on the same data, records what each trained on, and clears the overlay when the dataset changes', async () => {
    const s = await started();
    const [a, b] = [await s.trainOne(), await s.trainOne()];
    const entry = (id: string) => s.runs.entries.find((e) => e.id === id)!;
    expect(entry(a).data).toBe(entry(b).data);
    expect(s.doc.runs.find((r) => r.id === a)!.data).toBe(entry(a).data);
    s.runs.select(b);
    s.runs.toggleOverlay(a);
    expect(s.runs.chartRuns.map((r) => r.id)).toEqual([a, b]);

    await s.session.useDataset({ source: 'builtin', name: 'xor', params: {} });
    await until('the other dataset', () => s.doc.state!.project.dataset.source === 'builtin' && (s.doc.state!.project.dataset as { name: string }).name === 'xor');
    expect(s.runs.overlay).toEqual([]);
    const c = await s.trainOne();
    expect(entry(c).data).not.toBe(entry(a).data);
    expect(entry(c).data).toMatch(/^xor/);
    s.runs.select(c);
    expect(s.runs.canOverlay(entry(a))).toBe(false);
    s.runs.toggleOverlay(a);
    expect(s.runs.chartRuns.map((r) => r.id)).toEqual([c]);
    // Runs saved before runs said what they trained on go with any.
    s.runs.loadRecords(s.doc.runs.map(({ data: _data, ...r }) => r));
    s.runs.select(s.runs.entries[2].id);
    expect(s.runs.canOverlay(s.runs.entries[0])).toBe(true);
  });

  it('fits a fresh run\'s normalizer on the data at hand, with the normalization chosen now; the saved one goes with the saved weights', async () => {
    const s = await started();
    const normalizerOf = async (runId: string) => (await useEngineStore().client.request({ type: 'export-weights', runId })).normalizer;
    const first = await s.trainOne();
    expect((await normalizerOf(first))?.kind).toBe('minus-one-one');
    s.doc.editProject('Set normalization', (p) => ({ ...p, preprocessing: { ...p.preprocessing, normalization: 'zscore' } }));
    const fresh = await s.trainOne();
    expect((await normalizerOf(fresh))?.kind).toBe('zscore');
    // From the project's weights, the normalizer they were trained with comes along.
    const saved = s.doc.state!.project.preprocessing.normalizer;
    s.doc.editProject('Set normalization', (p) => ({ ...p, preprocessing: { ...p.preprocessing, normalization: 'zero-one' } }));
    s.runs.startFrom = 'weights';
    const resumed = await s.trainOne();
    expect(await normalizerOf(resumed)).toEqual(saved);
  });

  it('opens a dataset of another feature count after a run, whose normalizer no longer applies', async () => {
    const s = await started();
    await s.trainOne();
    expect(s.doc.state!.project.preprocessing.normalizer?.scale).toHaveLength(2);
    await s.session.useDataset({ source: 'builtin', name: 'iris', params: {} });
    expect(useEngineStore().datasetError).toBeNull();
    expect(useEngineStore().dataset?.summary.features).toBe(4);
    expect(s.doc.state!.project.preprocessing.normalizer).toBeUndefined();
    await s.trainOne();
    expect(s.runs.entries.at(-1)!.series.state).toBe('done');
  });
});
