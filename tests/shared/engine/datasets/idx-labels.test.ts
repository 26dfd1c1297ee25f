// IDX labels against the classes a dataset has. A label is a class's index, so for Fashion-MNIST
// and MNIST (known by name, or by the family's 60000 + 10000 images of 28x28) a label above 9 is
// damage and refused, naming the file, the label's index and its value; a set of unknown classes
// gets as many classes as its largest label says, reported in its description, and is refused
// when that would make a class without training images.

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError, DEFAULT_LIMITS } from '../../../../shared/engine/datasets/errors';
import { datasetFromFiles } from '../../../../shared/engine/datasets/from-files';
import { FASHION_MNIST_CLASSES, idxDataset, type DataFile } from '../../../../shared/engine/datasets/idx-dataset';
import { idxFile } from '../../../helpers/idx-files';
import { summarizeDataset } from '../../../../shared/engine/data/summary';
import { defaultProject } from '../../../../shared/project/defaults';
import { prepareData } from '../../../../shared/project/prepare';

/** Train and test files of 2x2 images with the given labels. */
function folder(train: number[], test?: number[], gz = false): DataFile[] {
  const wrap = (b: Uint8Array) => (gz ? new Uint8Array(gzipSync(b)) : b);
  const ext = gz ? '.gz' : '';
  const pair = (prefix: string, labels: number[]) => [
    { name: `${prefix}-images-idx3-ubyte${ext}`, bytes: wrap(idxFile([labels.length, 2, 2])) },
    { name: `${prefix}-labels-idx1-ubyte${ext}`, bytes: wrap(idxFile([labels.length], Uint8Array.from(labels))) },
  ];
  return [...pair('train', train), ...(test ? pair('t10k', test) : [])];
}
const cycle = (n: number, classes: number) => Array.from({ length: n }, (_, i) => i % classes);

function refusal(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  return expect.unreachable('expected a DatasetError');
}

