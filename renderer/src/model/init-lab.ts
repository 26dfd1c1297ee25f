// The initialization lab's views of the engine's measurements: curves against depth, what they
// say in words, and the lecture's networks one click away (sigmoid with 2, 5 and 7 hidden layers,
// with and without input normalization, and a 7-layer ReLU network for He to keep alive).

import type { ActivationName } from '../../../shared/engine/activations';
import type { NormalizationKind } from '../../../shared/engine/data/normalize';
import type { LabResult } from '../../../shared/project/init-lab';
import { buildLayers, type DatasetFacts } from '../../../shared/project/defaults';
import type { Project } from '../../../shared/project/schema';
import { fmtNumber } from './charts/warnings';

export interface LabPreset {
  id: string;
  label: string;
  activation: ActivationName;
  depth: number;
  normalization: NormalizationKind;
}

// 128 units a layer, as the lecture's 784-128-10 sigmoid network.
const UNITS = 128;

export const LAB_PRESETS: readonly LabPreset[] = [
  ...[2, 5, 7].flatMap((depth): LabPreset[] => [
    { id: `sigmoid-${depth}`, label: `Sigmoid, ${depth} hidden layers`, activation: 'sigmoid', depth, normalization: 'minus-one-one' },
    { id: `sigmoid-${depth}-raw`, label: `Sigmoid, ${depth} hidden layers, no normalization`, activation: 'sigmoid', depth, normalization: 'none' },
  ]),
  { id: 'relu-7', label: 'ReLU, 7 hidden layers', activation: 'relu', depth: 7, normalization: 'minus-one-one' },
];

/**
 * The project with the preset's network (PyTorch's default initialization, as the lecture's
 * networks were built) and normalization; the output layer is the one the data and loss need.
 */
export function withPreset(project: Project, preset: LabPreset, facts: DatasetFacts): Project {
  const init = { type: 'torch-default' } as const;
  const shape = { hidden: Array.from({ length: preset.depth }, () => UNITS), activation: preset.activation, weightInit: init, biasInit: init };
  return {
    ...project,
    preprocessing: { ...project.preprocessing, normalization: preset.normalization },
    network: { ...project.network, layers: buildLayers(shape, facts, project.loss) },
  };
}

export interface DepthPoint {
  /** 1 for the first hidden layer. */
  depth: number;
  label: string;
  value: number;
}

/** Each hidden activation layer's output spread, by depth (the output activation left out). */
export function activationCurve(result: LabResult): DepthPoint[] {
  const acts = result.layers.filter((l) => l.type === 'activation');
  const hidden = result.layers.at(-1)?.type === 'activation' ? acts.slice(0, -1) : acts;
  return hidden.map((l, i) => ({ depth: i + 1, label: l.label, value: l.activationStd }));
}

/** Each dense layer's weight gradient norm, by depth (the last is the output layer). */
export function gradientCurve(result: LabResult): DepthPoint[] {
  return result.layers.filter((l) => l.type === 'dense').map((l, i) => ({ depth: i + 1, label: l.label, value: l.gradNorm ?? 0 }));
}

/** What the measurements say, one line each, the chosen initializer's first. */
export function labFindings(results: readonly LabResult[], chosen: string | null): string[] {
  const ordered = [...results].sort((a, b) => Number(b.initializer.type === chosen) - Number(a.initializer.type === chosen));
  const lines: string[] = [];
  for (const r of ordered) {
    const symmetric = r.layers.filter((l) => l.symmetric);
    if (symmetric.length) {
      lines.push(`${r.label}: every unit of ${symmetric.length === 1 ? symmetric[0].label : `${symmetric.length} dense layers`} starts identical to the others and gets the same gradient, so they can never become different (symmetry is never broken).`);
    }
    const dead = r.layers.filter((l) => (l.deadFraction ?? 0) > 0);
    for (const l of dead) lines.push(`${r.label}: ${Math.round(l.deadFraction! * 100)}% of ${l.label}'s ReLU units get no input above zero on this batch (dead units pass no gradient).`);
    const std = activationCurve(r);
    if (std.length >= 2 && !symmetric.length) {
      const ratio = std[std.length - 1].value / std[0].value;
      if (ratio < 0.1) lines.push(`${r.label}: the signal fades with depth: the last hidden layer varies ${fmtNumber(1 / ratio)} times less than the first.`);
      else if (ratio > 10) lines.push(`${r.label}: the signal grows with depth: the last hidden layer varies ${fmtNumber(ratio)} times more than the first.`);
    }
    const grads = gradientCurve(r).filter((p) => p.value > 0);
    if (grads.length >= 2 && grads[0].value / grads[grads.length - 1].value < 1e-3) {
      lines.push(`${r.label}: vanishing gradients: the first layer's weights get ${fmtNumber(grads[grads.length - 1].value / grads[0].value)} times less gradient than the output layer's.`);
    }
  }
  return lines;
}
