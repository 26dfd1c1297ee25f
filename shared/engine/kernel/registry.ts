// Matrix kernels by name: which ones this runtime can run, the fastest of them, and one shared
// instance of each (a WebAssembly kernel owns a memory the engine's arrays live in).

import { typescriptKernel } from './ts-kernel';
import type { MatrixKernel } from './types';
import { WasmKernel } from './wasm-kernel';
import { wasmFeatures } from './wasm/runtime';

export const KERNEL_NAMES = ['typescript', 'wasm-simd', 'wasm-simd-fma'] as const;
export type KernelName = (typeof KERNEL_NAMES)[number];

interface KernelEntry {
  label: string;
  /** Why this runtime cannot run the kernel, or null when it can. */
  missing(): string | null;
  create(): MatrixKernel;
}

const KERNELS: Record<KernelName, KernelEntry> = {
  typescript: {
    label: 'TypeScript, register-tiled (float32 and float64)',
    missing: () => null,
    create: () => typescriptKernel,
  },
  'wasm-simd': {
    label: 'WebAssembly SIMD, 4x8 tiles, multiply then add',
    missing: () => (wasmFeatures().simd ? null : 'this runtime has no WebAssembly SIMD'),
    create: () => new WasmKernel('wasm-simd', wasmFeatures().sharedMemory),
  },
  'wasm-simd-fma': {
    label: 'WebAssembly SIMD, 4x8 tiles, fused multiply-add (relaxed SIMD)',
    missing: () =>
      wasmFeatures().relaxedSimd
        ? null
        : 'this runtime has no WebAssembly relaxed SIMD (Node 20 needs --experimental-wasm-relaxed-simd)',
    create: () => new WasmKernel('wasm-simd-fma', wasmFeatures().sharedMemory),
  },
};

export function isKernelName(name: string): name is KernelName {
  return (KERNEL_NAMES as readonly string[]).includes(name);
}

export function kernelLabel(name: KernelName): string {
  return KERNELS[name].label;
}

/** The kernels this runtime can run, fastest first. */
export function availableKernels(): KernelName[] {
  return [...KERNEL_NAMES].reverse().filter((name) => KERNELS[name].missing() === null);
}

const instances = new Map<KernelName, MatrixKernel>();

/**
 * The kernel of that name ('auto' or none: the fastest available). Throws, naming the known
 * kernels or what the runtime lacks, for a name it cannot run.
 */
export function getKernel(name: string = 'auto'): MatrixKernel {
  const chosen = name === 'auto' ? availableKernels()[0] : name;
  if (!isKernelName(chosen)) throw new Error(`Unknown kernel '${name}' (known: auto, ${KERNEL_NAMES.join(', ')})`);
  const missing = KERNELS[chosen].missing();
  if (missing) throw new Error(`Kernel '${chosen}' cannot run here: ${missing}`);
  let kernel = instances.get(chosen);
  if (!kernel) instances.set(chosen, (kernel = KERNELS[chosen].create()));
  return kernel;
}
