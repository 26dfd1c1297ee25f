import { describe, expect, it } from 'vitest';
import { boundaryPixels, cellClass, gridBounds, MAX_ALPHA, MIN_ALPHA } from '../../../renderer/src/model/charts/boundary';
import { classLabels, confusionCells, confusionSize } from '../../../renderer/src/model/charts/confusion';
import { binWidth, histogramPoints } from '../../../renderer/src/model/charts/histogram';
import { galleryItemLabel, grayToRGBA } from '../../../renderer/src/model/charts/image';

describe('decision boundary pixels', () => {
  const red: [number, number, number] = [255, 0, 0];
  const blue: [number, number, number] = [0, 0, 255];

  it('takes the argmax class and scales certainty from chance (0) to sure (1)', () => {
    expect(cellClass([0.2, 0.8], 0, 2)).toEqual({ cls: 1, certainty: expect.closeTo(0.6, 12) });
    expect(cellClass([1 / 3, 1 / 3, 1 / 3], 0, 3).certainty).toBeCloseTo(0, 12);
    expect(cellClass([0, 0, 1], 0, 3)).toEqual({ cls: 2, certainty: 1 });
    // A single sigmoid output is the probability of class 1.
    expect(cellClass([0.9], 0, 1)).toEqual({ cls: 1, certainty: expect.closeTo(0.8, 12) });
    expect(cellClass([0.25], 0, 1)).toEqual({ cls: 0, certainty: expect.closeTo(0.5, 12) });
  });

  it('puts the grid row at yMin at the bottom of the image', () => {
    // 2x2 grid, 2 classes. Bottom row (row 0): sure class 0 | unsure class 1. Top row: sure class 1 | chance.
    const probabilities = Float32Array.from([1, 0, 0.4, 0.6, 0, 1, 0.5, 0.5]);
    const px = boundaryPixels({ xMin: 0, xMax: 1, yMin: 0, yMax: 1, resolution: 2, classes: 2, probabilities }, [red, blue]);
    const a = (v: number) => Math.round(255 * v);
    // Image row 0 = top = grid row 1.
    expect([...px.slice(0, 4)]).toEqual([0, 0, 255, a(MAX_ALPHA)]);
    expect([...px.slice(4, 8)]).toEqual([255, 0, 0, a(MIN_ALPHA)]);
    // Image row 1 = bottom = grid row 0.
    expect([...px.slice(8, 12)]).toEqual([255, 0, 0, a(MAX_ALPHA)]);
    expect([...px.slice(12, 16)]).toEqual([0, 0, 255, a(MIN_ALPHA + 0.2 * (MAX_ALPHA - MIN_ALPHA))]);
  });

  it('rejects a grid with too few values', () => {
    expect(() =>
      boundaryPixels({ xMin: 0, xMax: 1, yMin: 0, yMax: 1, resolution: 3, classes: 2, probabilities: new Float32Array(4) }, [red]),
    ).toThrow(/expected 18/);
  });
});

describe('decision boundary plane', () => {
  it('spans the points with a tenth of their extent around them', () => {
    const b = gridBounds([
      { x: -1, y: 2, label: 0 },
      { x: 3, y: 4, label: 1 },
      { x: 0, y: 3, label: 0 },
    ]);
    expect(b).not.toBeNull();
    expect(b!.xMin).toBeCloseTo(-1.4, 12);
    expect(b!.xMax).toBeCloseTo(3.4, 12);
    expect(b!.yMin).toBeCloseTo(1.8, 12);
    expect(b!.yMax).toBeCloseTo(4.2, 12);
  });

  it('gives a flat or single-point set a unit-wide margin, and no plane without points', () => {
    expect(gridBounds([{ x: 5, y: 5, label: 0 }])).toEqual({ xMin: 4.9, xMax: 5.1, yMin: 4.9, yMax: 5.1 });
    expect(gridBounds([])).toBeNull();
  });
});

describe('confusion matrix cells', () => {
  it('reads rows as true classes and shades by share of the row', () => {
    const cells = confusionCells([8, 2, 0, 0]);
    expect(cells).toEqual([
      { predicted: 0, actual: 0, count: 8, rowFraction: 0.8 },
      { predicted: 1, actual: 0, count: 2, rowFraction: 0.2 },
      { predicted: 0, actual: 1, count: 0, rowFraction: 0 },
      { predicted: 1, actual: 1, count: 0, rowFraction: 0 },
    ]);
  });

  it('needs a square number of values and pads class names', () => {
    expect(confusionSize(new Array(9).fill(0))).toBe(3);
    expect(() => confusionSize([1, 2, 3])).toThrow(/n²/);
    expect(classLabels(3, ['cat'])).toEqual(['cat', 'Class 1', 'Class 2']);
  });
});

describe('histogram points', () => {
  it('gives bin centres and fractions', () => {
    const h = { min: -1, max: 1, counts: [1, 3, 0, 4] };
    expect(histogramPoints(h)).toEqual([
      [-0.75, 0.125],
      [-0.25, 0.375],
      [0.25, 0],
      [0.75, 0.5],
    ]);
    expect(binWidth(h)).toBe(0.5);
  });

  it('handles all-equal values and empty histograms', () => {
    expect(histogramPoints({ min: 0, max: 0, counts: [5, 0, 0] })).toEqual([[0, 1]]);
    expect(histogramPoints({ min: 0, max: 0, counts: [0, 0] })).toEqual([]);
  });
});

describe('gallery images', () => {
  it('maps the encoding range to grey and clamps', () => {
    const px = grayToRGBA({ width: 2, height: 2, pixels: Float32Array.from([-1, 0, 1, 3]) }, [-1, 1]);
    expect([...px]).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255]);
    const raw = grayToRGBA({ width: 1, height: 1, pixels: Uint8Array.from([51]) }, [0, 255], true);
    expect([...raw]).toEqual([204, 204, 204, 255]);
  });

  it('names an item by prediction, truth and verdict', () => {
    expect(galleryItemLabel({ trueLabel: 'Trouser', predictedLabel: 'Trouser', confidence: 0.934, correct: true })).toBe(
      'Predicted Trouser, true Trouser, correct, 93% sure',
    );
    expect(galleryItemLabel({ trueLabel: 'Shirt', predictedLabel: 'T-shirt', confidence: 0.5, correct: false })).toMatch(
      /^Predicted T-shirt, true Shirt, wrong/,
    );
  });
});
