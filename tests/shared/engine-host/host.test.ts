// The engine host in-process: every request's reply, runs streamed and controlled, and malformed
// or unknown input answered with one error line while the host keeps working. Every message the
// host posts is checked against the protocol, as the UI will check it.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../shared/engine/events';
import { EngineHost, type EngineHostOptions } from '../../../shared/engine-host/host';
import { parseEngineMessage, type EngineMessage, type EngineRequestInput, type MessageOf } from '../../../shared/protocol/engine';
import type { ProjectInput } from '../../../shared/project/schema';
import { builtinProject } from '../../helpers/run';

function harness(options: Partial<EngineHostOptions> = {}) {
  const messages: EngineMessage[] = [];
  const transfers: ArrayBuffer[][] = [];
  const host = new EngineHost({
    post: (message, transfer) => {
      messages.push(parseEngineMessage(message));
      transfers.push(transfer ?? []);
    },
    ...options,
  });

  /** Sends a request and returns the message answering its id. */
  async function request(req: EngineRequestInput | Record<string, unknown>): Promise<EngineMessage> {
    const before = messages.length;
    await host.handle(req);
    const id = (req as { id?: unknown }).id;
    const reply = messages.slice(before).find((m) => 'id' in m && (m.id === id || m.id === -1));
    if (!reply) throw new Error(`no reply to ${JSON.stringify(req).slice(0, 200)}`);
    return reply;
  }

  async function expectError(req: unknown, id: number, pattern: RegExp): Promise<string> {
    const before = messages.length;
    await host.handle(req);
    const reply = messages.slice(before).find((m) => m.type !== 'run-event');
    expect(reply).toMatchObject({ type: 'error', id });
    const message = (reply as MessageOf<'error'>).message;
    expect(message).toMatch(pattern);
    expect(message).not.toContain('\n');
    return message;
  }

  const events = (runId: string): TrainingEvent[] =>
    messages.filter((m): m is MessageOf<'run-event'> => m.type === 'run-event' && m.runId === runId).map((m) => m.event);

  async function until(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
    const start = Date.now();
    while (!condition()) {
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  const ended = (runId: string) => until(`run ${runId} to end`, () => events(runId).some((e) => e.type === 'done' || e.type === 'failed'));

  return { host, messages, transfers, request, expectError, events, until, ended };
}

type Harness = ReturnType<typeof harness>;

async function openXor(h: Harness, id = 1): Promise<string> {
  const reply = await h.request({ type: 'open-dataset', id, source: { source: 'builtin', name: 'xor', params: { n: 200, seed: 2 } } });
  expect(reply.type).toBe('dataset');
  return (reply as MessageOf<'dataset'>).datasetId;
}

const xorProject = (epochs: number, overrides = {}) =>
  builtinProject('xor', { n: 200, seed: 2 }, {
    optimizer: { type: 'adam', lr: 0.01 },
    training: { epochs, batchSize: 16, shuffle: true, earlyStopping: null },
    seed: 7,
    ...overrides,
  }).project;

function sample(name: string): ProjectInput {
  const path = fileURLToPath(new URL(`../../../shared/project/samples/${name}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as ProjectInput;
}

describe('EngineHost: datasets', () => {
  it('opens a built-in dataset and replies with its summary, with the defaults or a given project', async () => {
    const h = harness();
    const reply = await h.request({ type: 'open-dataset', id: 7, source: { source: 'builtin', name: 'iris' } });
    expect(reply).toMatchObject({ type: 'dataset', id: 7 });
    const { datasetId, summary } = reply as MessageOf<'dataset'>;
    expect(datasetId).toMatch(/\S/);
    expect(summary).toMatchObject({ name: expect.any(String), task: 'classification', features: 4, sizes: { train: 120, validation: 30, test: 0 } });
    expect(summary.classBalance!.train).toEqual([40, 40, 40]);

    // With a project, its preprocessing decides the splits and the normalization.
    const { project } = builtinProject('iris', {}, { preprocessing: { normalization: 'zscore', validationSplit: 0.5, testSplit: 0.2, stratify: true } });
    const second = (await h.request({ type: 'open-dataset', id: 8, source: project.dataset, project })) as MessageOf<'dataset'>;
    expect(second.summary.sizes).toEqual({ train: 60, validation: 60, test: 30 });
    for (const f of second.summary.after) expect(f.mean).toBeCloseTo(0, 5);
    expect(second.datasetId).not.toBe(datasetId);
  });

  it('opens inline data, CSV bytes from a browser, and paths through the host loader only', async () => {
    const h = harness();
    const inline = await h.request({ type: 'open-dataset', id: 1, source: sample('example-2-dying-relu').dataset });
    expect(inline).toMatchObject({ type: 'dataset', summary: { features: 2, sizes: { train: 1 } } });

    const csv = 'a,b,label\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'yes' : 'no'}`).join('\n');
    const bytes = new TextEncoder().encode(csv);
    const files = await h.request({ type: 'open-dataset', id: 2, source: { source: 'files', files: [{ name: 'table.csv', bytes }] }, csv: { labelColumn: 'label' } });
    expect(files).toMatchObject({ type: 'dataset', summary: { name: 'table.csv', features: 2, classNames: ['no', 'yes'] } });

    await h.expectError({ type: 'open-dataset', id: 3, source: { source: 'file', path: '/data/x.csv' } }, 3, /x\.csv.*no file loader/);

    const loaded: { path: string; options: object }[] = [];
    const withLoader = harness({
      loadPath: async (path, options) => {
        loaded.push({ path, options });
        return (await import('../../../shared/engine/datasets/builtin')).loadBuiltinDataset('moons', {});
      },
    });
    const reply = await withLoader.request({ type: 'open-dataset', id: 4, source: { source: 'file', path: '/data/m.csv', csv: { missing: 'mean' } }, csv: { labelColumn: 0 } });
    expect(reply.type).toBe('dataset');
    // The request's CSV options go over the reference's own.
    expect(loaded).toEqual([{ path: '/data/m.csv', options: expect.objectContaining({ missing: 'mean', labelColumn: 0 }) }]);
  });
});

