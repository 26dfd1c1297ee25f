// The document store: loading a project file, undoable edits and the unsaved mark (undoing back
// to the saved state is clean again), the canvas driving the network only while its chain is
// whole, runs, and the saved file reading back the same, canvas included.

import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeProjectFile, encodeProjectFile, type RunRecord } from '../../shared/project/container';
import { parseProject } from '../../shared/project/parse';
import sample from '../../shared/project/samples/example-1-forward-pass.json';
import { useDocumentStore } from '../../renderer/src/stores/document';
import { loadFile } from './helpers/document';

function sampleFile(): Uint8Array {
  const project = parseProject(sample, 'example 1');
  const { weights: _w, ...rest } = project;
  return encodeProjectFile({ project: rest, weights: null, runs: [] });
}

beforeEach(() => setActivePinia(createPinia()));

describe('document store', () => {
  it('loads a project, lays its network out on the canvas, and starts clean', () => {
    const doc = useDocumentStore();
    loadFile(doc, sampleFile(), { name: 'ex1', path: null });
    expect(doc.dirty).toBe(false);
    const kinds = doc.state!.graph.blocks.map((b) => b.config.kind);
    expect(kinds[0]).toBe('input');
    expect(kinds.at(-1)).toBe('output');
    expect(doc.canUndo).toBe(false);
  });

  it('marks edits unsaved, and undoing back to the saved state clean again', () => {
    const doc = useDocumentStore();
    loadFile(doc, sampleFile(), { name: 'ex1', path: null });
    const lr = doc.state!.project.optimizer.lr;
    doc.editProject('Set learning rate', (p) => ({ ...p, optimizer: { ...p.optimizer, lr: 0.5 } }));
    expect(doc.dirty).toBe(true);
    expect(doc.undoLabel).toBe('Set learning rate');
    doc.undo();
    expect(doc.state!.project.optimizer.lr).toBe(lr);
    expect(doc.dirty).toBe(false);
    doc.redo();
    expect(doc.state!.project.optimizer.lr).toBe(0.5);
    expect(doc.dirty).toBe(true);
    doc.markSaved({ name: 'ex1', path: '/p/ex1.mlpstudio' });
    expect(doc.dirty).toBe(false);
    doc.undo();
    expect(doc.dirty).toBe(true);
  });

  it('lets the canvas drive the network while its chain is whole, and keeps the last network when broken', () => {
    const doc = useDocumentStore();
    loadFile(doc, sampleFile(), { name: 'ex1', path: null });
    const before = doc.state!.project.network.layers;
    const graph = doc.state!.graph;
    // Drop the link into the output: the chain is broken, the network stays as it was.
    const broken = { ...graph, links: graph.links.slice(0, -1) };
    doc.editGraph('Disconnect', broken, null);
    expect(doc.state!.graph).toBe(broken);
    expect(doc.state!.project.network.layers).toBe(before);
    // A dense block's units changed in a whole chain: the network follows.
    const dense = graph.blocks.find((b) => b.config.kind === 'dense')!;
    const wider = {
      ...graph,
      blocks: graph.blocks.map((b) => (b.id === dense.id ? { ...b, config: { ...b.config, units: 7 } as typeof b.config } : b)),
    };
    doc.editGraph('Set units', wider, null);
    expect(doc.state!.project.network.layers.find((l) => l.type === 'dense')).toMatchObject({ units: 7 });
  });

  it('saves the canvas, runs and weights, and reads them back the same', async () => {
    const doc = useDocumentStore();
    loadFile(doc, sampleFile(), { name: 'ex1', path: null });
    const graph = doc.state!.graph;
    const moved = { ...graph, blocks: graph.blocks.map((b, i) => (i === 1 ? { ...b, position: { x: 321, y: 45 } } : b)) };
    doc.editGraph('Move block', moved, null);
    const run: RunRecord = {
      id: 'run-1',
      name: 'Run 1',
      startedAt: '2026-11-29T10:00:00.000Z',
      status: 'stopped',
      events: [
        { type: 'epoch', epoch: 0, lr: 0.1, train: { loss: 1.2, accuracy: 0.5 }, seconds: 0.1, samplesPerSecond: 100 },
        { type: 'done', reason: 'stopped', epochs: 1, steps: 3, train: { loss: 1.1, accuracy: 0.5 }, seconds: 0.2, samplesPerSecond: 90 },
      ],
    };
    doc.addRun(run, new Map([['layers.0.weight', { name: 'layers.0.weight', shape: [1, 1], data: Float32Array.of(0.25) }]]));
    const bytes = await doc.toFile();
    const back = decodeProjectFile(bytes, 'saved');
    expect(back.runs).toEqual([run]);
    expect([...back.weights!.get('layers.0.weight')!.data]).toEqual([0.25]);

    setActivePinia(createPinia());
    const again = useDocumentStore();
    loadFile(again, bytes, { name: 'ex1', path: null });
    expect(again.state!.graph.blocks[1].position).toEqual({ x: 321, y: 45 });
    expect(again.runs).toEqual([run]);
  });

  it('refuses a damaged file with its problem and keeps the open project', () => {
    const doc = useDocumentStore();
    loadFile(doc, sampleFile(), { name: 'ex1', path: null });
    const open = doc.state;
    expect(() => loadFile(doc, sampleFile().subarray(0, 20), { name: 'broken', path: null })).toThrow(/broken is truncated or damaged/);
    expect(doc.state).toBe(open);
    expect(doc.file?.name).toBe('ex1');
  });
});
