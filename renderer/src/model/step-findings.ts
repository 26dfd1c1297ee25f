// What one inspected step shows, in words: the loss before and after the update, units that are
// dead for the batch (zero output and no gradient back through them), units that are copies of
// each other (zero initialization: the same weights, the same output, the same gradient), and
// parameters that get no gradient at all and so cannot change. These are the lecture's points
// about dying ReLU and zero initialization, read off the numbers rather than asserted, and told
// apart: dead units differ but get no input above zero; symmetric units never become different.
// Layers are numbered from 1 everywhere, parameters included ('Layer 1 weight').

import type { StepResult } from '../stores/step';

const allZero = (rows: readonly (readonly number[])[], col: number) => rows.every((r) => r[col] === 0);
/** Every column equal to the first on every row: the units are one unit copied. */
const identicalColumns = (rows: readonly (readonly number[])[]) => (rows[0]?.length ?? 0) > 1 && rows.every((r) => r.every((v) => v === r[0]));

/** 'layers.0.weight' -> 'Layer 1 weight': parameters numbered as the layers are, from 1. */
export function paramLabel(name: string): string {
  const m = /^layers\.(\d+)\.(.+)$/.exec(name);
  return m ? `Layer ${Number(m[1]) + 1} ${m[2]}` : name;
}
const flat = (v: number[] | number[][]): number[] => (Array.isArray(v[0]) ? (v as number[][]).flat() : (v as number[]));

export interface StepFindings {
  lossBefore: number;
  lossAfter: number;
  /** One sentence each. */
  notes: string[];
}

export function stepFindings(step: StepResult): StepFindings {
  const notes: string[] = [];
  const byIndex = new Map(step.layers.map((l) => [l.index, l]));
  for (const layer of step.layers) {
    if (layer.type !== 'activation') continue;
    // The gradient into the units' pre-activations is the previous layer's output gradient.
    const below = byIndex.get(layer.index - 1);
    const grad = below?.outputGradient;
    if (!grad) continue;
    const units = layer.output[0]?.length ?? 0;
    // The output head's units are the classes: equal logits there are no symmetry to break.
    const hidden = layer.index < step.layers.length - 1;
    if (hidden && below && identicalColumns(below.output)) {
      notes.push(
        `All ${units} units of layer ${layer.index + 1} (${layer.label}) are copies of one another: the same weights give the same output and the same gradient, so no step can make them different (symmetry is never broken). That is zero initialization's failure, not dying ReLU.`,
      );
      continue;
    }
    const dead: number[] = [];
    for (let j = 0; j < units; j++) if (allZero(layer.output, j) && allZero(grad, j)) dead.push(j + 1);
    if (dead.length === 0) continue;
    const which = dead.length === units ? `All ${units} units` : `${dead.length === 1 ? 'Unit' : 'Units'} ${dead.join(', ')} of ${units}`;
    notes.push(
      `${which} of layer ${layer.index + 1} (${layer.label}) output 0 for every row and pass back no gradient: ${dead.length === 1 ? 'it is' : 'they are'} dead for this batch, and ${dead.length === 1 ? 'its' : 'their'} incoming weights do not move.`,
    );
  }
  const still = Object.entries(step.parameters).filter(([, p]) => flat(p.gradient.value).every((g) => g === 0)).map(([name]) => paramLabel(name));
  if (still.length) notes.push(`No gradient reaches ${still.join(', ')}: ${still.length === 1 ? 'it stays' : 'they stay'} exactly as ${still.length === 1 ? 'it is' : 'they are'}.`);
  if (step.after.loss === step.loss) notes.push('The update leaves the loss exactly where it was: training is stuck.');
  return { lossBefore: step.loss, lossAfter: step.after.loss, notes };
}
