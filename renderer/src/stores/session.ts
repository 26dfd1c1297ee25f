// What the window does with whole projects, in both editions: new, open, save, restore after a
// crash, the unsaved-changes question, autosave, and which dataset the project trains on. The
// platform (desktop or browser) supplies the files and the engine; the stores hold the state.

import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef, watch } from 'vue';
import { isCommandId, type CommandId } from '../../../shared/commands';
import { decodeProjectFile } from '../../../shared/project/container';
import { defaultProject, STUDIO_START } from '../../../shared/project/defaults';
import type { DatasetRef, Project } from '../../../shared/project/schema';
import type { DatasetSource } from '../../../shared/protocol/engine';
import type { LectureExample } from '../model/lecture-examples';
import { graphFromLayers, layersOf } from '../model/network/chain';
import type { NetworkGraph } from '../model/network/graph';
import { projectContext } from '../model/project-context';
import type { OpenedFile, Platform, RecoveryEntry } from '../platform/platform';
import { useDocumentStore } from './document';
import { withoutNormalizer } from '../../../shared/project/prepare';
import { useEngineStore, type DatasetSummary } from './engine';
import { useRunsStore } from './runs';
import { useStepStore } from './step';

export type UnsavedAnswer = 'save' | 'discard' | 'cancel';

/** Seconds of quiet after a change before it is autosaved. */
const AUTOSAVE_DELAY_MS = 2000;

const DEFAULT_DATASET: DatasetRef = { source: 'builtin', name: 'spirals', params: {} };

/** The dataset as the project file records it; picked browser files by their name only. */
function refOf(source: DatasetSource): DatasetRef {
  if (source.source !== 'files') return source;
  return { source: 'file', path: source.name ?? source.files.map((f) => f.name).join(', ') };
}

