// Training runs: the one in progress, streamed from the engine, and the ones kept in the project.
// Each has a RunSeries for the charts; a run that ends is written into the document as a record
// with the weights it trained. Series are plain objects outside Vue's reactivity (they take many
// events a second); `tick` tells the charts that something changed, and they redraw at their pace.

import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import type { RunRecord } from '../../../shared/project/container';
import type { Project } from '../../../shared/project/schema';
import { RunSeries, type ChartRun } from '../model/charts/series';
import { runData, sameData } from '../model/run-data';
import { useDocumentStore } from './document';
import { startingPoint, useEngineStore } from './engine';

/** How often the views hear that runs have new data. */
const TICK_MS = 150;

export interface RunEntry {
  id: string;
  name: string;
  startedAt: string;
  series: RunSeries;
  /** Live: the engine still holds it (it can be paused, predicted on, exported). */
  live: boolean;
  /** What it trained on (run-data.ts); null for runs saved before runs said so. */
  data: string | null;
}

export type StartFrom = 'initializers' | 'weights';

export const useRunsStore = defineStore('runs', () => {
  const engine = useEngineStore();
  const document = useDocumentStore();
  const entries = shallowRef<RunEntry[]>([]);
  /** Runs shown together on the overlay charts (ids). */
  const overlay = ref<string[]>([]);
  const selectedId = ref<string | null>(null);
  const tick = ref(0);
  const error = ref<string | null>(null);
  /**
   * Where the next run (and an inspected step) starts: freshly initialized weights, or the
   * project's own, which are a lecture example's hand-set weights or the last run's trained ones.
   */
  const startFrom = ref<StartFrom>('initializers');
  /** The weights a run or step starts from under the current choice; null to initialize. */
  const startWeights = () => (startFrom.value === 'weights' ? document.weights : null);
  let counter = 0;

  const active = computed(() => (tick.value, entries.value.find((e) => e.live && ['running', 'paused', 'idle'].includes(e.series.state)) ?? null));
  const selected = computed(() => entries.value.find((e) => e.id === selectedId.value) ?? active.value ?? entries.value.at(-1) ?? null);
  /** Whether a run's curves may go on the selected run's charts: only runs on the same data. */
  function canOverlay(entry: RunEntry): boolean {
    const on = selected.value;
    return on !== null && entry !== on && sameData(entry.data, on.data);
  }
  const chartRuns = computed<ChartRun[]>(() => {
    const ids = new Set(overlay.value);
    const shown = entries.value.filter((e) => e === selected.value || (ids.has(e.id) && canOverlay(e)));
    return shown.map((e) => ({ id: e.id, label: e.name, series: e.series, revision: tick.value }));
  });

  // Events arrive by the hundred a second; the views need to hear of them a few times a second
  // at most. Each tick re-evaluates every view that shows a run, so ticks are batched.
  let tickTimer: ReturnType<typeof setTimeout> | null = null;
  function tickSoon(): void {
    tickTimer ??= setTimeout(() => {
      tickTimer = null;
      tick.value++;
    }, TICK_MS);
  }

  engine.client.onMessage((message) => {
    if (message.type === 'engine-crashed') {
      // Whatever the engine held of the runs is gone with it; their histories stay.
      for (const e of entries.value) e.live = false;
      tick.value++;
    }
    if (message.type !== 'run-event') return;
    const entry = entries.value.find((e) => e.id === message.runId);
    if (!entry) return;
    entry.series.ingest(message.event);
    const type = message.event.type;
    if (type === 'batch' || type === 'diagnostics' || type === 'epoch') tickSoon();
    else tick.value++;
    if (type === 'done' || type === 'failed') void finish(entry);
  });

  /** Runs saved in the project, shown as ended runs (their epochs; batches are not saved). */
  function loadRecords(records: readonly RunRecord[]): void {
    entries.value = records.map((r) =>
      markRaw({ id: r.id, name: r.name, startedAt: r.startedAt, series: RunSeries.fromRecord(r), live: false, data: r.data ?? null }),
    );
    overlay.value = [];
    selectedId.value = entries.value.at(-1)?.id ?? null;
    counter = entries.value.length;
    tick.value++;
    keepInEngine();
  }

  /** The engine lets go of every run the window no longer shows (their networks, optimizers, data). */
  function keepInEngine(): void {
    const runIds = entries.value.filter((e) => e.live).map((e) => e.id);
    // An engine that is gone holds nothing to let go of.
    void engine.client.request({ type: 'keep-runs', runIds }).catch(() => undefined);
  }

  async function start(project: Project): Promise<void> {
    error.value = null;
    const dataset = engine.dataset;
    if (!dataset) {
      error.value = 'Open a dataset before training';
      return;
    }
    counter++;
    const id = `run-${Date.now().toString(36)}-${counter}`;
    const data = runData(project.dataset, dataset.summary);
    const entry: RunEntry = markRaw({ id, name: `Run ${counter}`, startedAt: new Date().toISOString(), series: new RunSeries(), live: true, data });
    entries.value = [...entries.value, entry];
    selectedId.value = id;
    tick.value++;
    try {
      const { fields, transfer } = startingPoint(project, startWeights());
      await engine.client.request({ type: 'train', runId: id, ...fields, datasetId: dataset.datasetId }, transfer);
    } catch (e) {
      // Refused before it started (a bad setting, a dataset the engine lost): no run to keep.
      entries.value = entries.value.filter((x) => x !== entry);
      error.value = e instanceof Error ? e.message : String(e);
      tick.value++;
    }
  }

  async function control(action: 'pause' | 'resume' | 'stop'): Promise<void> {
    const run = active.value;
    if (!run) return;
    try {
      await engine.client.request({ type: 'control', runId: run.id, action });
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  /**
   * An ended run goes into the project, with the weights it trained and the normalizer they need
   * when it has them: its results, not an edit, so they are not an undo step.
   */
  async function finish(entry: RunEntry): Promise<void> {
    const series = entry.series;
    const record: RunRecord = {
      id: entry.id,
      name: entry.name,
      startedAt: entry.startedAt,
      status: series.recordStatus(),
      events: series.recordEvents(),
      ...(series.message ? { message: series.message } : {}),
      ...(series.plannedEpochs ? { plannedEpochs: series.plannedEpochs } : {}),
      ...(entry.data ? { data: entry.data } : {}),
    };
    const trained = record.status === 'failed' ? null : await exportTrained(entry.id);
    document.addRun(record, trained?.weights ?? null, trained?.normalizer);
    tick.value++;
  }

  /** A run's weights and normalizer; null when the engine went away between the end and the export. */
  async function exportTrained(runId: string) {
    try {
      const reply = await engine.client.request({ type: 'export-weights', runId });
      return { weights: new Map(reply.tensors.map((t) => [t.name, { shape: t.shape, data: t.data }])), normalizer: reply.normalizer };
    } catch {
      // The run's history is still worth keeping.
      return null;
    }
  }

  /** Deletes an ended run, here, in the project and in the engine; the one training stays. */
  function remove(id: string): void {
    if (active.value?.id === id) return;
    entries.value = entries.value.filter((e) => e.id !== id);
    overlay.value = overlay.value.filter((x) => x !== id);
    document.removeRun(id);
    tick.value++;
    keepInEngine();
  }

  // Another dataset: the runs kept so far are not comparable with what trains next.
  watch(
    () => engine.dataset?.datasetId,
    () => (overlay.value = []),
  );

  function toggleOverlay(id: string): void {
    overlay.value = overlay.value.includes(id) ? overlay.value.filter((x) => x !== id) : [...overlay.value, id];
  }

  function select(id: string): void {
    selectedId.value = id;
  }

  return { entries, overlay, selected, active, chartRuns, tick, error, startFrom, startWeights, loadRecords, start, control, remove, canOverlay, toggleOverlay, select };
});
