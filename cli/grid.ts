// `grid`: trains every combination of the listed settings and prints one row (or JSON line) each.

import type { ActivationName } from '../shared/engine/activations';
import { getActivation } from '../shared/engine/activations';
import { parseInitializerConfig } from '../shared/engine/initializers';
import { parseOptimizerConfig } from '../shared/engine/optimizers';
import { defaultProject } from '../shared/project/defaults';
import { runMemoryLimit } from '../shared/node/memory-limits';
import { gridPoints, runGrid, type GridAxes, type GridResult } from '../shared/project/grid';
import { applyOverrides } from '../shared/project/overrides';
import { UsageError } from './errors';
import { datasetRefFromFlag, loadDataset, readProject } from './load';
import { kernelFromFlags } from './threads';
import { hiddenSizes, overridesFromFlags, parseFlags, positiveInt, positiveNumber, TRAIN_FLAGS, type TrainFlags } from './options';

export const GRID_USAGE = `usage: mlp-studio grid [PROJECT] --dataset NAME|PATH --hidden 64,256,1024 [--layers 1,2,3,4]
  [--activation A,B] [--init A,B] [--optimizer A,B] [--lr X,Y] [--seed N,M] [other train flags] [--json]
  (in grid, commas separate alternatives; write 256+128 for one network with two hidden layers)`;

const GRID_FLAGS = { ...TRAIN_FLAGS, layers: { type: 'string' } } as const;

const list = (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== '');

function axesFromFlags(flags: TrainFlags & { layers?: string }): GridAxes {
  const axes: GridAxes = {};
  if (flags.hidden !== undefined) {
    axes.hidden = list(flags.hidden).map((alt) => (alt.includes('+') ? hiddenSizes(alt.replaceAll('+', ',')) : positiveInt('hidden', alt)));
  }
  if (flags.layers !== undefined) axes.layers = list(flags.layers).map((d) => positiveInt('layers', d));
  if (flags.activation !== undefined) axes.activation = list(flags.activation).map((a) => getActivation(a).name as ActivationName);
  if (flags.init !== undefined) axes.weightInit = list(flags.init).map((i) => parseInitializerConfig(i));
  if (flags.optimizer !== undefined) axes.optimizer = list(flags.optimizer).map((o) => parseOptimizerConfig(o).type);
  if (flags.lr !== undefined) axes.lr = list(flags.lr).map((v) => positiveNumber('lr', v));
  if (flags.seed !== undefined) axes.seed = list(flags.seed).map((v) => positiveInt('seed', v, 0));
  return axes;
}

const pct = (v: number | undefined) => (v === undefined ? '     -' : `${(100 * v).toFixed(2).padStart(6)}`);

function row(r: GridResult): string {
  const config = Object.entries(r.settings)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  if (r.status === 'failed') return `${config.padEnd(40)}  failed: ${r.message}`;
  const held = r.test ?? r.validation;
  return `${config.padEnd(40)}  ${pct(r.train?.accuracy)}  ${pct(held?.accuracy)}  ${r.seconds.toFixed(1).padStart(8)}`;
}

export async function grid(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, GRID_FLAGS);
  const flags = values as TrainFlags & { layers?: string };
  if (flags.help) {
    console.log(GRID_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`grid takes at most one project, got ${positionals.length}`);
  if (!positionals[0] && !flags.dataset) throw new UsageError('grid needs a PROJECT or --dataset NAME|PATH');
  if (flags.save) throw new UsageError('grid does not save projects (--save is for train)');
  const axes = axesFromFlags(flags);
  // Single-valued settings apply to every configuration.
  const shared = overridesFromFlags({ ...flags, hidden: undefined, activation: undefined, init: undefined, optimizer: undefined, lr: undefined, seed: undefined });

  const datasetRef = flags.dataset !== undefined ? datasetRefFromFlag(flags.dataset, flags) : undefined;
  const base = positionals[0] ? await readProject(positionals[0]) : undefined;
  const ref = datasetRef ?? base!.dataset;
  const source = positionals[0] ?? (ref.source === 'file' ? ref.path : ref.name);
  const dataset = await loadDataset(ref, source);
  const start = base ? { ...base, dataset: ref } : defaultProject(ref, dataset);
  const project = applyOverrides(start, shared, dataset, base !== undefined && datasetRef !== undefined);

  // The grid's bounds, judged before its header is printed.
  gridPoints(axes, project);
  const heldName = dataset.test ? 'test' : 'valid';
  if (!flags.json) console.log(`${'configuration'.padEnd(40)}  train%  ${heldName.padEnd(5)}%  seconds`);
  let stop: (() => void) | null = null;
  const onSignal = () => stop?.();
  process.once('SIGINT', onSignal);
  const results = await runGrid(
    project,
    dataset,
    axes,
    (r) => {
      if (flags.json) process.stdout.write(`${JSON.stringify({ type: 'grid-result', ...r })}\n`);
      else console.log(row(r));
    },
    { onTrainer: (t) => (stop = () => t.stop()), kernel: await kernelFromFlags(flags), source, memoryLimit: runMemoryLimit() },
  );
  process.off('SIGINT', onSignal);
  return results.every((r) => r.status === 'done') ? 0 : 1;
}
