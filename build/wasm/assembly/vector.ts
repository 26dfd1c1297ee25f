// Element-wise work of a training step in WebAssembly SIMD, on arrays in the same memory as the
// products: finiteness checks, optimizer updates, bias, ReLU, column sums and batch gathering.
// Four lanes at a time, then a scalar tail; float32 throughout, as PyTorch computes.

/** 1 when each of the n floats at p is finite, else 0. x - x is 0 for finite x, NaN otherwise. */
export function allFinite(p: usize, n: i32): i32 {
  let bad = i32x4.splat(0);
  let i: i32 = 0;
  for (; i + 16 <= n; i += 16) {
    const o = p + (<usize>i << 2);
    const a = v128.load(o);
    const b = v128.load(o, 16);
    const c = v128.load(o, 32);
    const d = v128.load(o, 48);
    const da = f32x4.sub(a, a);
    const db = f32x4.sub(b, b);
    const dc = f32x4.sub(c, c);
    const dd = f32x4.sub(d, d);
    bad = v128.or(bad, v128.or(v128.or(f32x4.ne(da, da), f32x4.ne(db, db)), v128.or(f32x4.ne(dc, dc), f32x4.ne(dd, dd))));
  }
  if (v128.any_true(bad)) return 0;
  for (; i < n; i++) {
    const v = load<f32>(p + (<usize>i << 2));
    if (v - v != 0) return 0;
  }
  return 1;
}

/** SGD: w -= lr * (g + wd * w). */
export function sgd(w: usize, g: usize, n: i32, lr: f32, wd: f32): void {
  const vlr = f32x4.splat(lr);
  const vwd = f32x4.splat(wd);
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(vwd, wv));
    v128.store(w + o, f32x4.sub(wv, f32x4.mul(vlr, gv)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    store<f32>(w + o, wv - lr * (load<f32>(g + o) + wd * wv));
  }
}

/**
 * SGD with momentum: g' = g + wd w; v = keep v + take g' (keep 0 and take 1 on the first step,
 * else mu and 1 - dampening); w -= lr v (heavy ball) or lr (g' + mu v) (Nesterov). Constants such
 * as 1 - dampening come computed in float64, as PyTorch's scalar arguments are.
 */
export function momentum(w: usize, g: usize, v: usize, n: i32, lr: f32, wd: f32, mu: f32, keep: f32, take: f32, nesterov: bool): void {
  const vlr = f32x4.splat(lr), vwd = f32x4.splat(wd), vmu = f32x4.splat(mu), vkeep = f32x4.splat(keep), vtake = f32x4.splat(take);
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = v128.load(w + o);
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(vwd, wv));
    const vv = f32x4.add(f32x4.mul(vkeep, v128.load(v + o)), f32x4.mul(vtake, gv));
    v128.store(v + o, vv);
    const step = nesterov ? f32x4.add(gv, f32x4.mul(vmu, vv)) : vv;
    v128.store(w + o, f32x4.sub(wv, f32x4.mul(vlr, step)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = load<f32>(w + o);
    const gv = load<f32>(g + o) + wd * wv;
    const vv = keep * load<f32>(v + o) + take * gv;
    store<f32>(v + o, vv);
    store<f32>(w + o, wv - lr * (nesterov ? gv + mu * vv : vv));
  }
}

/**
 * Adam and AdamW: w *= shrink (AdamW: 1 - lr wd; Adam: 1); g' = g + l2 w (Adam: wd; AdamW: 0);
 * m = b1 m + ob1 g'; v = b2 v + ob2 g'^2; w -= step m / (sqrt(v / bc2) + eps), where ob1 = 1 - b1,
 * ob2 = 1 - b2, step = lr / bc1 and bc = 1 - b^t come computed in float64: 1 - b2 taken in
 * float32 from a rounded 0.999 would be 1.3e-5 off.
 */
