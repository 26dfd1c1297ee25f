// `npm run build:wasm`: recompiles the WebAssembly GEMM and rewrites the module that carries it.

import { writeFileSync } from 'node:fs';
import { compileGemm, GEMM_BUILDS, moduleSource, MODULE_PATH, type GemmBuild } from './compile';

const builds = {} as Record<GemmBuild, Uint8Array>;
for (const build of GEMM_BUILDS) builds[build] = await compileGemm(build);
writeFileSync(MODULE_PATH, moduleSource(builds));
console.log(`wrote ${MODULE_PATH}: ${GEMM_BUILDS.map((b) => `${b} ${builds[b].length} bytes`).join(', ')}`);
