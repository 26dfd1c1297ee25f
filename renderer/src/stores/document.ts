// The open project as one document: its settings and canvas (undoable, as snapshots), its runs
// and their results (trained weights and the normalizer they need, which undo leaves alone), the
// file it came from and whether it has unsaved changes. Every edit goes through edit() so that
// undo, redo and the unsaved mark always agree.

import { defineStore } from 'pinia';
import { computed, markRaw, shallowRef } from 'vue';
import { encodeProjectFile, prepareRunsForSave, type ProjectDocument, type RunRecord, type WeightTensor } from '../../../shared/project/container';
import type { Normalizer } from '../../../shared/engine/data/normalize';
import { canvasSchema, type Project } from '../../../shared/project/schema';
import { History } from '../model/history';
import { graphFromLayers, layersOf } from '../model/network/chain';
import type { NetworkContext, NetworkGraph } from '../model/network/graph';
import { projectContext } from '../model/project-context';

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The undoable part: settings and canvas together, so one undo restores both. */
export interface DocState {
  /** Without `weights` and `canvas` (they live in `weights` and `graph`). */
  readonly project: Project;
  readonly graph: NetworkGraph;
}

export interface FileRef {
  name: string;
  path: string | null;
}

/** The state with this normalizer; the same object when it has it already, so undo can reach the saved state. */
function withNormalizer(s: DocState, normalizer: Normalizer | undefined): DocState {
  if (s.project.preprocessing.normalizer === normalizer) return s;
  return Object.freeze({ ...s, project: { ...s.project, preprocessing: { ...s.project.preprocessing, normalizer } } });
}

/** The canvas saved in the file, if it is one this version can show; else a layout of the layers. */
function graphOf(project: Project): NetworkGraph {
  const saved = project.canvas ? canvasSchema.safeParse(project.canvas) : null;
  if (saved?.success) {
    const graph = saved.data as unknown as NetworkGraph;
    // A canvas whose chain no longer gives the project's network (edited by hand, say) is redrawn.
    const chain = layersOf(graph, projectContext(project, null));
    if (chain.layers && JSON.stringify(chain.layers) === JSON.stringify(project.network.layers)) return graph;
  }
  return graphFromLayers(project.network.layers);
}

export const useDocumentStore = defineStore('document', () => {
  const state = shallowRef<DocState | null>(null);
  const saved = shallowRef<DocState | null>(null);
  const runs = shallowRef<RunRecord[]>([]);
  const weights = shallowRef<Map<string, WeightTensor> | null>(null);
  /** Runs or weights changed since the last save (they are not undoable). */
  const runsChanged = shallowRef(false);
  const file = shallowRef<FileRef | null>(null);
  const history = markRaw(new History<DocState>());
  /** Bumped by every change, so watchers (autosave) see undo and redo too. */
  const revision = shallowRef(0);

  const dirty = computed(() => state.value !== null && (state.value !== saved.value || runsChanged.value));
  const title = computed(() => state.value?.project.name ?? '');
  const canUndo = computed(() => (revision.value, history.undoLabel !== null));
  const canRedo = computed(() => (revision.value, history.redoLabel !== null));
  const undoLabel = computed(() => (revision.value, history.undoLabel));
  const redoLabel = computed(() => (revision.value, history.redoLabel));

  function load(doc: ProjectDocument, ref: FileRef | null, options: { dirty?: boolean } = {}): void {
    const { weights: _inline, canvas: _canvas, ...project } = doc.project;
    const next: DocState = Object.freeze({ project: project as Project, graph: graphOf(doc.project) });
    state.value = next;
    saved.value = options.dirty ? null : next;
    runs.value = doc.runs;
    weights.value = doc.weights ? markRaw(doc.weights) : null;
    runsChanged.value = false;
    file.value = ref;
    history.clear();
    revision.value++;
  }

  /** One undoable change; `change` returns the new state (never mutates the old one). */
  function edit(label: string, change: (current: DocState) => DocState): void {
    const current = state.value;
    if (!current) return;
    const next = Object.freeze(change(current));
    if (next === current) return;
    history.record(label, current);
    state.value = next;
    revision.value++;
  }

  function editProject(label: string, change: (project: Project) => Project): void {
    edit(label, (s) => ({ ...s, project: change(s.project) }));
  }

  /** A canvas change; the project's network follows whenever the chain is whole. */
  function editGraph(label: string, graph: NetworkGraph, context: NetworkContext | null): void {
    edit(label, (s) => {
      const chain = layersOf(graph, context ?? projectContext(s.project, null));
      const project = chain.layers ? { ...s.project, network: { layers: chain.layers } } : s.project;
      return { project, graph };
    });
  }

  function undo(): void {
    const current = state.value;
    const entry = current && history.undo(current);
    if (!entry) return;
    // Undo restores settings, not a run's results: the normalizer stays the weights' (see addRun).
    state.value = withNormalizer(entry.state, current.project.preprocessing.normalizer);
    revision.value++;
  }

  function redo(): void {
    const current = state.value;
    const entry = current && history.redo(current);
    if (!entry) return;
    state.value = withNormalizer(entry.state, current.project.preprocessing.normalizer);
    revision.value++;
  }

  /**
   * A run's results: its record, and the weights it trained with the normalizer they were trained
   * with (absent: weights that need none of their own, the project's stays). Results are not
   * edits: the weights are outside undo, and so is their normalizer, so that undo never pairs
   * the weights with a normalizer they were not trained with.
   */
  function addRun(record: RunRecord, trained: Map<string, WeightTensor> | null, normalizer?: Normalizer): void {
    runs.value = [...runs.value.filter((r) => r.id !== record.id), record];
    if (trained) weights.value = markRaw(trained);
    if (trained && normalizer && state.value) state.value = withNormalizer(state.value, normalizer);
    runsChanged.value = true;
    revision.value++;
  }

  function removeRun(id: string): void {
    runs.value = runs.value.filter((r) => r.id !== id);
    runsChanged.value = true;
    revision.value++;
  }

  /**
   * The whole document as a project file. Runs not saved before are checked and written a slice
   * at a time first, between other tasks: a long run's history would otherwise be one long task.
   */
  async function toFile(): Promise<Uint8Array> {
    await prepareRunsForSave(runs.value, nextTask);
    const s = state.value;
    if (!s) throw new Error('There is no project to save');
    const project: Project = { ...s.project, canvas: s.graph as Project['canvas'] };
    return encodeProjectFile({ project, weights: weights.value, runs: runs.value });
  }

  function markSaved(ref: FileRef): void {
    saved.value = state.value;
    runsChanged.value = false;
    file.value = ref;
    revision.value++;
  }

  return {
    state,
    runs,
    weights,
    file,
    revision,
    dirty,
    title,
    canUndo,
    canRedo,
    undoLabel,
    redoLabel,
    load,
    edit,
    editProject,
    editGraph,
    undo,
    redo,
    addRun,
    removeRun,
    toFile,
    markSaved,
  };
});