export function adam(
  w: usize, g: usize, m: usize, v: usize, n: i32,
  shrink: f32, l2: f32, b1: f32, ob1: f32, b2: f32, ob2: f32, step: f32, bc2: f32, eps: f32,
): void {
  const vl2 = f32x4.splat(l2), vshrink = f32x4.splat(shrink), vb1 = f32x4.splat(b1), vb2 = f32x4.splat(b2);
  const v1b1 = f32x4.splat(ob1), v1b2 = f32x4.splat(ob2);
  const vstep = f32x4.splat(step), vbc2 = f32x4.splat(bc2), veps = f32x4.splat(eps);
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const wv = f32x4.mul(vshrink, v128.load(w + o));
    const gv = f32x4.add(v128.load(g + o), f32x4.mul(vl2, wv));
    const mv = f32x4.add(f32x4.mul(vb1, v128.load(m + o)), f32x4.mul(v1b1, gv));
    const vv = f32x4.add(f32x4.mul(vb2, v128.load(v + o)), f32x4.mul(v1b2, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const denom = f32x4.add(f32x4.sqrt(f32x4.div(vv, vbc2)), veps);
    v128.store(w + o, f32x4.sub(wv, f32x4.div(f32x4.mul(vstep, mv), denom)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const wv = shrink * load<f32>(w + o);
    const gv = load<f32>(g + o) + l2 * wv;
    const mv = b1 * load<f32>(m + o) + ob1 * gv;
    const vv = b2 * load<f32>(v + o) + ob2 * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    store<f32>(w + o, wv - (step * mv) / (Mathf.sqrt(vv / bc2) + eps));
  }
}

/** Adds bias (cols floats) to each of the rows of out. */
export function addBias(out: usize, bias: usize, rows: i32, cols: i32): void {
  for (let r: i32 = 0; r < rows; r++) {
    const row = out + (<usize>(r * cols) << 2);
    let j: i32 = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(bias + o));
    }
  }
}

/** dst[j] = the sum over the rows of src[r, j] (a bias gradient), rows summed in order. */
export function columnSums(dst: usize, src: usize, rows: i32, cols: i32): void {
  let j: i32 = 0;
  for (; j + 4 <= cols; j += 4) {
    let s = f32x4.splat(0);
    for (let r: i32 = 0; r < rows; r++) s = f32x4.add(s, v128.load(src + (<usize>(r * cols + j) << 2)));
    v128.store(dst + (<usize>j << 2), s);
  }
  for (; j < cols; j++) {
    let s: f32 = 0;
    for (let r: i32 = 0; r < rows; r++) s += load<f32>(src + (<usize>(r * cols + j) << 2));
    store<f32>(dst + (<usize>j << 2), s);
  }
}

/** y = x < 0 ? 0 : x, as the TypeScript activation: NaN (and -0) pass through, so training stops on a NaN. */
export function reluForward(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const xv = v128.load(x + o);
    v128.store(y + o, v128.andnot(xv, f32x4.lt(xv, zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const xv = load<f32>(x + o);
    store<f32>(y + o, xv < 0 ? 0 : xv);
  }
}

/** dIn = dOut where x > 0, else 0. */
export function reluBackward(x: usize, dOut: usize, dIn: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i: i32 = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dIn + o, v128.and(v128.load(dOut + o), f32x4.gt(v128.load(x + o), zero)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dIn + o, load<f32>(x + o) > 0 ? load<f32>(dOut + o) : 0);
  }
}

/**
 * Gathers rows[start .. start+count) of a byte table (features bytes per row) into dst as floats,
 * each feature j as byte * scale[j] + shift[j].
 */
export function gatherBytes(dst: usize, src: usize, rows: usize, start: i32, count: i32, features: i32, scale: usize, shift: usize): void {
  for (let i: i32 = 0; i < count; i++) {
    const r = load<i32>(rows + (<usize>(start + i) << 2));
    const s = src + <usize>r * <usize>features;
    const d = dst + (<usize>(i * features) << 2);
    let j: i32 = 0;
    for (; j + 4 <= features; j += 4) {
      const bytes = v128.load32_zero(s + <usize>j);
      const ints = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes));
      const o = <usize>j << 2;
      v128.store(d + o, f32x4.add(f32x4.mul(f32x4.convert_i32x4_u(ints), v128.load(scale + o)), v128.load(shift + o)));
    }
    for (; j < features; j++) {
      const o = <usize>j << 2;
      store<f32>(d + o, <f32>load<u8>(s + <usize>j) * load<f32>(scale + o) + load<f32>(shift + o));
    }
  }
}
