// Hand-made training events and diagnostics for the chart model tests.

import type { LayerDiagnostics, TrainingEvent } from '../../../shared/engine/events';

export function started(over: Partial<Extract<TrainingEvent, { type: 'started' }>> = {}): TrainingEvent {
  return {
    type: 'started',
    epochs: 4,
    stepsPerEpoch: 10,
    trainSize: 320,
    validationSize: 80,
    testSize: 0,
    parameterCount: 1234,
    kernel: 'wasm-simd-fma',
    threads: 2,
    warnings: [],
    ...over,
  };
}

export function epoch(e: number, trainLoss: number, valLoss?: number, accuracy?: number): Extract<TrainingEvent, { type: 'epoch' }> {
  return {
    type: 'epoch',
    epoch: e,
    lr: 0.01,
    train: accuracy === undefined ? { loss: trainLoss } : { loss: trainLoss, accuracy },
    ...(valLoss === undefined ? {} : { validation: accuracy === undefined ? { loss: valLoss } : { loss: valLoss, accuracy: accuracy - 0.05 } }),
    seconds: 1,
    samplesPerSecond: 320,
  };
}

const hist = { min: 0, max: 1, counts: [1, 2, 1] };

/** A layer with the fields the warnings read; the rest neutral. */
export function layer(index: number, label: string, over: Partial<LayerDiagnostics> = {}): LayerDiagnostics {
  const dense = label.startsWith('Dense');
  return {
    index,
    type: dense ? 'dense' : 'activation',
    label,
    gradNorm: dense ? 0.1 : null,
    weightNorm: dense ? 5 : null,
    updateRatio: dense ? 1e-3 : null,
    activationMean: 0,
    activationStd: 1,
    deadFraction: label === 'ReLU' || label === 'LeakyReLU' ? 0.1 : null,
    saturatedFraction: label === 'Sigmoid' || label === 'Tanh' ? 0.1 : null,
    histograms: { weights: dense ? hist : null, activations: hist, gradients: dense ? hist : null },
    ...over,
  };
}
