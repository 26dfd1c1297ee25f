// PyTorch beside the studio's benchmarks: build/bench/torch_mlp.py in Debian's python3-torch, run
// at its best here (OpenBLAS, one BLAS thread, OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset: the
// script sets them before torch loads).

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface TorchSummary {
  train_acc: number;
  test_acc: number;
  samples_per_s: number;
  seconds: number;
  torch: string;
  blas: string;
  threads: number;
}

export const hasTorch: Promise<boolean> = new Promise((resolve) => {
  const p = spawn('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  p.on('error', () => resolve(false));
  p.on('exit', (code) => resolve(code === 0));
});

/** One run of torch_mlp.py with these arguments; its summary line (the last it prints). */
export async function torchRun(args: string[]): Promise<TorchSummary> {
  const script = fileURLToPath(new URL('torch_mlp.py', import.meta.url));
  const text = await new Promise<string>((resolve, reject) => {
    let buf = '';
    const p = spawn('/usr/bin/python3', [script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    p.stdout.on('data', (d) => (buf += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(buf) : reject(new Error(`torch_mlp.py exited with code ${code}`))));
  });
  const summary = JSON.parse(text.trim().split('\n').pop()!) as TorchSummary;
  if (summary.blas !== 'openblas') {
    console.error(`warning: PyTorch ran on the '${summary.blas}' BLAS, not OpenBLAS: apt-get install libopenblas0-pthread for PyTorch at its best`);
  }
  return summary;
}
