// Tiny IDX datasets for tests of dataset intake: the files by their usual names.

import type { DataFile } from '../../shared/engine/datasets/idx-dataset';

/** An IDX file of unsigned bytes: 00 00 08, the rank, big-endian dims, then the data. */
export function idxFile(dims: number[], data: Uint8Array = new Uint8Array(dims.reduce((n, d) => n * d, 1))): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** `train` 2x2 training images and `test` test images, labels cycling 0..2. */
export function idxFiles(train = 6, test = 3): DataFile[] {
  const labels = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 3);
  const files: DataFile[] = [
    { name: 'train-images-idx3-ubyte', bytes: idxFile([train, 2, 2]) },
    { name: 'train-labels-idx1-ubyte', bytes: idxFile([train], labels(train)) },
  ];
  if (test > 0) {
    files.push({ name: 't10k-images-idx3-ubyte', bytes: idxFile([test, 2, 2]) }, { name: 't10k-labels-idx1-ubyte', bytes: idxFile([test], labels(test)) });
  }
  return files;
}