describe('EngineHost: runs', () => {
  it('trains a small project and streams started, each epoch, then done, in order', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    await h.host.handle({ type: 'train', id: 2, runId: 'r1', project: xorProject(3), datasetId });
    await h.ended('r1');
    const events = h.events('r1');
    expect(events[0].type).toBe('started');
    expect(events.filter((e) => e.type === 'epoch').map((e) => (e as { epoch: number }).epoch)).toEqual([0, 1, 2]);
    const done = events[events.length - 1];
    expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 3 });
    expect(h.messages.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('pauses, resumes and stops a run on request, and refuses control after it ended', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    await h.host.handle({ type: 'train', id: 2, runId: 'long', project: xorProject(100_000), datasetId });
    await h.until('the first epoch', () => h.events('long').some((e) => e.type === 'epoch'));
    expect(await h.request({ type: 'control', id: 3, runId: 'long', action: 'pause' })).toEqual({ type: 'ok', id: 3 });
    await h.until('paused', () => h.events('long').some((e) => e.type === 'paused'));
    const epochsWhilePaused = h.events('long').filter((e) => e.type === 'epoch').length;
    await new Promise((r) => setTimeout(r, 100));
    expect(h.events('long').filter((e) => e.type === 'epoch').length).toBe(epochsWhilePaused);

    expect(await h.request({ type: 'control', id: 4, runId: 'long', action: 'resume' })).toEqual({ type: 'ok', id: 4 });
    await h.until('resumed and another epoch', () => h.events('long').filter((e) => e.type === 'epoch').length > epochsWhilePaused);
    expect(h.events('long').map((e) => e.type)).toContain('resumed');

    expect(await h.request({ type: 'control', id: 5, runId: 'long', action: 'stop' })).toEqual({ type: 'ok', id: 5 });
    await h.ended('long');
    const done = h.events('long').at(-1)!;
    expect(done).toMatchObject({ type: 'done', reason: 'stopped' });
    expect((done as { epochs: number }).epochs).toBeLessThan(100_000);

    await h.expectError({ type: 'control', id: 6, runId: 'long', action: 'resume' }, 6, /'long' has already ended \(done\)/);
  });

  it('interleaves two runs, each streamed under its own runId', async () => {
    const h = harness({ timing: { sliceMs: 0 } });
    const datasetId = await openXor(h);
    await h.host.handle({ type: 'train', id: 2, runId: 'a', project: xorProject(4), datasetId });
    await h.host.handle({ type: 'train', id: 3, runId: 'b', project: xorProject(4, { seed: 8 }), datasetId });
    await Promise.all([h.ended('a'), h.ended('b')]);
    const order = h.messages.filter((m): m is MessageOf<'run-event'> => m.type === 'run-event').map((m) => m.runId);
    // b started before a finished: the runs shared the event loop rather than queueing.
    expect(order.indexOf('b')).toBeLessThan(order.lastIndexOf('a'));
    expect(h.events('a').at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
    expect(h.events('b').at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
  });

  it('exports a run\'s weights as transferable Float32Arrays with the normalizer', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    await h.host.handle({ type: 'train', id: 2, runId: 'w', project: xorProject(2), datasetId });
    await h.ended('w');
    const reply = await h.request({ type: 'export-weights', id: 3, runId: 'w' });
    expect(reply.type).toBe('weights');
    const { tensors, normalizer } = reply as MessageOf<'weights'>;
    expect(tensors.map((t) => [t.name, t.shape])).toEqual([
      ['layers.0.weight', [2, 32]],
      ['layers.0.bias', [32]],
      ['layers.2.weight', [32, 2]],
      ['layers.2.bias', [2]],
    ]);
    for (const t of tensors) {
      expect(t.data).toBeInstanceOf(Float32Array);
      expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
      expect(Array.from(t.data).every(Number.isFinite)).toBe(true);
    }
    expect(h.transfers.at(-1)).toEqual(tensors.map((t) => t.data.buffer));
    expect(normalizer).toMatchObject({ kind: 'minus-one-one', scope: 'per-feature' });
    expect(normalizer.scale).toHaveLength(2);
  });
});

