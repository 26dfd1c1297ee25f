// The engine process's kernel threads: helpers are worker_threads running the built helper next to
// this bundle (out/main/gemm-helper.js). Run from source (tests fork the TypeScript entry), there
// is no built helper and the engine stays on one thread.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { STUDIO_THREADS } from '../../shared/engine-host/studio-threads';
import { getKernel } from '../../shared/engine/kernel/registry';
import type { HelperSpawner } from '../../shared/engine/kernel/wasm/threads';
import { WasmKernel } from '../../shared/engine/kernel/wasm-kernel';

const HELPER = new URL('./gemm-helper.js', import.meta.url);

const spawnHelper: HelperSpawner = (init) => {
  const worker = new Worker(HELPER, { workerData: init });
  worker.unref();
  return { terminate: () => void worker.terminate() };
};

/** Starts the studio's helper threads when the built helper is there; resolves with the thread count. */
export async function startKernelThreads(): Promise<number> {
  const kernel = getKernel();
  if (!(kernel instanceof WasmKernel) || !existsSync(fileURLToPath(HELPER))) return kernel.threads;
  return kernel.useThreads(STUDIO_THREADS, spawnHelper);
}
