// The engine as the window sees it: one EngineClient (a desktop MessagePort or the browser's
// worker behind it), its status, and the dataset open in it.

import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import { EngineClient } from '../../../shared/engine-host/client';
import type { DatasetSource, MessageOf } from '../../../shared/protocol/engine';
import { buffersOf, type NamedWeightTensor } from '../../../shared/protocol/tensors';
import type { WeightTensor } from '../../../shared/project/container';
import type { Project } from '../../../shared/project/schema';
import type { Platform } from '../platform/platform';
import { withoutNormalizer } from '../../../shared/project/prepare';

export type EngineStatus = 'connecting' | 'ready' | 'restarting' | 'down';
export type DatasetSummary = MessageOf<'dataset'>['summary'];

export interface OpenDataset {
  datasetId: string;
  summary: DatasetSummary;
  /** What was opened, so a restarted engine can open it again. */
  source: DatasetSource;
}

export const useEngineStore = defineStore('engine', () => {
  const client = markRaw(new EngineClient());
  const status = ref<EngineStatus>('connecting');
  /** Why the engine last went away, in words; null when it never did. */
  const crash = ref<string | null>(null);
  const dataset = shallowRef<OpenDataset | null>(null);
  const datasetBusy = ref(false);
  const datasetError = ref<string | null>(null);

  client.onMessage((message) => {
    if (message.type === 'ready') status.value = 'ready';
    if (message.type === 'engine-crashed') {
      status.value = message.restarting ? 'restarting' : 'down';
      crash.value = message.reason;
      // The new engine has no datasets: the one shown must be opened again before training.
      dataset.value = null;
    }
  });

  function start(platform: Platform): void {
    platform.connectEngine(client);
  }

  /**
   * Opens a dataset (summarized with the project's splits and normalization). A failure leaves
   * the dataset that was open in place and says what is wrong.
   */
  async function openDataset(source: DatasetSource, project?: Project): Promise<OpenDataset | null> {
    datasetBusy.value = true;
    datasetError.value = null;
    try {
      const reply = await client.request({ type: 'open-dataset', source, ...(project ? { project: forEngine(project) } : {}) });
      const previous = dataset.value;
      dataset.value = markRaw({ datasetId: reply.datasetId, summary: reply.summary, source });
      // The old one is no longer needed in the engine's memory.
      if (previous && previous.datasetId !== reply.datasetId) void client.request({ type: 'forget', datasetId: previous.datasetId }).catch(() => undefined);
      return dataset.value;
    } catch (e) {
      datasetError.value = e instanceof Error ? e.message : String(e);
      return null;
    } finally {
      datasetBusy.value = false;
    }
  }

  return { client, status, crash, dataset, datasetBusy, datasetError, start, openDataset };
});

/** The project as the engine takes it: without the canvas (the engine ignores it) and weights (they travel apart). */
export function forEngine(project: Project): Project {
  const { weights: _weights, canvas: _canvas, ...rest } = project;
  return rest as Project;
}

/**
 * A train or inspect request's project and the weights to start from, if any (else the engine
 * initializes the network), with the transfer list that moves them. The weights are copies: their
 * buffers go to the engine, and the document keeps its own.
 */
export function startingPoint(project: Project, start: ReadonlyMap<string, WeightTensor> | null): {
  fields: { project: Project; weights?: NamedWeightTensor[] };
  transfer: ArrayBuffer[];
} {
  // A saved normalizer belongs to the saved weights: a run from fresh weights fits its own on
  // the data at hand, with the normalization chosen now.
  if (!start) return { fields: { project: withoutNormalizer(forEngine(project)) }, transfer: [] };
  const weights = [...start].map(([name, t]) => ({ name, shape: [...t.shape], data: t.data.slice() }));
  return { fields: { project: forEngine(project), weights }, transfer: buffersOf(weights.map((t) => t.data)) };
}
