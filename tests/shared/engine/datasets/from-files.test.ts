// datasetFromFiles: the one place file bytes become a dataset, whether they came from disk or a
// browser. IDX files go together by name, a single file is a table, and what is neither is
// refused with a DatasetError naming it.

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError, DEFAULT_LIMITS, MAX_DATASET_BYTES } from '../../../../shared/engine/datasets/errors';
import { datasetFromFiles, looksLikeIdx } from '../../../../shared/engine/datasets/from-files';
import { FASHION_MNIST_CLASSES } from '../../../../shared/engine/datasets/idx-dataset';
import { idxFile, idxFiles } from '../../../helpers/idx-files';

const text = (s: string) => new TextEncoder().encode(s);

function refusal(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  return expect.unreachable('expected a DatasetError');
}

describe('datasetFromFiles', () => {
  it('has one size limit, 4 GiB, as the default', () => {
    expect(MAX_DATASET_BYTES).toBe(4 * 1024 ** 3);
    expect(DEFAULT_LIMITS.maxBytes).toBe(MAX_DATASET_BYTES);
  });

  it('reads the IDX files of a dataset together, with their test split; a Fashion name brings its classes', () => {
    const plain = datasetFromFiles(idxFiles(6, 3), {}, DEFAULT_LIMITS, 'digits');
    expect(plain).toMatchObject({ name: 'digits', numFeatures: 4, imageShape: [2, 2] });
    expect(plain.train.n).toBe(6);
    expect(plain.test?.n).toBe(3);
    expect(plain.classNames).not.toEqual(FASHION_MNIST_CLASSES);
    expect(datasetFromFiles(idxFiles(), {}, DEFAULT_LIMITS, 'Fashion-MNIST').classNames).toEqual(FASHION_MNIST_CLASSES);
  });

  it('reads one CSV or TSV table, the delimiter from the name', () => {
    const csv = datasetFromFiles([{ name: 'a.csv', bytes: text('x,y,label\n1,2,a\n3,4,b\n') }], { labelColumn: 'label' }, DEFAULT_LIMITS);
    expect(csv).toMatchObject({ name: 'a.csv', numFeatures: 2, classNames: ['a', 'b'] });
    const tsv = datasetFromFiles([{ name: 'b.tsv', bytes: text('x\ty;z\tlabel\n1\t2\ta\n3\t4\tb\n') }], {}, DEFAULT_LIMITS);
    expect(tsv.featureNames).toEqual(['x', 'y;z']);
  });

  it('refuses IDX files over the limit in total, naming the dataset', () => {
    const files = idxFiles(6, 3);
    const total = files.reduce((n, f) => n + f.bytes.length, 0);
    const e = refusal(() => datasetFromFiles(files, {}, { maxBytes: total - 1 }, 'digits'));
    expect(e.message).toBe('digits: holds 0.0 MiB of IDX files, more than the limit of 0.0 MiB');
  });

  it('refuses a single IDX file, plain or gzipped, and says what to open instead', () => {
    const images = idxFile([6, 2, 2]);
    expect(looksLikeIdx(images)).toBe(true);
    expect(looksLikeIdx(text('a,b\n'))).toBe(false);
    for (const bytes of [images, new Uint8Array(gzipSync(images))]) {
      const e = refusal(() => datasetFromFiles([{ name: 'images.bin', bytes }], {}, DEFAULT_LIMITS));
      expect(e.source).toBe('images.bin');
      expect(e.problem).toMatch(/^is a single IDX file; open the images and labels of the dataset together/);
    }
  });

  it('refuses an empty, too large, binary or unlabelled set of files', () => {
    expect(refusal(() => datasetFromFiles([{ name: 'e.csv', bytes: new Uint8Array(0) }], {}, DEFAULT_LIMITS)).message).toBe('e.csv: is empty');
    expect(refusal(() => datasetFromFiles([{ name: 'big.csv', bytes: text('a,b\n1,2\n') }], {}, { maxBytes: 4 })).message).toBe(
      'big.csv: is 0.0 MiB, more than the limit of 0.0 MiB',
    );
    expect(refusal(() => datasetFromFiles([{ name: 'r.csv', bytes: Uint8Array.from([0xff, 0xfe, 0x41, 0x0a]) }], {}, DEFAULT_LIMITS)).message).toMatch(
      /^r\.csv: is neither a CSV\/TSV text table nor an IDX dataset \(it is not valid UTF-8 text\)$/,
    );
    const two = [
      { name: 'a.csv', bytes: text('a,b\n1,2\n') },
      { name: 'b.csv', bytes: text('a,b\n1,2\n') },
    ];
    expect(refusal(() => datasetFromFiles(two, {}, DEFAULT_LIMITS, 'drop')).message).toMatch(/^drop: expected one CSV\/TSV file or the IDX files of one dataset .*got 2 files$/);
  });
});