describe('EngineHost: predict', () => {
  it('predicts the validation rows exactly as the final evaluation scored them, and a grid of the plane', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    await h.host.handle({ type: 'train', id: 2, runId: 'p', project: xorProject(30), datasetId });
    await h.ended('p');
    const done = h.events('p').at(-1) as Extract<TrainingEvent, { type: 'done' }>;
    // 200 rows, a 20% validation split.
    const samples = (await h.request({ type: 'predict', id: 3, runId: 'p', target: { kind: 'samples', split: 'validation', count: 200 } })) as MessageOf<'prediction'>;
    expect(samples.type).toBe('prediction');
    const n = samples.predicted.length;
    expect(n).toBe(40);
    expect(samples.samples!.features.length).toBe(n * 2);
    const right = samples.predicted.filter((p, i) => p === samples.samples!.labels[i]).length;
    expect(right / n).toBeCloseTo(done.validation!.accuracy!, 12);

    const grid = (await h.request({ type: 'predict', id: 4, runId: 'p', target: { kind: 'grid', xMin: -2, xMax: 2, yMin: -1, yMax: 1, resolution: 16 } })) as MessageOf<'prediction'>;
    expect(grid.classes).toBe(2);
    expect(grid.probabilities.length).toBe(16 * 16 * 2);
    for (let r = 0; r < 16 * 16; r++) {
      const [a, b] = [grid.probabilities[r * 2], grid.probabilities[r * 2 + 1]];
      expect(a + b).toBeCloseTo(1, 5);
      expect(grid.predicted[r]).toBe(b > a ? 1 : 0);
    }
    // The buffers move to the UI rather than being copied.
    expect(h.transfers.at(-1)).toContain(grid.probabilities.buffer);
  });

  it('refuses a grid for data that is not 2-D, a bad grid, and a split the run does not have', async () => {
    const h = harness();
    const open = (await h.request({ type: 'open-dataset', id: 1, source: { source: 'builtin', name: 'iris' } })) as MessageOf<'dataset'>;
    const project = builtinProject('iris', {}, { training: { epochs: 1, batchSize: 16, shuffle: true, earlyStopping: null } }).project;
    await h.host.handle({ type: 'train', id: 2, runId: 'i', project, datasetId: open.datasetId });
    await h.ended('i');
    await h.expectError({ type: 'predict', id: 3, runId: 'i', target: { kind: 'grid', xMin: 0, xMax: 1, yMin: 0, yMax: 1, resolution: 8 } }, 3, /needs 2 input features; this dataset has 4/);
    await h.expectError({ type: 'predict', id: 4, runId: 'i', target: { kind: 'grid', xMin: 1, xMax: 0, yMin: 0, yMax: 1, resolution: 8 } }, 4, /xMax > xMin/);
    await h.expectError({ type: 'predict', id: 5, runId: 'i', target: { kind: 'samples', split: 'test', count: 5 } }, 5, /no test rows/);
    await h.expectError({ type: 'predict', id: 6, runId: 'nope', target: { kind: 'samples', split: 'train', count: 5 } }, 6, /Unknown runId 'nope'/);
  });
});

