// The typed events a training run emits, from start to done; the CLI prints them, the UI draws them.

export interface Histogram {
  min: number;
  max: number;
  counts: number[];
}

export interface LayerDiagnostics {
  index: number;
  type: string;
  label: string;
  /** L2 norm of the gradient of the layer's parameters (null for layers without parameters). */
  gradNorm: number | null;
  weightNorm: number | null;
  /** ||update|| / ||weights|| for the last step; about 1e-3 is healthy. */
  updateRatio: number | null;
  activationMean: number;
  activationStd: number;
  /** ReLU family: fraction of units whose input was <= 0 for every sample of the batch. */
  deadFraction: number | null;
  /** Sigmoid and tanh: fraction of outputs in the flat tails (sigmoid outside [0.01, 0.99], tanh outside [-0.99, 0.99]). */
  saturatedFraction: number | null;
  histograms: { weights: Histogram | null; activations: Histogram; gradients: Histogram | null };
}

export interface EvalResult {
  loss: number;
  /** Classification only. */
  accuracy?: number;
  /** Regression only. */
  mae?: number;
  rmse?: number;
  r2?: number;
}

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
}

export interface FinalEval extends EvalResult {
  /** Classification: row = true class, column = predicted, row-major numClasses x numClasses. */
  confusion?: number[];
  /** Classification: per class, with its number of true samples. */
  perClass?: (ClassScores & { support: number })[];
  /** Classification: unweighted means over classes. */
  macro?: ClassScores;
}

export type TrainingEvent =
  | {
      type: 'started';
      epochs: number;
      stepsPerEpoch: number;
      trainSize: number;
      validationSize: number;
      testSize: number;
      parameterCount: number;
      /** The matrix kernel and the threads its products use, e.g. 'wasm-simd-fma' and 2. */
      kernel: string;
      threads: number;
      warnings: string[];
    }
  /** Loss (and a classifier's accuracy) averaged over the batches since the last one. */
  | { type: 'batch'; epoch: number; step: number; loss: number; accuracy?: number; samplesPerSecond: number }
  | {
      type: 'epoch';
      epoch: number;
      lr: number;
      train: EvalResult;
      validation?: EvalResult;
      seconds: number;
      samplesPerSecond: number;
    }
  | { type: 'diagnostics'; epoch: number; step: number; layers: LayerDiagnostics[] }
  | { type: 'paused'; epoch: number; step: number }
  | { type: 'resumed'; epoch: number; step: number }
  | {
      type: 'done';
      reason: 'completed' | 'early-stopped' | 'stopped';
      epochs: number;
      steps: number;
      bestEpoch?: number;
      train: FinalEval;
      validation?: FinalEval;
      test?: FinalEval;
      seconds: number;
      samplesPerSecond: number;
    }
  | {
      type: 'failed';
      message: string;
      epoch: number;
      step: number;
      layer: number | null;
    };

export type DoneEvent = Extract<TrainingEvent, { type: 'done' }>;
export type FailedEvent = Extract<TrainingEvent, { type: 'failed' }>;
