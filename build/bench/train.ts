// Training throughput of the engine: samples per second for a 784-256-10 ReLU network at batch
// 64 on 784-feature data (random bytes and labels; the figure depends on shapes, not content).

import type { Dataset } from '../../shared/engine/datasets/types';
import { Random } from '../../shared/engine/random';
import { Trainer } from '../../shared/engine/trainer';
import { parseProject } from '../../shared/project/parse';
import { prepareRun } from '../../shared/project/prepare';

const SAMPLES = 12_800;
const EPOCHS = 3;

function randomImages(n: number): Dataset {
  const rng = new Random(1);
  const x = new Uint8Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = rng.int(256);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.int(10);
  return {
    name: 'random 28x28 bytes',
    task: 'classification',
    numFeatures: 784,
    featureNames: Array.from({ length: 784 }, (_, i) => `pixel${i}`),
    classNames: Array.from({ length: 10 }, (_, i) => `class ${i}`),
    targetSize: 10,
    imageShape: [28, 28],
    train: { x, n, labels },
  };
}

const project = parseProject({
  format: 'mlp-studio-project',
  version: 1,
  dataset: { source: 'builtin', name: 'iris' },
  preprocessing: { normalization: 'minus-one-one', validationSplit: 0 },
  network: {
    layers: [
      { type: 'dense', units: 256 },
      { type: 'activation', activation: 'relu' },
      { type: 'dense', units: 10, weightInit: { type: 'xavier-normal' } },
      { type: 'activation', activation: 'softmax' },
    ],
  },
  loss: { type: 'cross-entropy' },
  optimizer: { type: 'sgd', lr: 0.01 },
  training: { epochs: EPOCHS, batchSize: 64, shuffle: true },
  seed: 1,
});

const setup = prepareRun(project, randomImages(SAMPLES));
const perEpoch: number[] = [];
const done = await new Trainer(
  setup,
  (e) => {
    if (e.type === 'epoch') perEpoch.push(e.samplesPerSecond);
  },
  { diagnosticsMs: Infinity, batchEventMs: Infinity, sliceMs: Infinity },
).run();
if (done.type !== 'done') throw new Error(done.message);
console.log(`784-256-10 ReLU, batch 64, SGD, float32, ${SAMPLES} samples x ${EPOCHS} epochs`);
console.log(`epochs (incl. gathering and evaluation): ${perEpoch.map((v) => Math.round(v)).join(', ')} samples/s`);
console.log(`training steps only: ${Math.round(done.samplesPerSecond)} samples/s`);