describe('EngineHost: inspect', () => {
  it('inspects the dying-ReLU sample: loss 0.989 before the step and 0.972 after', async () => {
    const h = harness();
    const project = sample('example-2-dying-relu');
    const opened = (await h.request({ type: 'open-dataset', id: 1, source: project.dataset, project })) as MessageOf<'dataset'>;
    for (const dtype of ['float32', 'float64'] as const) {
      const reply = await h.request({ type: 'inspect', id: 2, project, datasetId: opened.datasetId, dtype });
      expect(reply.type).toBe('inspection');
      const { result } = reply as MessageOf<'inspection'>;
      expect(result.loss).toBeCloseTo(0.989, 3);
      expect(result.after.loss).toBeCloseTo(0.972, 3);
      // The dead second unit: zero output after the ReLU, zero gradient into its weights.
      expect(result.layers[1].output[0][1]).toBe(0);
      expect(result.parameters['layers.0.weight'].gradient.value).toEqual([
        [expect.any(Number), 0],
        [expect.any(Number), 0],
      ]);
    }
  });
});

describe('EngineHost: weights to start from', () => {
  it('starts a step and a run from Float32Array weights sent apart from the project', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    await h.host.handle({ type: 'train', id: 2, runId: 'w', project: xorProject(2), datasetId });
    await h.ended('w');
    const { tensors } = (await h.request({ type: 'export-weights', id: 3, runId: 'w' })) as MessageOf<'weights'>;

    const step = (await h.request({ type: 'inspect', id: 4, project: xorProject(1), datasetId, weights: tensors })) as MessageOf<'inspection'>;
    for (const t of tensors) expect(step.result.parameters[t.name].before.value.flat()).toEqual(Array.from(t.data));

    // A run from the trained weights at a learning rate too small to move a float32 ends where it started.
    const still = xorProject(1, { optimizer: { type: 'sgd', lr: 1e-30 } });
    await h.host.handle({ type: 'train', id: 5, runId: 'still', project: still, datasetId, weights: tensors });
    await h.ended('still');
    const after = (await h.request({ type: 'export-weights', id: 6, runId: 'still' })) as MessageOf<'weights'>;
    expect(after.tensors).toEqual(tensors);
  });

  it('inspects the batch asked for, in file order and wrapping after the last, so the Step view can walk', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    const inspect = async (id: number, batchIndex: number) =>
      ((await h.request({ type: 'inspect', id, project: xorProject(1), datasetId, batchIndex })) as MessageOf<'inspection'>).result;
    const [first, second, again] = [await inspect(2, 0), await inspect(3, 1), await inspect(4, 0)];
    // xorProject: 160 training rows in batches of 16, so 10 batches an epoch.
    expect(first.rows).toBe(16);
    expect(second.input).not.toEqual(first.input);
    expect(again.input).toEqual(first.input);
    expect((await inspect(5, 10)).input).toEqual(first.input);
    expect((await inspect(6, 11)).input).toEqual(second.input);
  });

  it('refuses weights that are not Float32Arrays, do not fill their shape, are not finite, or come twice', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    const train = (id: number, weights: unknown, project: object = xorProject(1)) => ({ type: 'train', id, runId: `r${id}`, project, datasetId, weights });
    const bias = (data: unknown, shape = [2]) => [{ name: 'layers.0.bias', shape, data }];
    await h.expectError(train(2, bias([0.5, 0.5])), 2, /weights\.0\.data: expected a Float32Array \(got \[0\.5,0\.5\]\)/);
    await h.expectError(train(3, bias(new Float32Array(3))), 3, /weights 'layers\.0\.bias' hold 3 values but shape \[2\] needs 2/);
    await h.expectError(train(4, bias(Float32Array.of(0, Number.NaN))), 4, /weights 'layers\.0\.bias' hold NaN at index 1; weights to start from must be finite/);
    await h.expectError(train(5, [...bias(new Float32Array(2)), ...bias(new Float32Array(2))]), 5, /weights name a tensor twice/);
    const inline = { ...xorProject(1), weights: { 'layers.0.bias': { shape: [2], data: [0, 0] } } };
    await h.expectError(train(6, bias(new Float32Array(2)), inline), 6, /weights are given twice/);
    // Well-formed, but not this network's: the network names what is wrong.
    await h.expectError(train(7, bias(new Float32Array(1000), [1000])), 7, /Weights 'layers\.0\.bias' have shape \[1000\], the network needs \[\d+\]/);
    expect(h.messages.filter((m) => m.type === 'run-event')).toEqual([]);
  });
});

