// Training throughput: samples per second of 784-256-10 ReLU (SGD, cross-entropy) at batch 32, 64
// and 256, for every kernel and thread count, beside PyTorch at its best on the same data and
// shapes, run back to back. Both sides count the same time: the training steps of one epoch over
// Fashion-MNIST's 60,000 images, batch gathering included, evaluation excluded.
//   npm run bench:train [-- --data DIR --epochs N --batches 32,64,256]

import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadDatasetPath } from '../../shared/node/dataset-files';
import { allCores, nodeHelperSpawner } from '../../cli/threads';
import { enableWasmRelaxedSimd } from '../../cli/wasm-features';
import type { Dataset } from '../../shared/engine/datasets/types';
import { availableKernels } from '../../shared/engine/kernel/registry';
import { typescriptKernel } from '../../shared/engine/kernel/ts-kernel';
import type { MatrixKernel } from '../../shared/engine/kernel/types';
import { WasmKernel } from '../../shared/engine/kernel/wasm-kernel';
import { Trainer } from '../../shared/engine/trainer';
import { defaultProject } from '../../shared/project/defaults';
import { applyOverrides } from '../../shared/project/overrides';
import { prepareRun } from '../../shared/project/prepare';
import { hasTorch, torchRun } from './torch';

enableWasmRelaxedSimd();

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    epochs: { type: 'string', default: '1' },
    batches: { type: 'string', default: '32,64,256' },
  },
});
const epochs = Number(values.epochs);
const batches = values.batches!.split(',').map(Number);
if (!existsSync(values.data!)) {
  console.error(`No Fashion-MNIST at ${values.data}: install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR`);
  process.exit(1);
}
const dataset: Dataset = await loadDatasetPath(values.data!);

/** The kernels to compare: the TypeScript one, and each WebAssembly one on 1 .. all cores. */
async function* configurations(): AsyncGenerator<{ kernel: MatrixKernel; threads: number }> {
  for (const name of availableKernels().reverse()) {
    if (name === 'typescript') {
      yield { kernel: typescriptKernel, threads: 1 };
      continue;
    }
    const kernel = new WasmKernel(name, true);
    for (let threads = 1; threads <= allCores(); threads++) {
      yield { kernel, threads: await kernel.useThreads(threads, nodeHelperSpawner) };
    }
    await kernel.useThreads(1, nodeHelperSpawner);
  }
}

async function studio(batch: number, kernel: MatrixKernel): Promise<number> {
  const ref = { source: 'file' as const, path: values.data! };
  const project = applyOverrides(
    defaultProject(ref, dataset),
    { hidden: [256], activation: 'relu', optimizer: 'sgd', lr: 0.01, batchSize: batch, epochs, normalization: 'minus-one-one' },
    dataset,
  );
  const done = await new Trainer(prepareRun(project, dataset, { kernel }), () => {}).run();
  if (done.type !== 'done') throw new Error(done.message);
  return done.samplesPerSecond;
}

const torch = await hasTorch;
console.log(`784-256-10 ReLU, SGD lr 0.01, Fashion-MNIST ${dataset.train.n} images, ${epochs} epoch(s) a run; samples/s of the training steps`);
if (!torch) console.log('(python3-torch is not installed: no PyTorch column)');
for (const batch of batches) {
  const reference = torch ? await torchRun(['--data', values.data!, '--hidden', '256', '--bs', String(batch), '--epochs', String(epochs), '--threads', '1']) : null;
  if (reference) console.log(`batch ${batch}: PyTorch ${reference.torch} (${reference.blas}, ${reference.threads} thread): ${Math.round(reference.samples_per_s)} samples/s`);
  let best = 0;
  for await (const { kernel, threads } of configurations()) {
    const rate = await studio(batch, kernel);
    best = Math.max(best, rate);
    const ratio = reference ? `  (${(rate / reference.samples_per_s).toFixed(2)}x PyTorch)` : '';
    console.log(`batch ${batch}: studio ${kernel.name} x${threads}: ${Math.round(rate)} samples/s${ratio}`);
  }
  if (reference) console.log(`batch ${batch}: best studio / PyTorch = ${(best / reference.samples_per_s).toFixed(2)}`);
}
