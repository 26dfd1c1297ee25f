// Grayscale sample images (e.g. Fashion-MNIST, 0..255 or already normalized) as RGBA pixels
// for a canvas.

export interface GrayImage {
  width: number;
  height: number;
  pixels: Uint8Array | Float32Array | readonly number[];
}

/**
 * Maps values from `range` ([min, max] of the encoding: [0, 255] raw, [-1, 1] or [0, 1] after
 * normalization) to 0..255 grey; out-of-range values are clamped. `invert` draws dark on light.
 */
export function grayToRGBA(img: GrayImage, range: readonly [number, number], invert = false): Uint8ClampedArray<ArrayBuffer> {
  const n = img.width * img.height;
  if (img.pixels.length < n) throw new Error(`image has ${img.pixels.length} pixels, expected ${img.width}x${img.height}`);
  const [lo, hi] = range;
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    let g = (img.pixels[i] - lo) * scale;
    g = g < 0 ? 0 : g > 255 ? 255 : g;
    if (invert) g = 255 - g;
    const o = i * 4;
    out[o] = out[o + 1] = out[o + 2] = g;
    out[o + 3] = 255;
  }
  return out;
}

/** One prediction in the gallery. */
export interface GalleryItem {
  image?: GrayImage;
  /** For tabular data: the sample's feature values. */
  features?: number[];
  trueLabel: string;
  predictedLabel: string;
  /** Probability of the predicted class, 0..1. */
  confidence: number;
  correct: boolean;
}

/** The item's accessible name, e.g. 'Predicted Trouser, true Trouser, correct, 93% sure'. */
export function galleryItemLabel(item: GalleryItem): string {
  return `Predicted ${item.predictedLabel}, true ${item.trueLabel}, ${item.correct ? 'correct' : 'wrong'}, ${Math.round(item.confidence * 100)}% sure`;
}
