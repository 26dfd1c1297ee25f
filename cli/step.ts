// `step`: one inspected training step on a project's first batch, printing every intermediate.

import { allocBatch, gatherBatch, normalizerArrays } from '../shared/engine/data/batch';
import { inspectStep } from '../shared/engine/inspect';
import { learningRateAt } from '../shared/engine/schedules';
import { runMemoryLimit } from '../shared/node/memory-limits';
import { prepareRun } from '../shared/project/prepare';
import { UsageError } from './errors';
import { loadDataset, readProject } from './load';
import { parseFlags } from './options';

export const STEP_USAGE = 'usage: mlp-studio step PROJECT [--json] [--float64]';

const STEP_FLAGS = {
  json: { type: 'boolean' },
  float64: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function step(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, STEP_FLAGS);
  if (values.help) {
    console.log(STEP_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`step needs exactly one PROJECT\n${STEP_USAGE}`);
  const project = await readProject(positionals[0]);
  const dataset = await loadDataset(project.dataset, positionals[0]);
  const setup = prepareRun(project, dataset, { dtype: values.float64 ? 'float64' : 'float32', source: positionals[0], memoryLimit: runMemoryLimit() });
  const { model, data } = setup;
  const net = model.network;
  // The first batch in file order: the rows a worked example is written for.
  const rows = Math.min(project.training.batchSize, data.trainRows.length);
  const batch = allocBatch(net.alloc, net.capacity, dataset.numFeatures, net.outputSize);
  gatherBatch(dataset.train, dataset.numFeatures, data.trainRows, 0, rows, normalizerArrays(data.normalizer), batch, net.outputSize, model.needsOneHot);
  const lr = learningRateAt(project.schedule, project.optimizer.lr, 0, project.training.epochs);
  const result = inspectStep(model, batch.x, batch.targets, rows, project.optimizer, lr);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ type: 'step', ...result })}\n`);
    return 0;
  }
  const r = (v: number) => Number(v.toFixed(4));
  const m = (rowsOf: number[][]) => JSON.stringify(rowsOf.map((row) => row.map(r)));
  console.log(`input ${m(result.input)}`);
  for (const l of result.layers) console.log(`layer ${l.index} ${l.label}: ${m(l.output)}`);
  console.log(`loss ${result.loss.toFixed(4)}`);
  console.log(`dL/d${result.lossGradient.of} ${m(result.lossGradient.value)}`);
  for (const [name, p] of Object.entries(result.parameters)) {
    const show = (t: { value: number[] | number[][] }) =>
      JSON.stringify(Array.isArray(t.value[0]) ? (t.value as number[][]).map((row) => row.map(r)) : (t.value as number[]).map(r));
    console.log(`${name}: grad ${show(p.gradient)} -> ${show(p.after)}`);
  }
  console.log(`loss after the update ${result.after.loss.toFixed(4)}`);
  return 0;
}