export const useSessionStore = defineStore('session', () => {
  const doc = useDocumentStore();
  const engine = useEngineStore();
  const runs = useRunsStore();
  const step = useStepStore();
  const platform = shallowRef<Platform | null>(null);
  /** One-line problems for the banner (a file that would not open, a failed save). */
  const notice = ref<{ kind: 'error' | 'info'; text: string } | null>(null);
  /** Autosaves of earlier sessions, offered at start. */
  const recovery = ref<RecoveryEntry[]>([]);
  /** The unsaved-changes question being asked; answered by the dialog. */
  const question = shallowRef<{ name: string; answer: (a: UnsavedAnswer) => void } | null>(null);
  /** Set when a project's dataset must be opened again by hand (browser files are not kept). */
  const missingDataset = ref<string | null>(null);
  /** The view shown (the tabs; View menu commands switch it). */
  const view = ref<View>('workbench');
  /** The Keyboard Shortcuts dialog (Help menu, Ctrl+/, the toolbar). */
  const shortcutsOpen = ref(false);

  function report(e: unknown): void {
    notice.value = { kind: 'error', text: e instanceof Error ? e.message : String(e) };
  }

  async function init(p: Platform): Promise<void> {
    platform.value = markRaw(p);
    engine.start(p);
    p.onCommand((id) => void runCommand(id));
    p.onOpenRequest((path) => void openPath(path));
    watchDocument(p);
    await newProject({ ask: false });
    recovery.value = await p.listRecovery().catch(() => []);
  }

  /** Autosave while there are unsaved changes, and keep the title and unsaved mark current. */
  function watchDocument(p: Platform): void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    watch(
      () => [doc.revision, doc.dirty, doc.title] as const,
      ([, dirty, title]) => {
        void p.setDirty(title, dirty).catch(() => undefined);
        clearTimeout(timer);
        if (!dirty) return;
        timer = setTimeout(() => {
          if (!doc.dirty) return;
          // An autosave failure (a full disk) must not interrupt work; it says so once.
          doc
            .toFile()
            .then((file) => p.autosave(file, doc.title))
            .catch((e: unknown) => report(new Error(`Autosave failed: ${(e as Error).message}`)));
        }, AUTOSAVE_DELAY_MS);
      },
    );
  }

  /** Save / Don't Save / Cancel before the open project is replaced; true to go ahead. */
  async function confirmDiscard(): Promise<boolean> {
    if (!doc.dirty) return true;
    const answer = await new Promise<UnsavedAnswer>((resolve) => {
      question.value = { name: doc.title || 'Untitled', answer: resolve };
    });
    question.value = null;
    if (answer === 'cancel') return false;
    if (answer === 'discard') return true;
    return save(false);
  }

  function blankProject(summary: DatasetSummary, ref: DatasetRef, graph: NetworkGraph | null): { project: Project; graph: NetworkGraph } {
    // The one new project (shared/project/defaults.ts), with a bare chain for the canvas to build on.
    const facts = { task: summary.task, targetSize: summary.outputs, test: summary.sizes.test > 0 };
    const base = defaultProject(ref, facts, STUDIO_START);
    const ctx = projectContext(base, summary);
    const canvas = graph ?? graphFromLayers(base.network.layers);
    const chain = layersOf(canvas, ctx);
    return { project: chain.layers ? { ...base, network: { layers: chain.layers } } : base, graph: canvas };
  }

  async function newProject(options: { ask?: boolean } = {}): Promise<void> {
    if (options.ask !== false && !(await confirmDiscard())) return;
    const opened = await engine.openDataset(DEFAULT_DATASET);
    if (!opened) {
      report(new Error(`Could not open the default dataset: ${engine.datasetError}`));
      return;
    }
    const { project, graph } = blankProject(opened.summary, DEFAULT_DATASET, null);
    doc.load({ project: { ...project, canvas: graph as Project['canvas'] }, weights: null, runs: [] }, null);
    runs.loadRecords([]);
    startOver(false);
    missingDataset.value = null;
    await platform.value?.newProject().catch(() => undefined);
  }

  /**
   * What belongs to the previous project goes: its inspected step, and the start of the next run,
   * which is the new project's own weights when it comes with some (a lecture example's, a
   * trained one's), else fresh ones.
   */
  function startOver(hasWeights: boolean): void {
    runs.startFrom = hasWeights ? 'weights' : 'initializers';
    step.clear();
  }

  /** A project read from a file: shown, then its dataset opened (it may be elsewhere now). */
  async function show(opened: OpenedFile, options: { dirty?: boolean; asNew?: boolean } = {}): Promise<void> {
    const decoded = decodeProjectFile(opened.file, opened.path ?? opened.fileName ?? opened.name);
    // A project opened as new (a lecture example) has no file of its own until it is saved.
    doc.load(decoded, options.asNew ? null : { name: opened.name, path: opened.path }, options);
    runs.loadRecords(decoded.runs);
    startOver(decoded.weights !== null);
    notice.value = null;
    await reopenDataset(decoded.project);
  }

  async function reopenDataset(project: Project): Promise<void> {
    missingDataset.value = null;
    const ref = project.dataset;
    let source: DatasetSource = ref;
    if (ref.source === 'file') {
      // The desktop's main checks the path again and lets the engine read it; a browser cannot.
      try {
        const checked = await platform.value!.datasetFromPath(ref.path);
        source = { ...checked, ...(ref.csv ? { csv: ref.csv } : {}) } as DatasetSource;
      } catch {
        missingDataset.value = ref.path;
        return;
      }
    }
    const opened = await engine.openDataset(source, project);
    if (!opened) missingDataset.value = ref.source === 'file' ? ref.path : ref.source === 'builtin' ? ref.name : 'inline data';
  }

  async function open(): Promise<void> {
    const p = platform.value;
    if (!p || !(await confirmDiscard())) return;
    try {
      const opened = await p.openProject();
      if (opened) await show(opened);
    } catch (e) {
      report(e);
    }
  }

  /** One of the lecture's worked examples, as a new project (its data, weights and settings). */
  async function openExample(example: LectureExample): Promise<void> {
    if (!(await confirmDiscard())) return;
    try {
      await show({ name: example.name, path: null, file: example.file() }, { asNew: true });
      // A new project to the platform too: the previous file and its autosave are not this one's.
      await platform.value?.newProject().catch(() => undefined);
      view.value = 'step';
    } catch (e) {
      report(e);
    }
  }

  async function openPath(path: string): Promise<void> {
    const p = platform.value;
    if (!p || !(await confirmDiscard())) return;
    try {
      await show(await p.openProjectPath(path));
    } catch (e) {
      report(e);
    }
  }

  /** True when the project was saved. */
  async function save(saveAs: boolean): Promise<boolean> {
    const p = platform.value;
    if (!p || !doc.state) return false;
    try {
      const saved = await p.saveProject(await doc.toFile(), doc.title || 'Untitled', saveAs || !doc.file?.path);
      if (!saved) return false;
      doc.markSaved(saved);
      notice.value = { kind: 'info', text: `Saved ${saved.path ?? `${saved.name}.mlpstudio`}` };
      return true;
    } catch (e) {
      report(e);
      return false;
    }
  }

  async function restore(key: string): Promise<void> {
    const p = platform.value;
    if (!p) return;
    try {
      await show(await p.restoreRecovery(key), { dirty: true });
      recovery.value = recovery.value.filter((r) => r.key !== key);
      if (p.kind === 'browser') await p.discardRecovery(key);
    } catch (e) {
      report(e);
    }
  }

  async function discardRecovery(key: string): Promise<void> {
    await platform.value?.discardRecovery(key).catch(report);
    recovery.value = recovery.value.filter((r) => r.key !== key);
  }

  /** Opens a dataset for the project; the project's dataset and network ends follow in one edit. */
  async function useDataset(source: DatasetSource): Promise<void> {
    const project = doc.state?.project;
    if (!project) return;
    const ref = refOf(source);
    // Summarized with a normalizer fitted on the new data: the saved one belongs to weights
    // trained on the old (and with another feature count could not apply at all).
    const opened = await engine.openDataset(source, withoutNormalizer({ ...project, dataset: ref }));
    if (!opened) return;
    missingDataset.value = null;
    doc.edit('Change dataset', (s) => {
      // A normalizer that does not fit the new data's features goes; one that fits stays with its weights.
      const fits = s.project.preprocessing.normalizer?.scale.length === opened.summary.features;
      const next = { ...(fits ? s.project : withoutNormalizer(s.project)), dataset: ref };
      const chain = layersOf(s.graph, projectContext(next, opened.summary));
      return { project: chain.layers ? { ...next, network: { layers: chain.layers } } : next, graph: s.graph };
    });
  }

  async function chooseDataset(what: 'file' | 'folder'): Promise<void> {
    try {
      const source = await platform.value?.chooseDataset(what);
      if (source) await useDataset(source);
    } catch (e) {
      engine.datasetError = e instanceof Error ? e.message : String(e);
    }
  }

  /** Files dropped on the window: a project file opens, anything else is tried as a dataset. */
  async function dropFiles(files: File[]): Promise<void> {
    const p = platform.value;
    if (!p || files.length === 0) return;
    const projectPath = files.length === 1 ? p.projectPathOf(files[0]) : null;
    if (projectPath) return openPath(projectPath);
    if (files.length === 1 && /\.mlpstudio$/i.test(files[0].name)) {
      if (!(await confirmDiscard())) return;
      try {
        await show({ name: files[0].name.replace(/\.mlpstudio$/i, ''), path: null, file: new Uint8Array(await files[0].arrayBuffer()), fileName: files[0].name });
      } catch (e) {
        report(e);
      }
      return;
    }
    try {
      await useDataset(await p.datasetFromFiles(files));
    } catch (e) {
      engine.datasetError = e instanceof Error ? e.message : String(e);
    }
  }

  /** The commands the window carries out (menu clicks on the desktop, shortcuts in both). */
  async function runCommand(id: CommandId | string): Promise<void> {
    if (!isCommandId(id)) return;
    switch (id) {
      case 'file.new':
        return newProject();
      case 'file.open':
        return open();
      case 'file.save':
        await save(false);
        return;
      case 'file.save-as':
        await save(true);
        return;
      case 'file.choose-dataset':
        return chooseDataset('file');
      case 'edit.undo':
        return doc.undo();
      case 'edit.redo':
        return doc.redo();
      case 'train.start':
        if (doc.state) await runs.start(doc.state.project);
        return;
      case 'train.stop':
        return runs.control('stop');
      case 'train.step':
        view.value = 'step';
        if (doc.state && !runs.active) await step.inspect();
        return;
      case 'help.shortcuts':
        shortcutsOpen.value = true;
        return;
      default:
        view.value = VIEW_OF[id] ?? view.value;
    }
  }

  return {
    platform,
    shortcutsOpen,
    notice,
    recovery,
    question,
    missingDataset,
    view,
    init,
    newProject,
    open,
    openExample,
    openPath,
    save,
    restore,
    discardRecovery,
    useDataset,
    chooseDataset,
    dropFiles,
    runCommand,
    report,
  };
});

export type View = 'workbench' | 'network' | 'data' | 'training' | 'insight' | 'step' | 'lab';
const VIEW_OF: Partial<Record<CommandId, View>> = {
  'view.workbench': 'workbench',
  'view.network': 'network',
  'view.data': 'data',
  'view.training': 'training',
  'view.insight': 'insight',
  'view.step': 'step',
  'view.lab': 'lab',
};
