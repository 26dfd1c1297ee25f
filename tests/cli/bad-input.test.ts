// The real CLI on bad dataset files and folders: each is one line on stderr beginning
// 'mlp-studio: ' that names the path and the problem, exit code 2, no stack trace, nothing on
// stdout. And tiny valid IDX and CSV datasets train.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idxFile } from '../helpers/idx-files';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function cli(dataset: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['cli/bin.mjs', 'train', '--dataset', dataset, '--epochs', '1', '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, MLP_STUDIO_DEBUG: '' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An IDX file of unsigned bytes, with no data unless given (a header alone is a truncated file). */
const idx = (dims: number[], data: Uint8Array = new Uint8Array(0)): Uint8Array => idxFile(dims, data);

/** n 4x4 images whose brightness follows the label (0..2), so a network can learn something. */
function idxPair(n: number, seed: number): { images: Uint8Array; labels: Uint8Array } {
  const rand = mulberry32(seed);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 3);
  const pixels = Uint8Array.from({ length: n * 16 }, (_, k) => Math.min(255, labels[Math.floor(k / 16)] * 100 + Math.floor(rand() * 40)));
  return { images: idx([n, 4, 4], pixels), labels: idx([n], labels) };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let tmp: string;

/** Writes an IDX folder from its files (name -> bytes) and returns its path. */
function idxFolder(name: string, files: Record<string, Uint8Array>): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

const good = () => {
  const train = idxPair(60, 1);
  const test = idxPair(20, 2);
  return {
    'train-images-idx3-ubyte': train.images,
    'train-labels-idx1-ubyte': train.labels,
    't10k-images-idx3-ubyte': test.images,
    't10k-labels-idx1-ubyte': test.labels,
  };
};

/**
 * Exit 2, nothing on stdout, exactly one stderr line 'mlp-studio: ...' naming one of `paths`
 * (the folder or the file's full path) and matching `problem`, with no stack trace.
 */
function expectInputError(r: ReturnType<typeof cli>, paths: string[], problem: RegExp): void {
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n');
  expect(lines, `stderr: ${r.stderr}`).toHaveLength(2);
  expect(lines[1]).toBe('');
  const line = lines[0];
  expect(line.startsWith('mlp-studio: '), line).toBe(true);
  expect(line).not.toMatch(/internal error/);
  expect(line).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(line).toMatch(problem);
  expect(r.status).toBe(2);
  // The full path, not only a file name: 'train-images-idx3-ubyte' alone does not say which of
  // a user's dataset folders is broken.
  expect(
    paths.some((p) => line.includes(p)),
    `'${line}' should name one of ${paths.join(', ')}`,
  ).toBe(true);
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlp-bad-input-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('mlp-studio train --dataset on bad input', () => {
  it('a truncated IDX folder', () => {
    const files = good();
    files['train-images-idx3-ubyte'] = files['train-images-idx3-ubyte'].subarray(0, 16 + 100);
    const dir = idxFolder('truncated', files);
    expectInputError(cli(dir), [dir, join(dir, 'train-images-idx3-ubyte')], /truncated/);
  });

  it('a wrong magic number', () => {
    const files = good();
    const bad = files['train-labels-idx1-ubyte'].slice();
    bad[0] = 0x50;
    bad[1] = 0x4b;
    files['train-labels-idx1-ubyte'] = bad;
    const dir = idxFolder('magic', files);
    expectInputError(cli(dir), [dir, join(dir, 'train-labels-idx1-ubyte')], /magic number/);
  });

  it('image and label counts that differ', () => {
    const files = good();
    files['t10k-labels-idx1-ubyte'] = idx([19], new Uint8Array(19));
    const dir = idxFolder('counts', files);
    expectInputError(cli(dir), [dir, join(dir, 't10k-labels-idx1-ubyte')], /19 labels for 20 images/);
  });

  it('a header claiming billions of items', () => {
    const files = good();
    files['train-images-idx3-ubyte'] = idx([4e9, 28, 28], new Uint8Array(64));
    const dir = idxFolder('billions', files);
    const t0 = performance.now();
    const r = cli(dir);
    expect(performance.now() - t0).toBeLessThan(15_000);
    expectInputError(r, [dir, join(dir, 'train-images-idx3-ubyte')], /limit/);
  });

  it('a CSV with ragged rows', () => {
    const path = file('ragged.csv', 'a,b,label\n1,2,x\n3,4\n5,6,y\n');
    expectInputError(cli(path), [path], /row 3 has 2 fields/);
  });

  it('text in a numeric column', () => {
    const path = file('text.csv', 'x,y,label\n1,2,a\n3,oops,b\n5,6,a\n7,8,b\n');
    expectInputError(cli(path), [path], /column 'y' is numeric but row 3 holds 'oops'/);
  });

  it('an empty file', () => {
    const path = file('empty.csv', '');
    expectInputError(cli(path), [path], /empty/);
  });

  it('4 KiB of random bytes', () => {
    const rand = mulberry32(12345);
    const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(rand() * 256));
    const path = file('random.bin', bytes);
    expectInputError(cli(path), [path], /not valid UTF-8|binary/);
  });

  it('a missing file', () => {
    const path = join(tmp, 'no-such-dir', 'missing.csv');
    expectInputError(cli(path), [path], /no such file/);
  });

  it('a folder with no IDX files, where a dataset file was expected', () => {
    const dir = join(tmp, 'not-a-dataset');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'nothing here\n');
    expectInputError(cli(dir), [dir], /no IDX dataset/);
  });

  it('a single IDX file instead of its folder, plain and gzipped', async () => {
    const dir = idxFolder('single', good());
    const path = join(dir, 'train-images-idx3-ubyte');
    expectInputError(cli(path), [path], /single IDX file/);
    const { gzipSync } = await import('node:zlib');
    const gz = file('train-images-idx3-ubyte.gz', gzipSync(good()['train-images-idx3-ubyte']));
    expectInputError(cli(gz), [gz], /single IDX file/);
  });
});

describe('mlp-studio train --dataset on good input', () => {
  it('trains a tiny IDX folder for one epoch and reports a test accuracy', () => {
    const dir = idxFolder('tiny-idx', good());
    const r = cli(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'started', trainSize: 60, validationSize: 0, testSize: 20, epochs: 1 });
    const done = events[events.length - 1];
    expect(done.type).toBe('done');
    expect(done.reason).toBe('completed');
    expect(done.epochs).toBe(1);
    expect(done.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(done.test.accuracy).toBeLessThanOrEqual(1);
    expect(done.test.confusion.reduce((a: number, b: number) => a + b, 0)).toBe(20);
  });

  it('trains a tiny CSV for one epoch', () => {
    const lines = ['a,b,label'];
    const rand = mulberry32(7);
    for (let i = 0; i < 50; i++) lines.push(`${(rand() + (i % 2)).toFixed(3)},${rand().toFixed(3)},${i % 2 ? 'yes' : 'no'}`);
    const path = file('tiny.csv', `${lines.join('\n')}\n`);
    const r = cli(path);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events[0]).toMatchObject({ type: 'started', trainSize: 40, validationSize: 10 });
    const done = events[events.length - 1];
    expect(done.type).toBe('done');
    expect(Number.isFinite(done.train.loss)).toBe(true);
    expect(Number.isFinite(done.validation.accuracy)).toBe(true);
  });
});
