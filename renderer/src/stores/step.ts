// One training step laid bare, for the Step view: the engine runs forward, backward and one
// update on the project's first batch (the rows a worked example is written for) and reports
// every intermediate. The result is kept with the document revision it was computed for, so an
// edit afterwards marks it out of date instead of leaving old numbers under new settings.

import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { MessageOf } from '../../../shared/protocol/engine';
import type { WeightTensor } from '../../../shared/project/container';
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

  /** Which step the result is (1 for the first batch), and the weights the next step starts from. */
  const stepNumber = ref(0);
  let nextWeights: Map<string, WeightTensor> | null = null;

  /** Step 1 on the first batch, from fresh weights or the project's (Start from). */
  async function inspect(): Promise<void> {
    await take(1, runs.startWeights());
  }

  /** The next step: the next batch in file order, from the weights the last step left. */
  async function next(): Promise<void> {
    if (!result.value || stale.value || !nextWeights) return inspect();
    await take(stepNumber.value + 1, nextWeights);
  }

  async function take(n: number, weights: ReadonlyMap<string, WeightTensor> | null): Promise<void> {
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
      const { fields, transfer } = startingPoint(project, weights);
      const reply = await engine.client.request(
        { type: 'inspect', ...fields, datasetId: dataset.datasetId, dtype: at.exact ? 'float64' : 'float32', batchIndex: n - 1 },
        transfer,
      );
      result.value = markRaw(reply.result);
      nextWeights = weightsAfter(reply.result, weights);
      stepNumber.value = n;
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
    stepNumber.value = 0;
    nextWeights = null;
  }

  return { result, error, busy, exact, stale, stepNumber, inspect, next, clear };
});

/**
 * The parameters as the step left them, for the next step to start from; the tensors the step
 * does not report (batch-norm statistics) carried over from where it started.
 */
function weightsAfter(step: StepResult, before: ReadonlyMap<string, WeightTensor> | null): Map<string, WeightTensor> {
  const out = new Map<string, WeightTensor>(before ?? []);
  for (const [name, p] of Object.entries(step.parameters)) {
    const v = p.after.value;
    const flat = Array.isArray(v[0]) ? (v as number[][]).flat() : (v as number[]);
    out.set(name, { shape: [...p.after.shape], data: Float32Array.from(flat) });
  }
  return out;
}
