// The browser edition's engine: the same EngineHost as the desktop's utility process, in a Web
// Worker, speaking the same protocol over the worker's message channel. Its WebAssembly kernel
// splits large products with a helper worker when the page is cross-origin isolated.

import '../csp-safe-zod';
import { EngineHost } from '../../../shared/engine-host/host';
import { getKernel } from '../../../shared/engine/kernel/registry';
import type { HelperSpawner } from '../../../shared/engine/kernel/wasm/threads';
import { WasmKernel } from '../../../shared/engine/kernel/wasm-kernel';
import type { EngineMessage } from '../../../shared/protocol/engine';
import { STUDIO_THREADS } from '../../../shared/engine-host/studio-threads';
import { threadsNotice } from './threads';

// The worker's global scope; the renderer's tsconfig has DOM types, not WebWorker ones.
const scope = self as unknown as {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  crossOriginIsolated?: boolean;
};

const spawnHelper: HelperSpawner = (init) => {
  const worker = new Worker(new URL('./gemm-helper.ts', import.meta.url), { type: 'module', name: 'MLP Studio kernel thread' });
  worker.postMessage(init);
  return { terminate: () => worker.terminate() };
};

const kernel = getKernel();
const notice = threadsNotice(kernel.name, scope.crossOriginIsolated === true);
const host = new EngineHost({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  notices: notice ? [notice] : [],
});
scope.addEventListener('message', (event) => void host.handle(event.data));
// Runs started before the helper is up use one thread; the started event says which.
if (kernel instanceof WasmKernel) void kernel.useThreads(STUDIO_THREADS, spawnHelper);
const ready: EngineMessage = { type: 'ready' };
scope.postMessage(ready);
