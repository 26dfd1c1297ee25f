// Node 20 has WebAssembly relaxed SIMD (the fused multiply-add the fastest kernel uses) only behind
// a V8 flag; Node 22, Chromium and Electron ship it. Setting the flag before the first module is
// compiled is enough: kernels are compiled on first use, and worker threads share the setting.

import { setFlagsFromString } from 'node:v8';

export function enableWasmRelaxedSimd(): void {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) setFlagsFromString('--experimental-wasm-relaxed-simd');
}
