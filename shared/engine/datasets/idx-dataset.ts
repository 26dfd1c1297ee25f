// A folder of IDX files (train/t10k images and labels) as one dataset with its own test split.

import type { Dataset, Table } from './types';
import { DatasetError, type DataLimits } from './errors';
import { maybeGunzip } from './gzip';
import { parseIdx } from './idx';

export interface DataFile {
  name: string;
  bytes: Uint8Array;
}

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

const ROLES = {
  trainImages: /^train-images[-.]idx3-ubyte(\.gz)?$/,
  trainLabels: /^train-labels[-.]idx1-ubyte(\.gz)?$/,
  testImages: /^t10k-images[-.]idx3-ubyte(\.gz)?$/,
  testLabels: /^t10k-labels[-.]idx1-ubyte(\.gz)?$/,
};
export type IdxRole = keyof typeof ROLES;

/** Which of the usual four file names are present, by role. */
export function idxRoles(names: readonly string[]): Partial<Record<IdxRole, string>> {
  const found: Partial<Record<IdxRole, string>> = {};
  for (const name of names) {
    for (const [role, pattern] of Object.entries(ROLES) as [IdxRole, RegExp][]) {
      if (pattern.test(name) && !found[role]) found[role] = name;
    }
  }
  return found;
}

function table(images: DataFile, labels: DataFile, limits: DataLimits): { table: Table; shape: number[] } {
  const img = parseIdx(maybeGunzip(images.bytes, images.name, limits), images.name, limits);
  const lab = parseIdx(maybeGunzip(labels.bytes, labels.name, limits), labels.name, limits);
  if (img.type !== 'uint8') throw new DatasetError(images.name, `images must be unsigned bytes, found ${img.type}`);
  if (img.dims.length < 2) throw new DatasetError(images.name, `images need at least 2 dimensions, found ${img.dims.length}`);
  if (lab.type !== 'uint8' || lab.dims.length !== 1) {
    throw new DatasetError(labels.name, `labels must be a 1-dimensional list of bytes, found ${lab.type} ${lab.dims.join('x')}`);
  }
  const n = img.dims[0];
  if (lab.dims[0] !== n) {
    throw new DatasetError(labels.name, `${lab.dims[0]} labels for ${n} images in ${images.name}`);
  }
  return { table: { x: img.bytes, n, labels: Int32Array.from(lab.bytes) }, shape: img.dims.slice(1) };
}

/**
 * Builds the dataset from the files of a folder. Train images and labels are required; the t10k
 * pair, when present, becomes the test split and must have the same image shape.
 */
export function idxDataset(name: string, files: readonly DataFile[], limits: DataLimits, classNames?: readonly string[]): Dataset {
  const byName = new Map(files.map((f) => [f.name, f]));
  const roles = idxRoles(files.map((f) => f.name));
  const get = (role: IdxRole) => (roles[role] ? byName.get(roles[role]!) : undefined);
  const trainImages = get('trainImages');
  const trainLabels = get('trainLabels');
  if (!trainImages || !trainLabels) {
    throw new DatasetError(name, 'an IDX dataset folder needs train-images-idx3-ubyte and train-labels-idx1-ubyte (optionally .gz)');
  }
  const train = table(trainImages, trainLabels, limits);
  const testImages = get('testImages');
  const testLabels = get('testLabels');
  if (!!testImages !== !!testLabels) {
    throw new DatasetError(name, `found ${testImages ? 't10k images without labels' : 't10k labels without images'}`);
  }
  const test = testImages && testLabels ? table(testImages, testLabels, limits) : undefined;
  if (test && test.shape.join('x') !== train.shape.join('x')) {
    throw new DatasetError(testImages!.name, `test images are ${test.shape.join('x')}, training images are ${train.shape.join('x')}`);
  }
  let maxLabel = 0;
  for (const t of [train.table, test?.table]) if (t) for (const l of t.labels!) if (l > maxLabel) maxLabel = l;
  const numClasses = Math.max(maxLabel + 1, classNames?.length ?? 0);
  const features = train.shape.reduce((a, b) => a * b, 1);
  return {
    name,
    task: 'classification',
    numFeatures: features,
    featureNames: Array.from({ length: features }, (_, i) => `pixel ${i}`),
    classNames: Array.from({ length: numClasses }, (_, i) => classNames?.[i] ?? String(i)),
    targetSize: numClasses,
    ...(train.shape.length === 2 ? { imageShape: [train.shape[0], train.shape[1]] as const } : {}),
    description: `${train.table.n} training${test ? ` and ${test.table.n} test` : ''} images of ${train.shape.join('x')} bytes`,
    train: train.table,
    ...(test ? { test: test.table } : {}),
  };
}
