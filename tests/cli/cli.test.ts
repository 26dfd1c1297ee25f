// The real `mlp-studio` command as a child process: `train --json` streams one JSON event per
// line and is deterministic for a seed, flags override a project, `--save` writes a project that
// loads again, `step` reproduces the lecture's Example 2, and every input error is one line on
// stderr beginning 'mlp-studio: ' with exit code 2 and nothing on stdout.
//
// Each run pays the tsx start-up (about a second), so the cases run concurrently and keep to a
// few epochs on small built-in datasets.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProject } from '../../shared/project/parse';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLES = join(ROOT, 'shared/project/samples');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node cli/bin.mjs ...args` from the repository root; never rejects. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['cli/bin.mjs', ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000, maxBuffer: 64 << 20, env: { ...process.env, MLP_STUDIO_DEBUG: '' } },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        done({ status: typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}

type Json = Record<string, any>;

/** Every stdout line parsed as JSON (a line that is not JSON fails the test with its text). */
function jsonLines(r: Run): Json[] {
  expect(r.stdout.endsWith('\n'), `stdout should end with a newline: ${r.stdout.slice(-200)}`).toBe(true);
  return r.stdout
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      try {
        return JSON.parse(line) as Json;
      } catch {
        throw new Error(`stdout line is not JSON: ${line.slice(0, 200)}`);
      }
    });
}

function expectSuccess(r: Run): void {
  expect(r.stderr, `stderr: ${r.stderr}`).toBe('');
  expect(r.status).toBe(0);
}

/** Exit 2, nothing on stdout, exactly one stderr line 'mlp-studio: ...' matching `problem`, no stack. */
function expectInputError(r: Run, problem: RegExp): string {
  expect(r.stderr.endsWith('\n'), `stderr: ${JSON.stringify(r.stderr)}`).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines, `stderr should be one line: ${JSON.stringify(r.stderr)}`).toHaveLength(1);
  const line = lines[0];
  expect(line.startsWith('mlp-studio: '), line).toBe(true);
  expect(line).not.toMatch(/internal error/);
  expect(r.stderr).not.toContain('    at ');
  expect(line).toMatch(problem);
  expect(r.stdout).toBe('');
  expect(r.status).toBe(2);
  return line;
}

const IRIS = ['train', '--dataset', 'iris', '--hidden', '8', '--epochs', '5', '--seed', '3', '--json'];

let tmp: string;

function tmpFile(name: string, content: string): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

