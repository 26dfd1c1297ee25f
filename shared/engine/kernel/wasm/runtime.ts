// The few WebAssembly and shared-memory facilities the kernels use, typed here because the engine
// compiles without DOM or Node types, and what this runtime offers of them.

import { decodeBase64 } from './base64';
import { GEMM_WASM } from './gemm-binary';

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

export type WasmModule = object;

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

export const PAGE_BYTES = 65536;

/** The runtime's WebAssembly API, or null where there is none. */
export function wasmApi(): WasmApi | null {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly ?? null;
}

export type GemmBuildName = keyof typeof GEMM_WASM;

const bytesCache = new Map<GemmBuildName, Uint8Array>();

export function gemmBytes(build: GemmBuildName): Uint8Array {
  let bytes = bytesCache.get(build);
  if (!bytes) bytesCache.set(build, (bytes = decodeBase64(GEMM_WASM[build])));
  return bytes;
}

export interface WasmFeatures {
  simd: boolean;
  /** Relaxed SIMD (fused multiply-add). Node 20 has it only behind --experimental-wasm-relaxed-simd. */
  relaxedSimd: boolean;
  /**
   * Shared WebAssembly memory: SharedArrayBuffer exists (a page must be cross-origin isolated)
   * and a shared memory can be made.
   */
  sharedMemory: boolean;
}

let features: WasmFeatures | undefined;

export function wasmFeatures(): WasmFeatures {
  if (features) return features;
  const api = wasmApi();
  const valid = (build: GemmBuildName) => {
    try {
      return api !== null && api.validate(gemmBytes(build));
    } catch {
      return false;
    }
  };
  let sharedMemory = false;
  if (api && typeof SharedArrayBuffer === 'function') {
    try {
      sharedMemory = new api.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer;
    } catch {
      sharedMemory = false;
    }
  }
  features = { simd: valid('simd-unshared'), relaxedSimd: valid('fma-unshared'), sharedMemory };
  return features;
}
