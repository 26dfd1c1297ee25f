// The initialization lab's measurement, for the Init lab view: the engine pushes the project's
// first batch through its network once per initializer. Kept with the document revision it was
// taken for, so an edit afterwards marks it out of date.

import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { MessageOf } from '../../../shared/protocol/engine';
import { useDocumentStore } from './document';
import { startingPoint, useEngineStore } from './engine';

export type LabResults = MessageOf<'init-probe'>['results'];

export const useLabStore = defineStore('lab', () => {
  const engine = useEngineStore();
  const doc = useDocumentStore();
  const results = shallowRef<LabResults | null>(null);
  const measuredAt = ref<number | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  const stale = computed(() => measuredAt.value !== null && measuredAt.value !== doc.revision);

  async function measure(): Promise<void> {
    const project = doc.state?.project;
    const dataset = engine.dataset;
    error.value = null;
    if (!project || !dataset) {
      error.value = 'Open a dataset before measuring the network';
      return;
    }
    const revision = doc.revision;
    busy.value = true;
    try {
      // As a fresh run starts: no saved weights, a normalizer fitted on the data.
      const { fields } = startingPoint(project, null);
      const reply = await engine.client.request({ type: 'probe-init', project: fields.project, datasetId: dataset.datasetId });
      results.value = markRaw(reply.results);
      measuredAt.value = revision;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  return { results, error, busy, stale, measure };
});
