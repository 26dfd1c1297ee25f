// Grid search: every combination of the chosen settings, trained one after another from the
// same base project, each result streamed as soon as it is known.

import type { ActivationName } from '../engine/activations';
import type { Dataset } from '../engine/datasets/types';
import type { FinalEval, TrainingEvent } from '../engine/events';
import type { InitializerConfig } from '../engine/initializers';
import type { OptimizerType } from '../engine/optimizers';
import { MAX_UNITS } from '../engine/layers/dense';
import { Trainer } from '../engine/trainer';
import { applyOverrides, networkShape, type ProjectOverrides } from './overrides';
import { prepareRun, refusal, runBudgetProblem, type PrepareOptions } from './prepare';
import type { MatrixKernel } from '../engine/kernel/types';
import type { Project } from './schema';

export interface GridAxes {
  /** Hidden widths; each alternative is one width, or an explicit list of widths. */
  hidden?: (number | number[])[];
  /** Depths: a width w with depth d gives d hidden layers of w. */
  layers?: number[];
  activation?: ActivationName[];
  weightInit?: InitializerConfig[];
  optimizer?: OptimizerType[];
  lr?: number[];
  seed?: number[];
}

export interface GridPoint {
  /** Only the settings this point varies, for display. */
  settings: Record<string, string | number>;
  overrides: ProjectOverrides;
}

export interface GridResult {
  index: number;
  total: number;
  settings: GridPoint['settings'];
  status: 'done' | 'failed' | 'stopped';
  message?: string;
  train?: FinalEval;
  validation?: FinalEval;
  test?: FinalEval;
  seconds: number;
  samplesPerSecond: number;
}

function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((v) => [...prefix, v])), [[]]);
}

/**
 * Hidden layers of one grid network. The grid builds every configuration's project before the
 * first trains, so an unbounded depth (--layers 100000) ran V8 out of heap before any run began.
 */
export const MAX_GRID_DEPTH = 100;
/** Configurations of one grid: each trains to the end, one after another. */
export const MAX_GRID_RUNS = 1000;

const count = (n: number) => n.toLocaleString('en-US');

/** The axes' sizes checked before any list is built: widths, depths, and their product. */
function checkBounds(axes: GridAxes, widths: readonly (number | number[])[], widthCount: number): void {
  for (const w of widths) {
    const list = Array.isArray(w) ? w : [w];
    const flag = `--hidden ${Array.isArray(w) ? w.join('+') : w}`;
    if (list.length > MAX_GRID_DEPTH) throw new Error(`${flag}: a grid network has at most ${MAX_GRID_DEPTH} hidden layers, this one ${count(list.length)}`);
    for (const units of list) {
      if (!(Number.isInteger(units) && units >= 1 && units <= MAX_UNITS)) throw new Error(`${flag}: a hidden layer has 1 to ${count(MAX_UNITS)} units`);
    }
  }
  for (const d of axes.layers ?? []) {
    if (!(Number.isInteger(d) && d >= 1 && d <= MAX_GRID_DEPTH)) throw new Error(`--layers ${d}: a grid network has 1 to ${MAX_GRID_DEPTH} hidden layers`);
  }
  const sizes: [string, number][] = [
    ['--hidden', widthCount],
    ['--layers', axes.layers?.length ?? 1],
    ['--activation', axes.activation?.length ?? 1],
    ['--init', axes.weightInit?.length ?? 1],
    ['--optimizer', axes.optimizer?.length ?? 1],
    ['--lr', axes.lr?.length ?? 1],
    ['--seed', axes.seed?.length ?? 1],
  ];
  const runs = sizes.reduce((total, [, n]) => total * n, 1);
  if (runs > MAX_GRID_RUNS) {
    const factors = sizes.filter(([, n]) => n > 1).map(([flag, n]) => `${n} ${flag}`).join(' x ');
    throw new Error(`The grid has ${count(runs)} configurations (${factors}), more than the limit of ${count(MAX_GRID_RUNS)}`);
  }
}

