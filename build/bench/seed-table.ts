// The lecture's Fashion-MNIST table reproduced: [-1, 1] normalization, ReLU, cross-entropy, SGD
// lr 0.01, batch 32, 20 epochs, for 64/256/1024 units in one hidden layer and 1 to 4 hidden layers
// of 256. Each row is printed beside the lecture's figures and, when Debian's python3-torch is
// installed, beside PyTorch's on the same settings at its best (OpenBLAS, one thread: two are
// slower here), trained back to back: the studio on every core, then PyTorch. The seconds are
// each side's training steps. The same settings include the initialization:
// by default the studio draws weights and biases as nn.Linear does ('torch-default'), since the
// lecture's table is reproduced with PyTorch; --init he-normal gives the studio's own default
// (He for hidden layers, Xavier for the output, zero biases).
//
// A row takes minutes to an hour, so each finished row is kept in build/bench/results/seed-table-<init>.json
// (committed: these are the figures the README and the issues quote) and a later run goes on from
// the first row not done (--fresh starts over).
//   npm run bench:seed-table [-- --epochs N --limit N --data DIR --init NAME --fresh]

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadDatasetPath } from '../../shared/node/dataset-files';
import { allCores, kernelWithThreads } from '../../cli/threads';
import { enableWasmRelaxedSimd } from '../../cli/wasm-features';
import { defaultProject } from '../../shared/project/defaults';
import { runGrid } from '../../shared/project/grid';
import { applyOverrides } from '../../shared/project/overrides';
import type { Dataset } from '../../shared/engine/datasets/types';
import { hasTorch, torchRun as runTorch } from './torch';

enableWasmRelaxedSimd();

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    epochs: { type: 'string', default: '20' },
    limit: { type: 'string', default: '0' },
    init: { type: 'string', default: 'torch-default' },
    fresh: { type: 'boolean', default: false },
  },
});
if (values.init !== 'torch-default' && values.init !== 'he-normal') {
  console.error(`--init is torch-default or he-normal, not '${values.init}'`);
  process.exit(2);
}
const epochs = Number(values.epochs);
const limit = Number(values.limit);

const ROWS: { label: string; hidden: number[]; lecture: [number, number] }[] = [
  { label: '1 hidden layer, 64 nodes', hidden: [64], lecture: [89, 86] },
  { label: '1 hidden layer, 256 nodes', hidden: [256], lecture: [90, 87] },
  { label: '1 hidden layer, 1024 nodes', hidden: [1024], lecture: [90, 87] },
  { label: '1 hidden layer (256)', hidden: [256], lecture: [90, 87] },
  { label: '2 hidden layers', hidden: [256, 256], lecture: [92, 88] },
  { label: '3 hidden layers', hidden: [256, 256, 256], lecture: [91, 88] },
  { label: '4 hidden layers', hidden: [256, 256, 256, 256], lecture: [92, 88] },
];
const configs = [...new Map(ROWS.map((r) => [r.hidden.join(','), r.hidden])).values()];

if (!existsSync(values.data!)) {
  console.error(`No Fashion-MNIST at ${values.data}: install it with 'apt-get install dataset-fashion-mnist' or pass --data DIR`);
  process.exit(1);
}

function subset(d: Dataset, n: number): Dataset {
  if (!n || n >= d.train.n) return d;
  return { ...d, train: { x: d.train.x.subarray(0, n * d.numFeatures), n, labels: d.train.labels!.subarray(0, n) } };
}

type Pair = { train: number; test: number; seconds: number };

/** PyTorch on one configuration, in a child process. */
async function torchRun(hidden: number[]): Promise<Pair> {
  const args = ['--data', values.data!, '--hidden', hidden.join(','), '--bs', '32', '--lr', '0.01', '--epochs', String(epochs), '--threads', '1'];
  if (limit) args.push('--limit', String(limit));
  const last = await runTorch(args);
  return { train: 100 * last.train_acc, test: 100 * last.test_acc, seconds: last.seconds };
}

interface Row {
  studio: Pair;
  torch: Pair | null;
  /** Wall time of the row: both trainings, one after the other. */
  seconds: number;
  finishedAt: string;
}

