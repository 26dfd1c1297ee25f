// What the browser engine says when it cannot train on the threads the studio would use.

/** Why a run trains on one thread where the studio would use more, or null when it need not. */
export function threadsNotice(kernel: string, crossOriginIsolated: boolean): string | null {
  if (!kernel.startsWith('wasm')) return `Training uses the ${kernel} kernel on one thread: this browser has no WebAssembly SIMD.`;
  if (!crossOriginIsolated) {
    return 'Training uses one thread, not two: this page is not cross-origin isolated, so the engine cannot share memory with a second thread. Serve it with the COOP and COEP headers, as npm run web does.';
  }
  return null;
}
