// A worker thread of the WebAssembly kernel under Node (CLI, benchmarks, tests): loads the
// TypeScript helper loop through tsx and serves products until told to quit.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { serveKernelHelper } = await import('../shared/engine/kernel/wasm/threads.ts');
serveKernelHelper(workerData);
