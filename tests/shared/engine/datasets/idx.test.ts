// IDX files (the MNIST family's format) and IDX folders as datasets, plain and gzipped: header
// fields, every type code, the train/test pair, and each malformed input refused with a
// DatasetError that names the file, before anything large is allocated. The gzip layer itself is
// tested in gzip.test.ts, labels against known classes in idx-labels.test.ts.

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError, DEFAULT_LIMITS, type DataLimits } from '../../../../shared/engine/datasets/errors';
import { isGzip } from '../../../../shared/engine/datasets/gzip';
import { parseIdx } from '../../../../shared/engine/datasets/idx';
import { FASHION_MNIST_CLASSES, idxDataset, idxRoles, type DataFile } from '../../../../shared/engine/datasets/idx-dataset';

const TYPE = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
const SIZE = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;

/** An IDX file: 00 00, the type code, the number of dimensions, big-endian dims, then the data. */
function idx(typeCode: number, dims: number[], data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = typeCode;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

/** n images of h x w bytes; pixel j of image i is (i * 7 + j) mod 256, so every image differs. */
function imageBytes(n: number, h: number, w: number): Uint8Array {
  return Uint8Array.from({ length: n * h * w }, (_, k) => (Math.floor(k / (h * w)) * 7 + (k % (h * w))) % 256);
}
const images = (n: number, h = 4, w = 4) => idx(TYPE.uint8, [n, h, w], imageBytes(n, h, w));
const labelsFile = (values: number[]) => idx(TYPE.uint8, [values.length], Uint8Array.from(values));
const labelValues = (n: number, classes = 10) => Array.from({ length: n }, (_, i) => i % classes);

/** The usual four files: 20 training and 10 test images of h x w, labels cycling 0..9. */
function folder(options: { gz?: boolean; h?: number; w?: number; test?: boolean } = {}): DataFile[] {
  const { gz = false, h = 4, w = 4, test = true } = options;
  const wrap = (b: Uint8Array) => (gz ? new Uint8Array(gzipSync(b)) : b);
  const ext = gz ? '.gz' : '';
  const files: DataFile[] = [
    { name: `train-images-idx3-ubyte${ext}`, bytes: wrap(images(20, h, w)) },
    { name: `train-labels-idx1-ubyte${ext}`, bytes: wrap(labelsFile(labelValues(20))) },
  ];
  if (test) {
    files.push(
      { name: `t10k-images-idx3-ubyte${ext}`, bytes: wrap(images(10, h, w)) },
      { name: `t10k-labels-idx1-ubyte${ext}`, bytes: wrap(labelsFile(labelValues(10).reverse())) },
    );
  }
  return files;
}

const replace = (files: DataFile[], name: string, bytes: Uint8Array): DataFile[] => files.map((f) => (f.name === name ? { name, bytes } : f));

/** Runs fn, expects a DatasetError from `source` whose message starts with the source's name. */
function datasetError(fn: () => unknown, source: string): DatasetError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, 'expected a DatasetError').toBeInstanceOf(DatasetError);
  const err = caught as DatasetError;
  expect(err.source).toBe(source);
  expect(err.message.startsWith(`${source}: `)).toBe(true);
  expect(err.name).toBe('DatasetError');
  return err;
}

