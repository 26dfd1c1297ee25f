// Checks a network and loss against a dataset before anything is built, with each problem
// pinned to the layer at fault, so the CLI can refuse and the UI can mark the block. The
// loss's registry entry says what output it needs; this is the one place that rule is enforced.

import { ACTIVATIONS } from './activations';
import { overBudget, type RunPlan } from './budget';
import { getLoss, outputUnits, type LossConfig } from './losses';
import { layerSizes, type LayerConfig } from './layers/registry';
import type { Task } from './datasets/types';

export interface ModelIssue {
  severity: 'error' | 'warning';
  /** Index of the layer at fault, or null for the network or loss as a whole. */
  layer: number | null;
  message: string;
}

export interface DataShape {
  inputSize: number;
  task: Task;
  /** Classes, or regression outputs. */
  targetSize: number;
}

/** The run's memory against a limit in bytes; the layers and input size are the model's own. */
export type BudgetCheck = Omit<RunPlan, 'layers' | 'inputSize'> & { limit: number };

export function validateModel(layers: readonly LayerConfig[], loss: LossConfig, data: DataShape, budget?: BudgetCheck): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const error = (layer: number | null, message: string) => issues.push({ severity: 'error', layer, message });
  const warn = (layer: number | null, message: string) => issues.push({ severity: 'warning', layer, message });
  if (layers.length === 0) {
    error(null, 'The network has no layers');
    return issues;
  }
  const lastIndex = layers.length - 1;
  const last = layers[lastIndex];
  const def = getLoss(loss.type);
  const lastDense = layers.map((l) => l.type).lastIndexOf('dense');
  const outSize = layerSizes(layers, data.inputSize)[lastIndex];

  if (lastDense < 0) error(null, 'The network has no dense layer, so it has nothing to learn');

  if (data.task === 'classification' && def.targets === 'values' && def.name !== 'mse') {
    warn(null, `${def.label} is a regression loss; cross-entropy usually trains classifiers better`);
  }
  // One class leaves nothing to tell apart, and its lone output would fail the metrics' class range.
  const oneClass = data.task === 'classification' && data.targetSize < 2;
  if (oneClass) error(null, `Classification needs at least two classes; this dataset has ${data.targetSize}`);
  if (data.task === 'regression' && def.targets === 'labels') {
    error(null, `${def.label} needs class labels, but this dataset is regression`);
  }

  if (def.fusedWith) {
    // The loss reads the logits under this activation, so it must be the very last layer.
    if (last.type !== 'activation' || last.activation !== def.fusedWith) error(lastIndex, `${def.label} needs a ${def.fusedWith} output`);
  } else {
    const squash = layers.findIndex((l, i) => i > lastDense && l.type === 'activation' && l.activation !== 'linear');
    const head = layers[squash];
    if (head?.type === 'activation') {
      error(squash, `${def.label} compares raw values, so the output must be linear, not ${ACTIVATIONS[head.activation].label}`);
    }
  }

  const units = outputUnits(def.name, data.task, data.targetSize);
  // One-vs-rest sigmoid units (one per class) train too, so two classes may also have two.
  const expected = [...new Set([units, data.targetSize])];
  if (lastDense >= 0 && !oneClass && !expected.includes(outSize)) {
    const what = data.task === 'classification' ? `${data.targetSize} classes` : `${data.targetSize} target value(s)`;
    error(lastDense, `The output layer has ${outSize} units, but the dataset has ${what}: set it to ${expected.join(' or ')}`);
  }

  layers.forEach((l, i) => {
    if (l.type !== 'activation') return;
    const a = ACTIVATIONS[l.activation];
    if (l.activation === 'softmax' && i !== lastIndex) warn(i, 'Softmax is meant for the output layer; inside the network it squashes every row to sum to 1');
    if (a.zeroGradient) {
      const trainableBelow = layers.slice(0, i).some((b) => b.type === 'dense' || b.type === 'batchnorm');
      if (trainableBelow) {
        warn(i, `${a.label} has zero derivative everywhere: layers 0 to ${i - 1} below it get no gradient and will never learn`);
      }
    }
  });
  if (budget) {
    const { limit, ...plan } = budget;
    const over = overBudget({ ...plan, layers, inputSize: data.inputSize }, limit, 'The network');
    if (over) error(over.layer, over.message);
  }
  return issues;
}
