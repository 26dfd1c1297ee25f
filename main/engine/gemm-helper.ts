// A helper thread of the engine process's WebAssembly kernel (a worker_threads Worker built to
// out/main/gemm-helper.js): takes its part of each large product until the engine stops it.

import { workerData } from 'node:worker_threads';
import { serveKernelHelper } from '../../shared/engine/kernel/wasm/threads';

serveKernelHelper(workerData);
