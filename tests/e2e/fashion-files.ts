// A few thousand Fashion-MNIST images as the IDX files a user would pick: the first rows of
// Debian's dataset-fashion-mnist, with headers that say how many there are.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const SOURCE = process.env['FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';

function subset(name: string, count: number): Buffer {
  const all = gunzipSync(readFileSync(join(SOURCE, `${name}.gz`)));
  const dims = all[3];
  const header = 4 + 4 * dims;
  let rowBytes = 1;
  for (let d = 1; d < dims; d++) rowBytes *= all.readUInt32BE(4 + 4 * d);
  const out = Buffer.from(all.subarray(0, header + count * rowBytes));
  out.writeUInt32BE(count, 4);
  return out;
}

/** A folder named like the dataset (the studio names Fashion-MNIST's classes from it). */
export function fashionSubset(train: number, test: number): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'mlp-studio-e2e-')), 'fashion-mnist-subset');
  mkdirSync(dir);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), subset('train-images-idx3-ubyte', train));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), subset('train-labels-idx1-ubyte', train));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), subset('t10k-images-idx3-ubyte', test));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), subset('t10k-labels-idx1-ubyte', test));
  return dir;
}