describe('IDX labels of a known dataset', () => {
  it('refuses a Fashion-MNIST training label above 9, naming the file, the index and the value', () => {
    const train = cycle(20, 10);
    train[13] = 10;
    train[17] = 200;
    for (const classNames of [FASHION_MNIST_CLASSES, undefined]) {
      const e = refusal(() => idxDataset('fashion-mnist', folder(train, cycle(5, 10)), DEFAULT_LIMITS, classNames));
      expect(e.message).toBe('train-labels-idx1-ubyte: label 10 at index 13 is not a class: Fashion-MNIST has 10 classes, labels 0-9');
    }
  });

  it('refuses a bad test label under the test file, gzipped too, and through datasetFromFiles', () => {
    const test = cycle(8, 10);
    test[6] = 11;
    const plain = refusal(() => idxDataset('Fashion-MNIST', folder(cycle(20, 10), test), DEFAULT_LIMITS));
    expect(plain.message).toBe('t10k-labels-idx1-ubyte: label 11 at index 6 is not a class: Fashion-MNIST has 10 classes, labels 0-9');
    const gz = refusal(() => datasetFromFiles(folder(cycle(20, 10), test, true), {}, DEFAULT_LIMITS, 'fashion'));
    expect(gz.source).toBe('t10k-labels-idx1-ubyte.gz');
    expect(gz.problem).toBe('label 11 at index 6 is not a class: Fashion-MNIST has 10 classes, labels 0-9');
  });

  it('knows MNIST by a name starting with it, and not EMNIST or Sign Language MNIST', () => {
    const train = [...cycle(12, 10), 12];
    for (const name of ['mnist', 'MNIST', 'mnist-subset', 'MNIST_digits']) {
      expect(refusal(() => idxDataset(name, folder(train), DEFAULT_LIMITS)).message).toBe(
        'train-labels-idx1-ubyte: label 12 at index 12 is not a class: MNIST has 10 classes, labels 0-9',
      );
    }
    const letters = [...cycle(12, 10), 10, 11, 12];
    for (const name of ['emnist-letters', 'sign-mnist', 'mnistlike']) expect(idxDataset(name, folder(letters), DEFAULT_LIMITS).targetSize).toBe(13);
  });

  it('keeps ten classes for a known set that uses fewer of them', () => {
    const d = idxDataset('mnist', folder(cycle(9, 3), [2, 1]), DEFAULT_LIMITS);
    expect(d.targetSize).toBe(10);
    expect(d.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(idxDataset('fashion', folder([0, 9]), DEFAULT_LIMITS).classNames).toEqual(FASHION_MNIST_CLASSES);
    // Class names given for another set bound its labels the same way.
    const e = refusal(() => idxDataset('shapes', folder([0, 1, 3]), DEFAULT_LIMITS, ['circle', 'square', 'star']));
    expect(e.message).toBe('train-labels-idx1-ubyte: label 3 at index 2 is not a class: the 3 classes named for this dataset are labels 0-2');
  });

  it('knows the MNIST family by its sizes, 60000 training and 10000 test images of 28x28, under any name', () => {
    const labels = (n: number) => Uint8Array.from({ length: n }, (_, i) => i % 10);
    const trainLabels = labels(60000);
    trainLabels[59999] = 10;
    const files = [
      { name: 'train-images-idx3-ubyte', bytes: idxFile([60000, 28, 28]) },
      { name: 'train-labels-idx1-ubyte', bytes: idxFile([60000], trainLabels) },
      { name: 't10k-images-idx3-ubyte', bytes: idxFile([10000, 28, 28]) },
      { name: 't10k-labels-idx1-ubyte', bytes: idxFile([10000], labels(10000)) },
    ];
    expect(refusal(() => idxDataset('raw', files, DEFAULT_LIMITS)).message).toBe(
      'train-labels-idx1-ubyte: label 10 at index 59999 is not a class: 60000 training and 10000 test images of 28x28 are the MNIST family, 10 classes, labels 0-9',
    );
    // One image fewer is not the family: its eleventh class is the labels' to say.
    const fewer = [
      { name: 'train-images-idx3-ubyte', bytes: idxFile([59999, 28, 28]) },
      { name: 'train-labels-idx1-ubyte', bytes: idxFile([59999], trainLabels.subarray(1)) },
      ...files.slice(2),
    ];
    expect(idxDataset('raw', fewer, DEFAULT_LIMITS).targetSize).toBe(11);
  });
});

describe('IDX labels of an unknown dataset', () => {
  it('takes as many classes as the largest label says and reports the count in the description', () => {
    const d = idxDataset('shapes', folder(cycle(22, 11), [10, 0, 3]), DEFAULT_LIMITS);
    expect(d.targetSize).toBe(11);
    expect(d.classNames).toEqual(Array.from({ length: 11 }, (_, i) => String(i)));
    expect(d.description).toBe('22 training and 3 test images of 2x2 bytes; 11 classes found (labels 0-10)');
    expect(idxDataset('one', folder([0, 0]), DEFAULT_LIMITS).description).toBe('2 training images of 2x2 bytes; 1 class found (label 0)');
    // The window shows it with the dataset's summary (the Data view's "About").
    const summary = summarizeDataset(prepareData(defaultProject({ source: 'inline', name: 'shapes', task: 'classification', train: { features: [[0]] } }, d), d));
    expect(summary.description).toBe(d.description);
  });

  it('refuses a gap in the training labels, which would be a class without images', () => {
    const e = refusal(() => idxDataset('shapes', folder([0, 1, 3, 3, 5]), DEFAULT_LIMITS));
    expect(e.message).toBe('train-labels-idx1-ubyte: no image has label 2 though labels go up to 5 (labels number the classes from 0, without gaps)');
    // Labels from 1, as EMNIST letters has them, leave class 0 empty.
    expect(refusal(() => idxDataset('letters', folder([1, 2, 3]), DEFAULT_LIMITS)).problem).toBe(
      'no image has label 0 though labels go up to 3 (labels number the classes from 0, without gaps)',
    );
  });

  it('refuses a test label with no training images, naming the test file', () => {
    const e = refusal(() => idxDataset('shapes', folder(cycle(6, 3), [0, 1, 2, 1, 3]), DEFAULT_LIMITS));
    expect(e.message).toBe('t10k-labels-idx1-ubyte: label 3 at index 4 has no training images (training labels are 0-2)');
    // Test labels missing some classes are fine.
    expect(idxDataset('shapes', folder(cycle(6, 3), [1, 1]), DEFAULT_LIMITS).targetSize).toBe(3);
  });
});
