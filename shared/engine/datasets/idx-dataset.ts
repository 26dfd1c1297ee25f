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

/** A dataset whose classes are known, so that a label outside them is damage, not a new class. */
interface KnownClasses {
  /** Completes "label 10 at index 3 is not a class: …". */
  says: string;
  classNames: readonly string[];
}

const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));
const MNIST_FAMILY = { train: 60000, test: 10000, shape: '28x28' };

/**
 * The classes a dataset is known to have: from the names given, a name saying Fashion-MNIST or
 * MNIST, or the MNIST family's sizes (60000 + 10000 images of 28x28, which torchvision's 'raw'
 * folders hold under any name). Every set of those sizes has the ten classes 0-9.
 */
function knownClasses(name: string, classNames: readonly string[] | undefined, n: { train: number; test?: number; shape: string }): KnownClasses | undefined {
  const fashion = /fashion/i.test(name);
  if (classNames) {
    const labels = `labels 0-${classNames.length - 1}`;
    return { says: fashion ? `Fashion-MNIST has ${classNames.length} classes, ${labels}` : `the ${classNames.length} classes named for this dataset are ${labels}`, classNames };
  }
  if (fashion) return { says: 'Fashion-MNIST has 10 classes, labels 0-9', classNames: FASHION_MNIST_CLASSES };
  // Not /mnist/ anywhere: EMNIST letters (labels 1-26) and Sign Language MNIST (24 classes) say it too.
  if (/^mnist(?![a-z])/i.test(name)) return { says: 'MNIST has 10 classes, labels 0-9', classNames: DIGITS };
  if (n.train === MNIST_FAMILY.train && n.test === MNIST_FAMILY.test && n.shape === MNIST_FAMILY.shape) {
    return { says: '60000 training and 10000 test images of 28x28 are the MNIST family, 10 classes, labels 0-9', classNames: DIGITS };
  }
  return undefined;
}

function firstOver(labels: Int32Array, max: number): number {
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) return i;
  return -1;
}

/**
 * The class count, after the labels are checked against it. A label is a class's index (there is
 * no table of label values), so for a set of unknown classes every index from 0 to the largest
 * label must have training images: a gap, or a test label above them all, would be a class the
 * network is never shown.
 */
function classCount(known: KnownClasses | undefined, train: { file: string; labels: Int32Array }, test?: { file: string; labels: Int32Array }): number {
  if (known) {
    const max = known.classNames.length - 1;
    for (const split of test ? [train, test] : [train]) {
      const i = firstOver(split.labels, max);
      if (i >= 0) throw new DatasetError(split.file, `label ${split.labels[i]} at index ${i} is not a class: ${known.says}`);
    }
    return known.classNames.length;
  }
  const count = new Int32Array(256);
  let max = 0;
  for (const l of train.labels) {
    count[l]++;
    if (l > max) max = l;
  }
  const gap = count.subarray(0, max).indexOf(0);
  if (gap >= 0) {
    throw new DatasetError(train.file, `no image has label ${gap} though labels go up to ${max} (labels number the classes from 0, without gaps)`);
  }
  const i = test ? firstOver(test.labels, max) : -1;
  if (test && i >= 0) throw new DatasetError(test.file, `label ${test.labels[i]} at index ${i} has no training images (training labels are 0-${max})`);
  return max + 1;
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
  const known = knownClasses(name, classNames, { train: train.table.n, test: test?.table.n, shape: train.shape.join('x') });
  const numClasses = classCount(
    known,
    { file: trainLabels.name, labels: train.table.labels! },
    test && testLabels ? { file: testLabels.name, labels: test.table.labels! } : undefined,
  );
  const features = train.shape.reduce((a, b) => a * b, 1);
  const images = `${train.table.n} training${test ? ` and ${test.table.n} test` : ''} images of ${train.shape.join('x')} bytes`;
  const found = numClasses === 1 ? '1 class found (label 0)' : `${numClasses} classes found (labels 0-${numClasses - 1})`;
  return {
    name,
    task: 'classification',
    numFeatures: features,
    featureNames: Array.from({ length: features }, (_, i) => `pixel ${i}`),
    classNames: known ? known.classNames : Array.from({ length: numClasses }, (_, i) => String(i)),
    targetSize: numClasses,
    ...(train.shape.length === 2 ? { imageShape: [train.shape[0], train.shape[1]] as const } : {}),
    // Classes of an unknown set are whatever its labels say, so the count is reported.
    description: known ? images : `${images}; ${found}`,
    train: train.table,
    ...(test ? { test: test.table } : {}),
  };
}
