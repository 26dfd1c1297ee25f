// A helper thread of the browser engine's WebAssembly kernel: started by the engine worker, it
// takes its part of each large product from shared memory until the engine stops it.

import { serveKernelHelper, type HelperInit } from '../../../shared/engine/kernel/wasm/threads';

// The worker's global scope; the renderer's tsconfig has DOM types, not WebWorker ones.
const scope = self as unknown as { onmessage: ((event: MessageEvent<HelperInit>) => void) | null };
scope.onmessage = (event) => {
  scope.onmessage = null;
  serveKernelHelper(event.data);
};