describe('EngineHost: bad input', () => {
  it('answers each malformed message with an error naming the problem, then keeps working', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    await h.expectError('hello', -1, /must be an object.*got 'hello'/);
    await h.expectError(null, -1, /must be an object/);
    await h.expectError([1, 2], -1, /must be an object.*got \[1,2\]/);
    await h.expectError(Array.from({ length: 100 }, (_, i) => i), -1, /must be an object.*got an array of 100$/);
    await h.expectError(new Float32Array(4), -1, /must be an object.*Float32Array/);
    await h.expectError({ type: 'explode', id: 3 }, 3, /Unknown engine request type 'explode' \(known: open-dataset, train/);
    await h.expectError({ id: 4 }, 4, /Unknown engine request type undefined/);
    await h.expectError({ type: 'control', runId: 'r', action: 'stop' }, -1, /'control' has no 'id'/);
    await h.expectError({ type: 'control', id: 'five', runId: 'r', action: 'stop' }, -1, /id: must be a finite number \(got 'five'\)/);
    await h.expectError({ type: 'control', id: 5, runId: 42, action: 'stop' }, 5, /Invalid 'control' request: runId: expected string, received number \(got 42\)/);
    await h.expectError({ type: 'control', id: 6, runId: 'r', action: 'jump' }, 6, /action: .*"pause"\|"resume"\|"stop".*got 'jump'/);
    await h.expectError({ type: 'control', id: 7, runId: 'r', action: 'stop', extra: true }, 7, /unknown field 'extra'/);
    await h.expectError({ type: 'forget', id: 8, runId: 'r', datasetId }, 8, /exactly one of datasetId and runId/);
    await h.expectError(
      { type: 'open-dataset', id: 9, source: { source: 'files', files: [{ name: 'a.csv', bytes: [1, 2, 3] }] } },
      9,
      /source\.files\.0\.bytes: expected a Uint8Array \(got \[1,2,3\]\)/,
    );
    await h.expectError({ type: 'train', id: 10, runId: 'r', project: { format: 'nope' }, datasetId }, 10, /project is not an MLP Studio project/);
    await h.expectError(
      { type: 'train', id: 11, runId: 'r', project: { ...xorProject(1), optimizer: { type: 'sgd', lr: -1 } }, datasetId },
      11,
      /project is invalid: optimizer/,
    );

    // Huge or absurd values: refused with a short message, before anything is allocated.
    await h.expectError({ type: 'control', id: 1e300, runId: 'r', action: 'stop' }, -1, /id: must be <= 9007199254740991 \(got 1e\+300\)/);
    const long = await h.expectError({ type: 'control', id: 12, runId: 'x'.repeat(100_000), action: 'stop' }, 12, /runId: too big.*100000 characters/);
    expect(long.length).toBeLessThan(300);
    await h.expectError(
      { type: 'open-dataset', id: 13, source: { source: 'builtin', name: 'xor', params: { n: 1e12 } } },
      13,
      /Invalid parameters for dataset 'xor': n: must be <= 1000000 \(got 1000000000000\)/,
    );
    await h.expectError({ type: 'train', id: 14, runId: 'r', project: { ...xorProject(1), training: { epochs: 1e9 } }, datasetId }, 14, /project is invalid: training\.epochs/);
    await h.expectError(
      { type: 'open-dataset', id: 15, source: { source: 'files', files: Array.from({ length: 1000 }, (_, i) => ({ name: `f${i}`, bytes: new Uint8Array(1) })) } },
      15,
      /source\.files: too big/,
    );

    // Still working: a run on the dataset opened before completes.
    await h.host.handle({ type: 'train', id: 20, runId: 'after', project: xorProject(1), datasetId });
    await h.ended('after');
    expect(h.events('after').at(-1)).toMatchObject({ type: 'done', reason: 'completed' });
  });

  it('names unknown dataset and run ids, duplicate runs, and bad data', async () => {
    const h = harness();
    const datasetId = await openXor(h);
    await h.expectError({ type: 'train', id: 2, runId: 'r', project: xorProject(1), datasetId: 'nope' }, 2, /Unknown datasetId 'nope'/);
    await h.expectError({ type: 'inspect', id: 3, project: xorProject(1), datasetId: 'nope' }, 3, /Unknown datasetId 'nope'/);
    await h.expectError({ type: 'control', id: 4, runId: 'ghost', action: 'pause' }, 4, /Unknown runId 'ghost'/);
    await h.expectError({ type: 'export-weights', id: 5, runId: 'ghost' }, 5, /Unknown runId 'ghost'/);
    await h.expectError({ type: 'forget', id: 6, runId: 'ghost' }, 6, /Unknown runId 'ghost'/);

    await h.host.handle({ type: 'train', id: 7, runId: 'r', project: xorProject(1), datasetId });
    await h.expectError({ type: 'train', id: 8, runId: 'r', project: xorProject(1), datasetId }, 8, /Run 'r' already exists/);
    await h.ended('r');
    expect(await h.request({ type: 'forget', id: 9, runId: 'r' })).toEqual({ type: 'ok', id: 9 });
    await h.expectError({ type: 'export-weights', id: 10, runId: 'r' }, 10, /Unknown runId 'r'/);

    expect(await h.request({ type: 'forget', id: 11, datasetId })).toEqual({ type: 'ok', id: 11 });
    await h.expectError({ type: 'train', id: 12, runId: 'r2', project: xorProject(1), datasetId }, 12, new RegExp(`Unknown datasetId '${datasetId}'`));
    await h.expectError({ type: 'forget', id: 13, datasetId }, 13, /Unknown datasetId/);

    // A project that does not fit the data: the model check names the layer.
    const other = await openXor(h, 14);
    const iris = builtinProject('iris', {}).project;
    await h.expectError({ type: 'train', id: 15, runId: 'r3', project: iris, datasetId: other }, 15, /\S/);
    await h.expectError(
      { type: 'open-dataset', id: 16, source: { source: 'files', files: [{ name: 'bin.csv', bytes: new Uint8Array([0xff, 0xfe, 0x00, 0x41]) }] } },
      16,
      /bin\.csv: is neither a CSV\/TSV text table nor an IDX dataset/,
    );
    expect(h.messages.filter((m) => m.type === 'run-event' && m.runId === 'r3')).toEqual([]);
  });
});