// Rows of earlier runs count only for the same data and settings.
// One file per initialization, so a run of one does not overwrite the other's rows.
const resultsFile = fileURLToPath(new URL(`results/seed-table-${values.init}.json`, import.meta.url));
const settings = `${values.data}|epochs=${epochs}|limit=${limit}|init=${values.init}|back-to-back, PyTorch with OpenBLAS on 1 thread`;
function loadRows(): Record<string, Row> {
  if (values.fresh || !existsSync(resultsFile)) return {};
  try {
    const saved = JSON.parse(readFileSync(resultsFile, 'utf8')) as { settings?: string; rows?: Record<string, Row> };
    return saved.settings === settings ? (saved.rows ?? {}) : {};
  } catch {
    return {};
  }
}
const rows = loadRows();
function saveRows(): void {
  mkdirSync(dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify({ settings, rows }, null, 2)}\n`);
}

const started = Date.now();
const kernel = await kernelWithThreads(undefined, allCores());
const torchInstalled = await hasTorch;
const dataset = subset(await loadDatasetPath(values.data!), limit);
const ref = { source: 'file' as const, path: values.data! };
const base = applyOverrides(
  defaultProject(ref, dataset),
  {
    activation: 'relu',
    optimizer: 'sgd',
    lr: 0.01,
    batchSize: 32,
    epochs,
    normalization: 'minus-one-one',
    ...(values.init === 'torch-default' ? { weightInit: { type: 'torch-default' }, biasInit: { type: 'torch-default' } } : {}),
  },
  dataset,
);
for (const hidden of configs) {
  const key = hidden.join(',');
  if (rows[key]) {
    console.error(`${key}: done on ${rows[key].finishedAt}, kept (--fresh to redo)`);
    continue;
  }
  const rowStart = Date.now();
  const studio = await new Promise<Pair>((resolve, reject) => {
    void runGrid(
      base,
      dataset,
      { hidden: [hidden] },
      (r) => {
        if (r.status !== 'done') reject(new Error(`${key}: ${r.message}`));
        // Training steps only, as PyTorch's seconds are.
        else resolve({ train: 100 * r.train!.accuracy!, test: 100 * r.test!.accuracy!, seconds: (dataset.train.n * epochs) / r.samplesPerSecond! });
      },
      { kernel },
    );
  });
  const torch = torchInstalled ? await torchRun(hidden) : null;
  rows[key] = { studio, torch, seconds: (Date.now() - rowStart) / 1000, finishedAt: new Date().toISOString() };
  saveRows();
  console.error(`${key}: studio ${studio.train.toFixed(2)}/${studio.test.toFixed(2)} in ${studio.seconds.toFixed(0)} s` + (torch ? `, torch ${torch.train.toFixed(2)}/${torch.test.toFixed(2)} in ${torch.seconds.toFixed(0)} s` : ''));
}

const f = (v: number | undefined) => (v === undefined ? '    -' : v.toFixed(1).padStart(5));
console.log(`Fashion-MNIST, ${dataset.train.n} training / ${dataset.test?.n ?? 0} test images, ${epochs} epochs, batch 32, SGD lr 0.01, ReLU, [-1, 1], studio init ${values.init}, kernel ${kernel.name} x${kernel.threads}`);
console.log(`${'network'.padEnd(28)} | lecture train  test | studio train  test  Δtest   s | torch train  test     s`);
for (const row of ROWS) {
  const key = row.hidden.join(',');
  const o = rows[key].studio;
  const t = rows[key].torch;
  console.log(
    `${row.label.padEnd(28)} |       ${f(row.lecture[0])} ${f(row.lecture[1])} |       ${f(o.train)} ${f(o.test)} ${(o.test - row.lecture[1]).toFixed(1).padStart(5)} ${o.seconds.toFixed(0).padStart(4)} | ${t ? `     ${f(t.train)} ${f(t.test)} ${t.seconds.toFixed(0).padStart(5)}` : '  (PyTorch not installed)'}`,
  );
}
const total = configs.reduce((sum, h) => sum + rows[h.join(',')].seconds, 0);
console.log(`total ${(total / 60).toFixed(1)} min of training, both sides (this invocation ${((Date.now() - started) / 60000).toFixed(1)} min)`);
