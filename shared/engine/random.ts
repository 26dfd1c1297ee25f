// Seeded pseudo-random numbers: every random choice in the engine draws from one of these,
// so a project and its seed give bit-identical results on every run and platform.

/** splitmix32: spreads a small seed over 32 bits; used to seed the generator's state. */
function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Independent streams derived from one seed, so e.g. adding dropout does not change shuffling. */
export const STREAM = {
  init: 1,
  shuffle: 2,
  split: 3,
  dropout: 4,
  data: 5,
  testSplit: 6,
} as const;

/** sfc32 generator: small, fast, and passes PractRand; all arithmetic is 32-bit integer. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spareNormal = 0;
  private hasSpare = false;

  constructor(seed: number, stream = 0) {
    if (!Number.isFinite(seed)) throw new Error(`Random seed must be a finite number, got ${seed}`);
    const mix = splitmix32((Math.trunc(seed) ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Standard normal by the Box-Muller transform (pairs cached). */
  normal(mean = 0, std = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + std * this.spareNormal;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /** Fisher-Yates shuffle of the first n entries, in place. */
  shuffle(a: Int32Array | Uint32Array | number[], n = a.length): void {
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
