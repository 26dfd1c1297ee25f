// How the Step view prints a number: four significant digits, the way the lecture writes its
// worked examples (1.372, -0.0759, 0.00076), without trailing zeros or a minus on zero.

export function fmtStepNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e6) return String(Number(v.toPrecision(4)));
  return v.toExponential(3).replace(/\.?0+e/, 'e');
}
