// The committed WebAssembly GEMM is what its AssemblyScript source compiles to, byte for byte.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileGemm, GEMM_BUILDS, moduleSource, MODULE_PATH, type GemmBuild } from '../../build/wasm/compile';

describe('npm run build:wasm', () => {
  it('reproduces shared/engine/kernel/wasm/gemm-binary.ts from build/wasm/assembly/gemm.ts', async () => {
    const builds = {} as Record<GemmBuild, Uint8Array>;
    for (const build of GEMM_BUILDS) builds[build] = await compileGemm(build);
    expect(moduleSource(builds) === readFileSync(MODULE_PATH, 'utf8'), 'run npm run build:wasm and commit the result').toBe(true);
  });
});
