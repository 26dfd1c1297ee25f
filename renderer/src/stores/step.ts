// One training step laid bare, for the Step view: the engine runs forward, backward and one
// update on the project's first batch (the rows a worked example is written for) and reports
// every intermediate. The result is kept with the document revision it was computed for, so an
// edit afterwards marks it out of date instead of leaving old numbers under new settings.

import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { MessageOf } from '../../../shared/protocol/engine';
import { useDocumentStore } from './document';
import { startingPoint, useEngineStore } from './engine';
import { useRunsStore, type StartFrom } from './runs';

export type StepResult = MessageOf<'inspection'>['result'];

export const useStepStore = defineStore('step', () => {
  const engine = useEngineStore();
  const doc = useDocumentStore();
  const runs = useRunsStore();
  const result = shallowRef<StepResult | null>(null);
  /** The document revision and starting point the result belongs to. */
  const computedFor = shallowRef<{ revision: number; startFrom: StartFrom; exact: boolean } | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);
  /** float64 arithmetic: a worked example's numbers without float32 rounding. */
  const exact = ref(true);

  const stale = computed(() => {
    const at = computedFor.value;
    return at !== null && (at.revision !== doc.revision || at.startFrom !== runs.startFrom || at.exact !== exact.value);
  });

  async function inspect(): Promise<void> {
    const project = doc.state?.project;
    const dataset = engine.dataset;
    error.value = null;
    if (!project || !dataset) {
      error.value = 'Open a dataset before inspecting a step';
      return;
    }
    const at = { revision: doc.revision, startFrom: runs.startFrom, exact: exact.value };
    busy.value = true;
    try {
      const { fields, transfer } = startingPoint(project, runs.startWeights());
      const reply = await engine.client.request({ type: 'inspect', ...fields, datasetId: dataset.datasetId, dtype: at.exact ? 'float64' : 'float32' }, transfer);
      result.value = markRaw(reply.result);
      computedFor.value = at;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  function clear(): void {
    result.value = null;
    computedFor.value = null;
    error.value = null;
  }

  return { result, error, busy, exact, stale, inspect, clear };
});
