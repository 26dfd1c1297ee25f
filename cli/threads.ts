// The kernel's threads under Node: helpers are worker_threads, and "all cores" is what the OS says.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { getKernel } from '../shared/engine/kernel/registry';
import { UsageError } from './errors';
import { positiveInt } from './options';
import type { MatrixKernel } from '../shared/engine/kernel/types';
import type { HelperSpawner } from '../shared/engine/kernel/wasm/threads';
import { WasmKernel } from '../shared/engine/kernel/wasm-kernel';

const HELPER = new URL('./gemm-helper.mjs', import.meta.url);

export const nodeHelperSpawner: HelperSpawner = (init) => {
  const worker = new Worker(HELPER, { workerData: init });
  // A helper never returns to its event loop while it serves, so it cannot keep the process alive
  // on its own account; unref lets the CLI exit when its work is done.
  worker.unref();
  return { terminate: () => void worker.terminate() };
};

export function allCores(): number {
  return availableParallelism();
}

/** The kernel --kernel names (default: the fastest here) with --threads threads (default: all cores). */
export async function kernelFromFlags(flags: { kernel?: string; threads?: string }): Promise<MatrixKernel> {
  const threads = flags.threads === undefined ? allCores() : positiveInt('threads', flags.threads);
  let kernel: MatrixKernel;
  try {
    kernel = getKernel(flags.kernel);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return kernelWithThreads(kernel.name, threads);
}

/**
 * The kernel by name with `threads` threads (WebAssembly kernels only; others run on one), ready
 * to use: resolves once the helper threads have started.
 */
export async function kernelWithThreads(name: string | undefined, threads: number): Promise<MatrixKernel> {
  const kernel = getKernel(name);
  if (kernel instanceof WasmKernel && threads !== kernel.threads) await kernel.useThreads(threads, nodeHelperSpawner);
  return kernel;
}
