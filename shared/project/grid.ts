// Grid search: every combination of the chosen settings, trained one after another from the
// same base project, each result streamed as soon as it is known.

import type { ActivationName } from '../engine/activations';
import type { Dataset } from '../engine/datasets/types';
import type { FinalEval, TrainingEvent } from '../engine/events';
import type { InitializerConfig } from '../engine/initializers';
import type { OptimizerType } from '../engine/optimizers';
import { Trainer } from '../engine/trainer';
import { applyOverrides, networkShape, type ProjectOverrides } from './overrides';
import { prepareRun } from './prepare';
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

export function gridPoints(axes: GridAxes, base: Project): GridPoint[] {
  const defaultWidth = networkShape(base).hidden;
  const widths = axes.hidden ?? [defaultWidth.length === 1 ? defaultWidth[0] : defaultWidth];
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
  const results: GridResult[] = [];
  for (let i = 0; i < points.length; i++) {
    const setup = prepareRun(projects[i], dataset, control.kernel ? { kernel: control.kernel } : {});
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