/** A small valid iris project (4-8-3, softmax, cross-entropy), with `patch` applied on top. */
function irisProject(patch: Json = {}): Json {
  return {
    format: 'mlp-studio-project',
    version: 1,
    name: 'iris test',
    dataset: { source: 'builtin', name: 'iris', params: {} },
    network: {
      layers: [
        { type: 'dense', units: 8 },
        { type: 'activation', activation: 'relu' },
        { type: 'dense', units: 3 },
        { type: 'activation', activation: 'softmax' },
      ],
    },
    loss: { type: 'cross-entropy' },
    optimizer: { type: 'sgd', lr: 0.05 },
    training: { epochs: 3, batchSize: 16, shuffle: true, earlyStopping: null },
    seed: 1,
    ...patch,
  };
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlp-cli-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

/** The IRIS run, shared by the first two cases (the determinism case runs it once more). */
let irisRun: Promise<Run> | undefined;
const firstIrisRun = () => (irisRun ??= cli(...IRIS));

// One concurrent suite: every case is a separate process, so they overlap.
describe.concurrent('mlp-studio', () => {
  describe('train --json', () => {
    it('streams started, one epoch line per epoch and a done summary, all JSON', async () => {
      const r = await firstIrisRun();
      expectSuccess(r);
      const events = jsonLines(r);
      expect(events[0]).toMatchObject({ type: 'started', epochs: 5, trainSize: 120, validationSize: 30, testSize: 0 });
      const epochs = events.slice(1, -1);
      expect(epochs).toHaveLength(5);
      epochs.forEach((e, i) => {
        expect(e.type).toBe('epoch');
        expect(e.epoch).toBe(i);
        expect(Number.isFinite(e.train.loss)).toBe(true);
        expect(Number.isFinite(e.validation.loss)).toBe(true);
      });
      const done = events[events.length - 1];
      expect(done.type).toBe('done');
      expect(done.epochs).toBe(5);
      expect(done.reason).toBe('completed');
      for (const split of [done.train, done.validation]) {
        expect(Number.isFinite(split.loss)).toBe(true);
        expect(split.accuracy).toBeGreaterThanOrEqual(0);
        expect(split.accuracy).toBeLessThanOrEqual(1);
      }
      expect(done.samplesPerSecond).toBeGreaterThan(0);
      // The confusion matrices count every row of their split: 3 classes, 120 train, 30 validation.
      expect(done.train.confusion).toHaveLength(9);
      expect(done.train.confusion.reduce((a: number, b: number) => a + b, 0)).toBe(120);
      expect(done.validation.confusion.reduce((a: number, b: number) => a + b, 0)).toBe(30);
    });

    it('is deterministic for a seed, and another seed gives other losses', async () => {
      const [a, b, c] = await Promise.all([firstIrisRun(), cli(...IRIS), cli(...IRIS.map((x) => (x === '3' ? '4' : x)))]);
      for (const r of [a, b, c]) expectSuccess(r);
      const losses = (r: Run) => {
        const events = jsonLines(r);
        const done = events[events.length - 1];
        return {
          epochs: events.filter((e) => e.type === 'epoch').map((e) => [e.train.loss, e.validation.loss]),
          train: done.train.loss,
          validation: done.validation.loss,
        };
      };
      const [la, lb, lc] = [losses(a), losses(b), losses(c)];
      expect(la.epochs).toHaveLength(5);
      expect(lb).toEqual(la);
      expect(lc.epochs).toHaveLength(5);
      expect(lc.train).not.toBe(la.train);
      expect(lc.validation).not.toBe(la.validation);
      expect(lc.epochs[0][0]).not.toBe(la.epochs[0][0]);
    });

    it('applies flags over a project file', async () => {
      // A copy of a shipped sample: 1 epoch at lr 0.01 in the file.
      const text = readFileSync(join(SAMPLES, 'example-6-zero-init-mlp.json'), 'utf8');
      const original = parseProject(JSON.parse(text));
      expect(original.optimizer.lr).not.toBe(0.5);
      expect(original.training.epochs).not.toBe(2);
      const path = tmpFile('override-sample.json', text);
      const r = await cli('train', path, '--epochs', '2', '--lr', '0.5', '--json');
      expectSuccess(r);
      const events = jsonLines(r);
      expect(events[0]).toMatchObject({ type: 'started', epochs: 2 });
      const epochs = events.filter((e) => e.type === 'epoch');
      expect(epochs).toHaveLength(2);
      for (const e of epochs) expect(e.lr).toBe(0.5);
      expect(events[events.length - 1]).toMatchObject({ type: 'done', epochs: 2 });
    });

    it('--save writes a project with every weight and the normalizer, which `step` loads', async () => {
      const out = join(tmp, 'saved.json');
      const r = await cli('train', '--dataset', 'iris', '--hidden', '8', '--epochs', '2', '--seed', '5', '--json', '--save', out);
      expectSuccess(r);
      expect(jsonLines(r).map((e) => e.type)).toEqual(['started', 'epoch', 'epoch', 'done']);
      const saved = parseProject(JSON.parse(readFileSync(out, 'utf8')), out);
      const shapes = Object.fromEntries(Object.entries(saved.weights ?? {}).map(([k, t]) => [k, t.shape]));
      expect(shapes).toEqual({
        'layers.0.weight': [4, 8],
        'layers.0.bias': [8],
        'layers.2.weight': [8, 3],
        'layers.2.bias': [3],
      });
      for (const t of Object.values(saved.weights!)) {
        expect(t.data).toHaveLength(t.shape.reduce((a, b) => a * b, 1));
        expect(t.data.every(Number.isFinite)).toBe(true);
      }
      const normalizer = saved.preprocessing.normalizer!;
      expect(normalizer).toBeDefined();
      expect(normalizer.kind).toBe(saved.preprocessing.normalization);
      expect(normalizer.scale).toHaveLength(4);
      expect(normalizer.shift).toHaveLength(4);
      expect(saved.seed).toBe(5);

      // `step` on the saved project starts from the saved weights.
      const s = await cli('step', out, '--json');
      expectSuccess(s);
      const lines = jsonLines(s);
      expect(lines).toHaveLength(1);
      expect(lines[0].type).toBe('step');
      expect(Number.isFinite(lines[0].loss)).toBe(true);
      const before = lines[0].parameters['layers.0.weight'].before;
      expect(before.shape).toEqual([4, 8]);
      const flat = (before.value as number[][]).flat();
      flat.forEach((v, i) => expect(v).toBeCloseTo(saved.weights!['layers.0.weight'].data[i], 6));
      // The first batch is normalized with the saved normalizer: minus-one-one keeps inputs in [-1, 1].
      for (const row of lines[0].input as number[][]) for (const v of row) expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-6);
    });

    it('without a project, regression data reports mae, rmse and r2 and no accuracy', async () => {
      const r = await cli('train', '--dataset', 'regression-1d', '--epochs', '3', '--json');
      expectSuccess(r);
      const events = jsonLines(r);
      expect(events[0]).toMatchObject({ type: 'started', epochs: 3, trainSize: 400, validationSize: 100 });
      expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);
      const done = events[events.length - 1];
      expect(done).toMatchObject({ type: 'done', epochs: 3 });
      for (const split of [done.train, done.validation]) {
        for (const key of ['loss', 'mae', 'rmse', 'r2']) expect(Number.isFinite(split[key]), key).toBe(true);
        expect(split.mae).toBeGreaterThanOrEqual(0);
        expect(split.rmse).toBeGreaterThanOrEqual(split.mae - 1e-12);
        // MSE loss is the square of the RMSE.
        expect(split.loss).toBeCloseTo(split.rmse ** 2, 6);
        expect(split).not.toHaveProperty('accuracy');
        expect(split).not.toHaveProperty('confusion');
      }
    });

    it('--loss mse on a classifier trains (a linear head on one-hot targets)', async () => {
      const r = await cli('train', '--dataset', 'iris', '--hidden', '8', '--epochs', '2', '--loss', 'mse', '--json');
      expectSuccess(r);
      const events = jsonLines(r);
      const done = events[events.length - 1];
      expect(done.type).toBe('done');
      expect(Number.isFinite(done.train.loss)).toBe(true);
      expect(done.train.accuracy).toBeGreaterThanOrEqual(0);
    });

    it('--loss binary-cross-entropy on 3-class iris trains a one-vs-rest sigmoid head', async () => {
      const out = join(tmp, 'bce.json');
      const r = await cli('train', '--dataset', 'iris', '--hidden', '8', '--epochs', '2', '--loss', 'binary-cross-entropy', '--json', '--save', out);
      expectSuccess(r);
      const events = jsonLines(r);
      const done = events[events.length - 1];
      expect(done.type).toBe('done');
      expect(Number.isFinite(done.train.loss)).toBe(true);
      expect(done.train.loss).toBeGreaterThan(0);
      expect(done.train.confusion).toHaveLength(9);
      const saved = parseProject(JSON.parse(readFileSync(out, 'utf8')));
      expect(saved.loss.type).toBe('binary-cross-entropy');
      const layers = saved.network.layers;
      expect(layers[layers.length - 1]).toMatchObject({ type: 'activation', activation: 'sigmoid' });
      expect(layers[layers.length - 2]).toMatchObject({ type: 'dense', units: 3 });
    });
  });

  describe('step', () => {
    it("reproduces the lecture's Example 2 (dying ReLU)", async () => {
      const r = await cli('step', 'shared/project/samples/example-2-dying-relu.json', '--json');
      expectSuccess(r);
      const lines = jsonLines(r);
      expect(lines).toHaveLength(1);
      const s = lines[0];
      expect(s.type).toBe('step');
      expect(s.loss).toBeCloseTo(0.989, 3);
      const after = s.parameters['layers.0.weight'].after;
      expect(after.shape).toEqual([2, 2]);
      const expected = [
        [0.8611, -1.04],
        [0.4102, -0.65],
      ];
      expected.forEach((row, i) => row.forEach((v, j) => expect(after.value[i][j]).toBeCloseTo(v, 4)));
      // The dead unit (column 1) gets no gradient and does not move.
      expect(s.parameters['layers.0.weight'].gradient.value[0][1]).toBe(0);
      expect(s.parameters['layers.0.weight'].gradient.value[1][1]).toBe(0);
      expect(s.after.loss).toBeCloseTo(0.972, 3);
    });
  });

  describe('input errors', () => {
    const bad = (...args: string[]) => cli('train', '--dataset', 'iris', '--epochs', '1', '--json', ...args);

    it('an unknown flag', async () => {
      expectInputError(await bad('--nope'), /--nope/);
    });

    it('an unknown command', async () => {
      expectInputError(await cli('frobnicate'), /Unknown command 'frobnicate'.*train/);
    });

    it('an unknown activation, listing the known ones', async () => {
      expectInputError(await bad('--activation', 'nope'), /activation 'nope'(?=.*\brelu\b)(?=.*\btanh\b)(?=.*\bsigmoid\b)/);
    });

    it('an unknown optimizer', async () => {
      expectInputError(await bad('--optimizer', 'nope'), /optimizer 'nope'.*adam/);
    });

    it('an unknown initializer', async () => {
      expectInputError(await bad('--init', 'nope'), /initializer 'nope'.*he-normal/);
    });

    it('an unknown loss', async () => {
      expectInputError(await bad('--loss', 'nope'), /loss 'nope'.*cross-entropy/);
    });

    it('an unknown normalization', async () => {
      expectInputError(await bad('--norm', 'nope'), /normalization 'nope'.*zscore/);
    });

    it('a negative learning rate as --lr=-1', async () => {
      expectInputError(await bad('--lr=-1'), /--lr must be a number > 0, got '-1'/);
    });

    it('a negative learning rate as --lr -1', async () => {
      // node:util refuses '-1' as an option value ("ambiguous"); the CLI must still say it in one line.
      expectInputError(await bad('--lr', '-1'), /--lr/);
    });

    it('a learning rate that is not a number', async () => {
      expectInputError(await bad('--lr', 'abc'), /--lr.*'abc'/);
    });

    it('zero epochs', async () => {
      expectInputError(await bad('--epochs', '0'), /--epochs.*'0'/);
    });

    it('a fractional batch size', async () => {
      expectInputError(await bad('--batch', '1.5'), /--batch.*'1\.5'/);
    });

    it('a hidden size that is not a number', async () => {
      expectInputError(await bad('--hidden', '16,x'), /--hidden.*'x'/);
    });

    it('an unknown dataset', async () => {
      expectInputError(await cli('train', '--dataset', 'nope', '--json'), /dataset 'nope'.*iris/);
    });

    it('a missing project file', async () => {
      const path = join(tmp, 'no-such-project.json');
      const line = expectInputError(await cli('train', path, '--json'), /: cannot be opened: it does not exist$/);
      expect(line).toContain(path);
    });

    it('a directory given as the project', async () => {
      const dir = join(tmp, 'a-directory');
      mkdirSync(dir, { recursive: true });
      const line = expectInputError(await cli('train', dir, '--json'), /: is a folder, not a project file$/);
      expect(line).toContain(dir);
    });

    it('a project file with invalid JSON', async () => {
      const path = tmpFile('invalid-json.json', '{"format": "mlp-studio-project", "version": 1,');
      const line = expectInputError(await cli('train', path, '--json'), /not valid JSON: the text ends before the object's closing '\}' \(line 1, column 47\)$/);
      expect(line).toContain(path);
    });

    it('a project from a newer version', async () => {
      const path = tmpFile('v99.json', JSON.stringify(irisProject({ version: 99 })));
      expectInputError(await cli('train', path, '--json'), /newer.*99/);
    });

    it('a project without a format', async () => {
      const p = irisProject();
      delete p.format;
      const path = tmpFile('no-format.json', JSON.stringify(p));
      expectInputError(await cli('train', path, '--json'), /not an MLP Studio project.*format/);
    });

    it('a project with an unknown field', async () => {
      const path = tmpFile('unknown-field.json', JSON.stringify(irisProject({ colour: 'red' })));
      expectInputError(await cli('train', path, '--json'), /unknown field 'colour'/);
    });

    it('a project whose output layer does not fit the dataset', async () => {
      const p = irisProject();
      p.network.layers[2].units = 4;
      const path = tmpFile('wrong-output.json', JSON.stringify(p));
      // One line, the shape: FILE: what is wrong (where).
      expectInputError(await cli('train', path, '--json'), /wrong-output\.json: The output layer has 4 units.*3 classes.*\(layer 2\)$/);
    });

    it('train with neither a project nor --dataset', async () => {
      expectInputError(await cli('train', '--epochs', '1', '--json'), /PROJECT or --dataset/);
    });
  });
});
