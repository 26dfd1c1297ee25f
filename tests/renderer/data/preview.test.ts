import { describe, expect, it } from 'vitest';
import { featureNames, greyPixels, greyRange, outputColumn, previewKind, scatterData, tableRows } from '../../../renderer/src/model/data/preview';
import { builtinSummary, csvSummary, imageSummary } from './fixtures';

const pixels = [
  [0, 50, 100, 150, 200, 255],
  [255, 0, 255, 0, 255, 0],
];

describe('previewKind', () => {
  it('shows images for image data, a scatter plot for 2-D sets and 1-D regression, a table otherwise', () => {
    expect(previewKind(imageSummary(pixels, [0, 1]))).toBe('images');
    expect(previewKind(builtinSummary('xor'))).toBe('scatter');
    expect(previewKind(builtinSummary('moons'))).toBe('scatter');
    expect(previewKind(builtinSummary('regression-1d'))).toBe('scatter');
    expect(previewKind(builtinSummary('iris'))).toBe('table');
    expect(previewKind(csvSummary('a,b,c,label\n1,2,3,x\n4,5,6,y\n'))).toBe('table');
  });
});

describe('sample table', () => {
  it("uses the dataset's feature names and shows the first iris flower as published", () => {
    const s = builtinSummary('iris', {}, { validationSplit: 0 });
    expect(featureNames(s)).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(outputColumn(s)).toBe('class');
    // Fisher's first flower: 5.1, 3.5, 1.4, 0.2, setosa (stored as float32, shown to 4 digits).
    expect(tableRows(s)[0]).toEqual({ cells: ['5.1', '3.5', '1.4', '0.2'], output: 'setosa' });
  });

  it('falls back to x1..xn for images and names the target column for regression', () => {
    expect(featureNames(imageSummary(pixels, [0, 1]))).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
    expect(outputColumn(builtinSummary('regression-1d'))).toBe('target');
  });

  it('shows a missing value as "missing" rather than NaN', () => {
    const s = csvSummary('a,b,label\n1,,x\n3,4,y\n5,6,x\n', { missing: 'mean' }, { validationSplit: 0 });
    expect(tableRows(s).map((r) => r.cells)).toEqual([['1', 'missing'], ['3', '4'], ['5', '6']]);
  });
});

describe('image grey levels', () => {
  it('maps byte pixels 0..255 to black..white whatever the darkest and lightest pixel', () => {
    // No pixel is 0 here, yet the scale stays 0-255 so a faint image looks faint.
    expect(greyRange(imageSummary([[10, 20, 30, 40, 50, 60]], [0]))).toEqual([0, 255]);
    const rgba = Array.from(greyPixels([0, 255, 127.5, Number.NaN], [0, 255]));
    expect(rgba).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 128, 128, 128, 255]);
  });

  it('stretches other value ranges to the full grey scale', () => {
    expect(Array.from(greyPixels([-1, 0, 1], [-1, 1])).filter((_, i) => i % 4 === 0)).toEqual([0, 128, 255]);
  });

  it('sends raw image samples with their labels', () => {
    const s = imageSummary(pixels, [1, 0], undefined, { validationSplit: 0 });
    expect(s.samples.map((x) => x.features)).toEqual(pixels);
    expect(s.samples.map((x) => x.label)).toEqual([1, 0]);
  });
});

describe('scatterData', () => {
  it('groups the 2-D samples by class, each point being the sample’s two features', () => {
    const s = builtinSummary('xor');
    const d = scatterData(s);
    expect(d.xName).toBe('x1');
    expect(d.yName).toBe('x2');
    expect(d.groups.map((g) => g.name)).toEqual([...s.classNames]);
    expect(d.groups.reduce((n, g) => n + g.points.length, 0)).toBe(s.samples.length);
    for (const sample of s.samples) {
      expect(d.groups[sample.label!].points).toContainEqual([sample.features[0], sample.features[1]]);
    }
  });

  it('plots 1-D regression as x against the target', () => {
    const s = builtinSummary('regression-1d');
    const d = scatterData(s);
    expect([d.xName, d.yName]).toEqual(['x', 'target']);
    expect(d.groups).toHaveLength(1);
    expect(d.groups[0].points).toEqual(s.samples.map((x) => [x.features[0], x.target![0]]));
  });
});
