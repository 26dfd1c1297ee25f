// Checks the embedded Iris data against the published values, row by row and in aggregate.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { iris } from '../../../../shared/engine/datasets/iris';

function row(i: number): number[] {
  return Array.from(iris().train.x.subarray(i * 4, i * 4 + 4));
}

describe('iris', () => {
  it('has 150 flowers, 4 features and 50 of each class', () => {
    const d = iris();
    expect(d.task).toBe('classification');
    expect(d.train.n).toBe(150);
    expect(d.train.x).toBeInstanceOf(Float32Array);
    expect(d.train.x.length).toBe(600);
    expect(d.numFeatures).toBe(4);
    expect(d.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(d.targetSize).toBe(3);
    expect(d.test).toBeUndefined();
    const counts = [0, 0, 0];
    for (const label of d.train.labels!) counts[label]++;
    expect(counts).toEqual([50, 50, 50]);
  });

  it('keeps the classic order: 50 setosa, then versicolor, then virginica', () => {
    const labels = Array.from(iris().train.labels!);
    expect(labels).toEqual([...Array(50).fill(0), ...Array(50).fill(1), ...Array(50).fill(2)]);
  });

  it('has known rows, including the two UCI gets wrong', () => {
    const close = (i: number, expected: number[]) => row(i).forEach((v, j) => expect(v).toBeCloseTo(expected[j], 5));
    close(0, [5.1, 3.5, 1.4, 0.2]);
    close(34, [4.9, 3.1, 1.5, 0.2]);
    close(37, [4.9, 3.6, 1.4, 0.1]);
    close(50, [7.0, 3.2, 4.7, 1.4]);
    close(56, [6.3, 3.3, 4.7, 1.6]);
    close(100, [6.3, 3.3, 6.0, 2.5]);
    close(149, [5.9, 3.0, 5.1, 1.8]);
  });

  it('has the well-known column means, overall and per species', () => {
    const d = iris();
    const means = (from: number, to: number) =>
      [0, 1, 2, 3].map((j) => {
        let s = 0;
        for (let i = from; i < to; i++) s += d.train.x[i * 4 + j];
        return s / (to - from);
      });
    [5.843, 3.057, 3.758, 1.199].forEach((m, j) => expect(means(0, 150)[j]).toBeCloseTo(m, 3));
    [5.006, 3.428, 1.462, 0.246].forEach((m, j) => expect(means(0, 50)[j]).toBeCloseTo(m, 3));
    [5.936, 2.77, 4.26, 1.326].forEach((m, j) => expect(means(50, 100)[j]).toBeCloseTo(m, 3));
    [6.588, 2.974, 5.552, 2.026].forEach((m, j) => expect(means(100, 150)[j]).toBeCloseTo(m, 3));
  });

  it("matches scikit-learn's iris.csv byte for byte", () => {
    // Rebuilt in that file's layout (CRLF lines); the hash is the one in scikit-learn's git-lfs pointer.
    const d = iris();
    let csv = '150,4,setosa,versicolor,virginica\r\n';
    for (let i = 0; i < 150; i++) csv += `${row(i).map((v) => v.toFixed(1)).join(',')},${d.train.labels![i]}\r\n`;
    expect(createHash('sha256').update(csv).digest('hex')).toBe(
      'f9e3809b56cc0f2f2f69554b7a0ea04e94d0e2c21343c86593eaf5581551dab6',
    );
  });

  it('returns fresh arrays, so editing one load does not change the next', () => {
    const a = iris();
    (a.train.x as Float32Array)[0] = 99;
    a.train.labels![0] = 2;
    expect(iris().train.x[0]).toBeCloseTo(5.1, 5);
    expect(iris().train.labels![0]).toBe(0);
  });
});