export function gridPoints(axes: GridAxes, base: Project): GridPoint[] {
  const defaultWidth = networkShape(base).hidden;
  const widths = axes.hidden ?? [defaultWidth.length === 1 ? defaultWidth[0] : defaultWidth];
  // The base project's own widths were checked when it was parsed; only what the flags give is new.
  checkBounds(axes, axes.hidden ?? [], widths.length);
  const shapes: { hidden: number[]; label: string }[] = [];
  for (const w of widths) {
    if (Array.isArray(w)) {
      if (axes.layers) throw new Error(`An explicit layer list (${w.join('+')}) cannot be combined with a list of depths`);
      shapes.push({ hidden: w, label: w.join('+') });
    } else {
      for (const d of axes.layers ?? [1]) shapes.push({ hidden: Array<number>(d).fill(w), label: d === 1 ? String(w) : `${d}x${w}` });
    }
  }
  const axisList: [string, unknown[]][] = [
    ['hidden', shapes],
    ['activation', axes.activation ?? [undefined]],
    ['init', axes.weightInit ?? [undefined]],
    ['optimizer', axes.optimizer ?? [undefined]],
    ['lr', axes.lr ?? [undefined]],
    ['seed', axes.seed ?? [undefined]],
  ];
  const varying = new Set(axisList.filter(([, values]) => values.length > 1 || values[0] !== undefined).map(([k]) => k));
  varying.add('hidden');
  return product(axisList.map(([, values]) => values)).map(([shape, activation, init, optimizer, lr, seed]) => {
    const s = shape as (typeof shapes)[number];
    const overrides: ProjectOverrides = { hidden: s.hidden };
    const settings: GridPoint['settings'] = { hidden: s.label };
    if (activation !== undefined) settings.activation = overrides.activation = activation as ActivationName;
    if (init !== undefined) {
      overrides.weightInit = init as InitializerConfig;
      settings.init = overrides.weightInit.type;
    }
    if (optimizer !== undefined) settings.optimizer = overrides.optimizer = optimizer as OptimizerType;
    if (lr !== undefined) settings.lr = overrides.lr = lr as number;
    if (seed !== undefined) settings.seed = overrides.seed = seed as number;
    return { settings, overrides };
  });
}

export interface GridControl {
  /** Sees every training event of every configuration (progress). */
  onEvent?: (index: number, event: TrainingEvent) => void;
  /** Gives access to the running trainer, e.g. to stop the whole grid. */
  onTrainer?: (trainer: Trainer) => void;
  /** The matrix kernel every configuration trains with; the fastest available when absent. */
  kernel?: MatrixKernel;
  /** The base project's file (or the dataset's), as refusals name it; see PrepareOptions. */
  source?: string;
  /** Bytes one configuration's run may take; see PrepareOptions. */
  memoryLimit?: number;
}

export async function runGrid(
  base: Project,
  dataset: Dataset,
  axes: GridAxes,
  onResult: (r: GridResult) => void,
  control: GridControl = {},
): Promise<GridResult[]> {
  const points = gridPoints(axes, base);
  // Every point is checked before the first one trains, so a bad value fails at once.
  const projects = points.map((p) => applyOverrides(base, p.overrides, dataset));
  const options: PrepareOptions = {
    ...(control.kernel ? { kernel: control.kernel } : {}),
    ...(control.source !== undefined ? { source: control.source } : {}),
    ...(control.memoryLimit !== undefined ? { memoryLimit: control.memoryLimit } : {}),
  };
  // Memory too: a configuration too large for the machine would otherwise fail hours in.
  points.forEach((p, i) => {
    const label = Object.entries(p.settings).map(([k, v]) => `${k}=${v}`).join(' ');
    const problem = runBudgetProblem(projects[i], dataset, options, `configuration ${label}`);
    if (problem) throw refusal(control.source, problem);
  });
  const results: GridResult[] = [];
  for (let i = 0; i < points.length; i++) {
    const setup = prepareRun(projects[i], dataset, options);
    const trainer = new Trainer(setup, (e) => control.onEvent?.(i, e));
    control.onTrainer?.(trainer);
    const end = await trainer.run();
    const common = { index: i, total: points.length, settings: points[i].settings };
    const result: GridResult =
      end.type === 'done'
        ? {
            ...common,
            status: end.reason === 'stopped' ? 'stopped' : 'done',
            train: end.train,
            ...(end.validation ? { validation: end.validation } : {}),
            ...(end.test ? { test: end.test } : {}),
            seconds: end.seconds,
            samplesPerSecond: end.samplesPerSecond,
          }
        : { ...common, status: 'failed', message: end.message, seconds: 0, samplesPerSecond: 0 };
    results.push(result);
    onResult(result);
    if (result.status === 'stopped') break;
  }
  return results;
}