describe('parseIdx', () => {
  it('reads the header fields and dims and returns the data as a view into the file, not a copy', () => {
    const file = images(20, 28, 28);
    const parsed = parseIdx(file, 'train-images-idx3-ubyte', DEFAULT_LIMITS);
    expect(parsed.type).toBe('uint8');
    expect(parsed.dims).toEqual([20, 28, 28]);
    expect(parsed.bytes.length).toBe(20 * 28 * 28);
    expect(parsed.bytes.buffer).toBe(file.buffer);
    expect(parsed.bytes.byteOffset).toBe(16);
    expect(Array.from(parsed.bytes.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(parsed.bytes[28 * 28]).toBe(7);
    // A write through the view shows in the file: the same memory.
    parsed.bytes[0] = 99;
    expect(file[16]).toBe(99);
  });

  it('keeps the view correct when the file itself is a view at an offset', () => {
    const file = labelsFile([3, 1, 4, 1, 5]);
    const padded = new Uint8Array(file.length + 10);
    padded.set(file, 7);
    const parsed = parseIdx(padded.subarray(7, 7 + file.length), 'labels', DEFAULT_LIMITS);
    expect(parsed.dims).toEqual([5]);
    expect(Array.from(parsed.bytes)).toEqual([3, 1, 4, 1, 5]);
    expect(parsed.bytes.buffer).toBe(padded.buffer);
    expect(parsed.bytes.byteOffset).toBe(7 + 8);
  });

  const samples = {
    uint8: [0, 1, 200, 255],
    int8: [-128, -1, 0, 127],
    int16: [-32768, -2, 3, 32767],
    int32: [-2147483648, -5, 6, 2147483647],
    float32: [-1.5, 0, 0.25, 3e38],
    float64: [-1e300, Math.PI, 0, 1e-300],
  } as const;

  for (const [name, values] of Object.entries(samples) as [keyof typeof samples, readonly number[]][]) {
    it(`reads type code 0x${TYPE[name].toString(16).padStart(2, '0')} as ${name} (${SIZE[name]} bytes, big-endian)`, () => {
      const size = SIZE[name];
      const data = new Uint8Array(values.length * size);
      const view = new DataView(data.buffer);
      values.forEach((v, i) => {
        const o = i * size;
        if (name === 'uint8') view.setUint8(o, v);
        else if (name === 'int8') view.setInt8(o, v);
        else if (name === 'int16') view.setInt16(o, v, false);
        else if (name === 'int32') view.setInt32(o, v, false);
        else if (name === 'float32') view.setFloat32(o, v, false);
        else view.setFloat64(o, v, false);
      });
      const parsed = parseIdx(idx(TYPE[name], [2, 2], data), `file.${name}`, DEFAULT_LIMITS);
      expect(parsed.type).toBe(name);
      expect(parsed.dims).toEqual([2, 2]);
      expect(parsed.bytes.length).toBe(4 * size);
      const back = new DataView(parsed.bytes.buffer, parsed.bytes.byteOffset, parsed.bytes.byteLength);
      const read = values.map((_, i) => {
        const o = i * size;
        if (name === 'uint8') return back.getUint8(o);
        if (name === 'int8') return back.getInt8(o);
        if (name === 'int16') return back.getInt16(o, false);
        if (name === 'int32') return back.getInt32(o, false);
        if (name === 'float32') return back.getFloat32(o, false);
        return back.getFloat64(o, false);
      });
      expect(read).toEqual(name === 'float32' ? values.map(Math.fround) : values);
    });
  }

  it('refuses truncated data, naming the file and both sizes', () => {
    const file = images(20).subarray(0, 16 + 20 * 16 - 5);
    const err = datasetError(() => parseIdx(file, 'train-images-idx3-ubyte', DEFAULT_LIMITS), 'train-images-idx3-ubyte');
    expect(err.message).toMatch(/truncated/);
    expect(err.message).toContain('20x4x4');
    expect(err.message).toContain(String(20 * 16 - 5));
  });

  it('refuses a truncated header, and a file shorter than the magic number', () => {
    const header = images(20).subarray(0, 10); // 3 dims need 16 header bytes
    expect(datasetError(() => parseIdx(header, 'a.idx', DEFAULT_LIMITS), 'a.idx').message).toMatch(/truncated IDX header/);
    expect(datasetError(() => parseIdx(new Uint8Array([0, 0, 8]), 'b.idx', DEFAULT_LIMITS), 'b.idx').message).toMatch(/not an IDX file/);
    expect(datasetError(() => parseIdx(new Uint8Array(0), 'c.idx', DEFAULT_LIMITS), 'c.idx').message).toMatch(/not an IDX file/);
  });

  it('refuses a wrong magic number (first bytes not 00 00) and shows the bytes', () => {
    const file = images(2);
    file[0] = 0x12;
    file[1] = 0x34;
    const err = datasetError(() => parseIdx(file, 'train-images-idx3-ubyte', DEFAULT_LIMITS), 'train-images-idx3-ubyte');
    expect(err.message).toMatch(/magic/);
    expect(err.message).toContain('12 34 08 03');
    const second = images(2);
    second[1] = 1;
    expect(datasetError(() => parseIdx(second, 'x', DEFAULT_LIMITS), 'x').message).toMatch(/magic/);
  });

  it('refuses an unknown type code', () => {
    for (const code of [0x00, 0x07, 0x0a, 0x0f, 0xff]) {
      const err = datasetError(() => parseIdx(idx(code, [1], new Uint8Array(8)), 'odd.idx', DEFAULT_LIMITS), 'odd.idx');
      expect(err.message).toMatch(/unknown IDX type code/);
      expect(err.message).toContain(`0x${code.toString(16)}`);
    }
  });

  it('refuses a header with no dimensions', () => {
    expect(datasetError(() => parseIdx(idx(TYPE.uint8, []), 'zero.idx', DEFAULT_LIMITS), 'zero.idx').message).toMatch(/no dimensions/);
  });

  it('refuses a header claiming billions of items by the limit, at once, before any allocation', () => {
    const file = idx(TYPE.uint8, [4e9, 28, 28], new Uint8Array(64));
    const t0 = performance.now();
    const err = datasetError(() => parseIdx(file, 'train-images-idx3-ubyte', DEFAULT_LIMITS), 'train-images-idx3-ubyte');
    expect(performance.now() - t0).toBeLessThan(100);
    expect(err.message).toMatch(/limit/);
    expect(err.message).toContain('4000000000x28x28');
    expect(err.message).toContain(String(DEFAULT_LIMITS.maxBytes));
    // The limit is checked before truncation: a claim over the limit says so, not "truncated".
    expect(err.message).not.toMatch(/truncated/);
    // Multi-byte types count bytes, not values: 1e9 float64 values are 8e9 bytes.
    const wide = idx(TYPE.float64, [1e9], new Uint8Array(8));
    expect(datasetError(() => parseIdx(wide, 'f64', DEFAULT_LIMITS), 'f64').message).toMatch(/limit/);
    // And a small limit applies to a small file too.
    const small: DataLimits = { maxBytes: 100 };
    expect(datasetError(() => parseIdx(images(20), 'small', small), 'small').message).toMatch(/more than the limit of 100/);
  });

  it('refuses trailing garbage after the data', () => {
    const good = images(3);
    const file = new Uint8Array(good.length + 5);
    file.set(good);
    const err = datasetError(() => parseIdx(file, 'train-images-idx3-ubyte', DEFAULT_LIMITS), 'train-images-idx3-ubyte');
    expect(err.message).toMatch(/5 bytes after the data/);
  });
});

describe('idxRoles', () => {
  it('finds the four usual names, plain, .gz and with a dot before idx', () => {
    expect(idxRoles(['README', 't10k-labels-idx1-ubyte.gz', 'train-images.idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte'])).toEqual({
      trainImages: 'train-images.idx3-ubyte',
      trainLabels: 'train-labels-idx1-ubyte',
      testImages: 't10k-images-idx3-ubyte',
      testLabels: 't10k-labels-idx1-ubyte.gz',
    });
    expect(idxRoles(['train-images-idx3-ubyte.zip', 'my-train-labels-idx1-ubyte'])).toEqual({});
  });
});

describe('idxDataset', () => {
  for (const gz of [false, true]) {
    it(`builds train and test splits from the four ${gz ? '.gz' : 'plain'} files`, () => {
      const files = folder({ gz });
      if (gz) for (const f of files) expect(isGzip(f.bytes)).toBe(true);
      const d = idxDataset('fashion', files, DEFAULT_LIMITS, FASHION_MNIST_CLASSES);
      expect(d.name).toBe('fashion');
      expect(d.task).toBe('classification');
      expect(d.numFeatures).toBe(16);
      expect(d.featureNames).toHaveLength(16);
      expect(d.imageShape).toEqual([4, 4]);
      expect(d.classNames).toEqual(FASHION_MNIST_CLASSES);
      expect(d.targetSize).toBe(10);
      expect(d.train.n).toBe(20);
      expect(d.train.x).toBeInstanceOf(Uint8Array);
      expect(d.train.x.length).toBe(20 * 16);
      expect(Array.from(d.train.x)).toEqual(Array.from(imageBytes(20, 4, 4)));
      expect(d.train.labels).toBeInstanceOf(Int32Array);
      expect(Array.from(d.train.labels!)).toEqual(labelValues(20));
      expect(d.test).toBeDefined();
      expect(d.test!.n).toBe(10);
      expect(d.test!.x.length).toBe(10 * 16);
      expect(d.test!.labels).toBeInstanceOf(Int32Array);
      expect(Array.from(d.test!.labels!)).toEqual(labelValues(10).reverse());
      expect(d.description).toContain('20 training and 10 test');
    });
  }

  it('reads 28x28 images and names classes by number when no names are passed', () => {
    const files = folder({ h: 28, w: 28 });
    const d = idxDataset('digits', files, DEFAULT_LIMITS);
    expect(d.imageShape).toEqual([28, 28]);
    expect(d.numFeatures).toBe(784);
    expect(d.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(d.targetSize).toBe(10);
  });

  it('works without a test pair, and gives the class count from the largest label', () => {
    const files = replace(folder({ test: false }), 'train-labels-idx1-ubyte', labelsFile(labelValues(20, 3)));
    const d = idxDataset('three', files, DEFAULT_LIMITS);
    expect(d.test).toBeUndefined();
    expect(d.train.n).toBe(20);
    expect(d.classNames).toEqual(['0', '1', '2']);
    expect(d.targetSize).toBe(3);
    expect(d.description).toBe('20 training images of 4x4 bytes; 3 classes found (labels 0-2)');
  });

  it('keeps the image data as views of the (decompressed) file bytes, never a float copy', () => {
    const files = folder();
    const d = idxDataset('views', files, DEFAULT_LIMITS);
    expect((d.train.x as Uint8Array).buffer).toBe(files[0].bytes.buffer);
  });

  it('refuses truncated image data, naming the image file', () => {
    const files = replace(folder(), 'train-images-idx3-ubyte', images(20).subarray(0, 100));
    expect(datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), 'train-images-idx3-ubyte').message).toMatch(/truncated/);
  });

  it('refuses a truncated header in a .gz file, naming the .gz file', () => {
    const files = replace(folder({ gz: true }), 't10k-labels-idx1-ubyte.gz', new Uint8Array(gzipSync(labelsFile([1, 2]).subarray(0, 6))));
    expect(datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), 't10k-labels-idx1-ubyte.gz').message).toMatch(/truncated IDX header/);
  });

  it('refuses a wrong magic number, naming the file', () => {
    const bad = labelsFile(labelValues(20));
    bad[0] = 0x50;
    bad[1] = 0x4b;
    const files = replace(folder(), 'train-labels-idx1-ubyte', bad);
    expect(datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), 'train-labels-idx1-ubyte').message).toMatch(/magic/);
  });

  it('refuses an unknown type code, naming the file', () => {
    const bad = images(20);
    bad[2] = 0x0a;
    const files = replace(folder(), 'train-images-idx3-ubyte', bad);
    expect(datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), 'train-images-idx3-ubyte').message).toMatch(/unknown IDX type code 0xa/);
  });

  it('refuses image and label counts that differ, naming the labels file and both counts', () => {
    const files = replace(folder(), 'train-labels-idx1-ubyte', labelsFile(labelValues(19)));
    const err = datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), 'train-labels-idx1-ubyte');
    expect(err.message).toContain('19 labels for 20 images');
    expect(err.message).toContain('train-images-idx3-ubyte');
    const testFiles = replace(folder(), 't10k-labels-idx1-ubyte', labelsFile(labelValues(11)));
    expect(datasetError(() => idxDataset('d', testFiles, DEFAULT_LIMITS), 't10k-labels-idx1-ubyte').message).toContain('11 labels for 10 images');
  });

  it('refuses a header claiming billions of images quickly, by the limit, in a plain and in a gzipped file', () => {
    const huge = idx(TYPE.uint8, [4e9, 28, 28]);
    for (const gz of [false, true]) {
      const name = `train-images-idx3-ubyte${gz ? '.gz' : ''}`;
      const files = [
        { name, bytes: gz ? new Uint8Array(gzipSync(huge)) : huge },
        { name: 'train-labels-idx1-ubyte', bytes: labelsFile(labelValues(20)) },
      ];
      const t0 = performance.now();
      const err = datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), name);
      expect(performance.now() - t0).toBeLessThan(200);
      expect(err.message).toMatch(/limit/);
      expect(err.message).toContain('4000000000x28x28');
    }
  });

  it('refuses trailing garbage, naming the file', () => {
    const good = labelsFile(labelValues(10));
    const bad = new Uint8Array(good.length + 3);
    bad.set(good);
    const files = replace(folder(), 't10k-labels-idx1-ubyte', bad);
    expect(datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), 't10k-labels-idx1-ubyte').message).toMatch(/3 bytes after the data/);
  });

  it('refuses labels that are not a 1-D list of bytes', () => {
    const twoD = idx(TYPE.uint8, [20, 1], Uint8Array.from(labelValues(20)));
    const err = datasetError(() => idxDataset('d', replace(folder(), 'train-labels-idx1-ubyte', twoD), DEFAULT_LIMITS), 'train-labels-idx1-ubyte');
    expect(err.message).toMatch(/1-dimensional list of bytes/);
    expect(err.message).toContain('20x1');
    const ints = new Uint8Array(80);
    labelValues(20).forEach((v, i) => new DataView(ints.buffer).setInt32(4 * i, v, false));
    const int32 = idx(TYPE.int32, [20], ints);
    const err2 = datasetError(() => idxDataset('d', replace(folder(), 'train-labels-idx1-ubyte', int32), DEFAULT_LIMITS), 'train-labels-idx1-ubyte');
    expect(err2.message).toMatch(/int32/);
  });

  it('refuses images that are not bytes, or have fewer than 2 dimensions', () => {
    const floats = idx(TYPE.float32, [20, 2, 2], new Uint8Array(20 * 4 * 4));
    expect(datasetError(() => idxDataset('d', replace(folder(), 'train-images-idx3-ubyte', floats), DEFAULT_LIMITS), 'train-images-idx3-ubyte').message).toMatch(
      /unsigned bytes, found float32/,
    );
    const flat = idx(TYPE.uint8, [20], new Uint8Array(20));
    expect(datasetError(() => idxDataset('d', replace(folder(), 'train-images-idx3-ubyte', flat), DEFAULT_LIMITS), 'train-images-idx3-ubyte').message).toMatch(
      /at least 2 dimensions/,
    );
  });

  it('refuses test images of another shape than the training images, naming the test file', () => {
    const files = replace(folder(), 't10k-images-idx3-ubyte', images(10, 5, 5));
    const err = datasetError(() => idxDataset('d', files, DEFAULT_LIMITS), 't10k-images-idx3-ubyte');
    expect(err.message).toContain('5x5');
    expect(err.message).toContain('4x4');
  });

  it('refuses t10k images without labels, and labels without images, naming the folder', () => {
    const noLabels = folder().filter((f) => f.name !== 't10k-labels-idx1-ubyte');
    expect(datasetError(() => idxDataset('my-folder', noLabels, DEFAULT_LIMITS), 'my-folder').message).toMatch(/t10k images without labels/);
    const noImages = folder().filter((f) => f.name !== 't10k-images-idx3-ubyte');
    expect(datasetError(() => idxDataset('my-folder', noImages, DEFAULT_LIMITS), 'my-folder').message).toMatch(/t10k labels without images/);
  });

  it('refuses a folder without the training files, naming the folder and the expected names', () => {
    for (const missing of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte']) {
      const files = folder().filter((f) => f.name !== missing);
      const err = datasetError(() => idxDataset('my-folder', files, DEFAULT_LIMITS), 'my-folder');
      expect(err.message).toContain('train-images-idx3-ubyte');
      expect(err.message).toContain('train-labels-idx1-ubyte');
    }
    expect(datasetError(() => idxDataset('empty', [], DEFAULT_LIMITS), 'empty').message).toMatch(/needs/);
  });
});
