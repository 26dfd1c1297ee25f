// The on-disk project document: a bit-exact round trip of a trained network and its runs, a
// header any safetensors reader understands, the JSON samples, and every malformed file refused.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Network } from '../../../shared/engine/network';
import {
  decodeProjectFile,
  decodeProjectFileMetadata,
  encodeProjectFile,
  prepareRunsForSave,
  runStatus,
  type ProjectDocument,
  type RunEvent,
  type RunRecord,
  type WeightTensor,
} from '../../../shared/project/container';
import { PROJECT_VERSION } from '../../../shared/project/schema';
import { ProjectError, parseProject, parseProjectText } from '../../../shared/project/parse';
import { projectWithWeights } from '../../../shared/project/snapshot';
import { builtinProject, ofType, setupOf, train } from '../../helpers/run';

const SAMPLES = fileURLToPath(new URL('../../../shared/project/samples/', import.meta.url));
const SOURCE = '/projects/broken.mlpstudio';

// ---------------------------------------------------------------------------------------------
// An independent minimal safetensors reader and writer: nothing shared with the code under test.

interface RawFile {
  headerLength: number;
  header: Record<string, unknown>;
  data: Uint8Array;
}

function readSafetensors(bytes: Uint8Array): RawFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  const header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString('utf8')) as Record<string, unknown>;
  return { headerLength, header, data: bytes.subarray(8 + headerLength) };
}

function tensorOf(file: RawFile, name: string): { dtype: string; shape: number[]; values: number[] } {
  const entry = file.header[name] as { dtype: string; shape: number[]; data_offsets: [number, number] };
  const [begin, end] = entry.data_offsets;
  const view = new DataView(file.data.buffer, file.data.byteOffset + begin, end - begin);
  const values = Array.from({ length: (end - begin) / 4 }, (_, i) => view.getFloat32(i * 4, true));
  return { dtype: entry.dtype, shape: entry.shape, values };
}

/** A safetensors file from a header (object or raw text) and data, with an optional lying length. */
function writeSafetensors(header: unknown, data: Uint8Array = new Uint8Array(0), headerLength?: bigint): Uint8Array {
  const json = typeof header === 'string' ? Buffer.from(header, 'utf8') : Buffer.from(JSON.stringify(header), 'utf8');
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// A real trained network and its runs

const bitsOf = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

async function trainedDocument(): Promise<ProjectDocument> {
  const p = builtinProject('xor', { n: 120, seed: 2 }, {
    name: 'XOR with batch norm — “quoted” ✓',
    network: {
      layers: [
        { type: 'dense', units: 8 },
        { type: 'batchnorm' },
        { type: 'activation', activation: 'relu' },
        { type: 'dense', units: 2 },
        { type: 'activation', activation: 'softmax' },
      ],
    },
    optimizer: { type: 'adam', lr: 0.01 },
    training: { epochs: 3, batchSize: 16, shuffle: true, earlyStopping: null },
    seed: 5,
  });
  const setup = setupOf(p);
  const { events } = await train(setup);
  const network = setup.model.network;
  const { weights: _inline, ...project } = projectWithWeights(p.project, network, setup.data.normalizer);
  const weights = new Map<string, WeightTensor>();
  for (const [name, t] of network.tensors()) weights.set(name, { shape: t.shape, data: Float32Array.from(t.data) });
  // Values JSON cannot hold and a NaN with a payload: the bytes must survive as they are.
  const w = weights.get('layers.0.weight')!.data;
  w[0] = NaN;
  w[1] = -0;
  w[2] = Infinity;
  w[3] = -Infinity;
  w[4] = 1e-45; // the smallest denormal
  bitsOf(w)[5] = 0x7fc0_1234; // a quiet NaN with a payload

  const history: RunEvent[] = [...ofType(events, 'epoch'), ...ofType(events, 'done')];
  const diverged: RunEvent[] = [
    { type: 'epoch', epoch: 1, lr: 10, train: { loss: Infinity, accuracy: 0.5 }, validation: { loss: NaN, accuracy: -0 }, seconds: 0.1, samplesPerSecond: 1000 },
    { type: 'failed', message: 'the loss became NaN at epoch 2, step 3 (layer 0)', epoch: 2, step: 3, layer: 0 },
  ];
  const runs: RunRecord[] = [
    { id: 'run-1', name: 'Adam 0.01', startedAt: '2025-01-02T03:04:05.678Z', status: runStatus(history), events: history },
    { id: 'run-2', name: 'lr 10', startedAt: '2025-01-02T04:00:00.000+01:00', status: 'failed', message: 'NaN', events: diverged },
    { id: 'run-3', name: 'closed mid-run', startedAt: '2025-01-03T00:00:00Z', status: 'interrupted', events: history.slice(0, 1) },
  ];
  return { project, weights, runs };
}

describe('encodeProjectFile and decodeProjectFile', () => {
  it('round-trip a trained project, its weights bit for bit and its runs', async () => {
    const doc = await trainedDocument();
    expect(doc.runs[0].status).toBe('completed');
    const bytes = encodeProjectFile(doc);
    const back = decodeProjectFile(bytes, 'trained.mlpstudio');

    expect(back.project).toEqual(doc.project);
    expect(back.project.weights).toBeUndefined();
    expect(back.runs).toEqual(doc.runs);
    expect(Object.is(back.runs[1].events[0].type === 'epoch' && back.runs[1].events[0].validation!.accuracy, -0)).toBe(true);
    expect([...back.weights!.keys()]).toEqual([...doc.weights!.keys()]);
    expect(back.weights!.has('layers.1.running_mean')).toBe(true);
    for (const [name, t] of doc.weights!) {
      const got = back.weights!.get(name)!;
      expect(got.shape, name).toEqual(t.shape);
      expect(Array.from(bitsOf(got.data)), name).toEqual(Array.from(bitsOf(t.data)));
    }
    // Saving what was opened and opening it again changes nothing: repeated saves do not drift
    // (the bytes can differ from the first save only in the order of the events' keys).
    const resaved = encodeProjectFile(back);
    expect(Buffer.from(encodeProjectFile(decodeProjectFile(resaved, 'x'))).equals(Buffer.from(resaved))).toBe(true);

    // The weights load into a fresh network of the project's shape.
    const net = new Network(back.project.network, { inputSize: 2, capacity: 4, seed: 99 });
    net.setTensors(back.weights!);
    for (const [name, t] of net.tensors()) expect(Array.from(bitsOf(t.data as Float32Array)), name).toEqual(Array.from(bitsOf(doc.weights!.get(name)!.data)));
  });

  it('saves a run replaced under the same id with its new history (earlier encodings are not reused)', async () => {
    const doc = await trainedDocument();
    encodeProjectFile(doc);
    const longer = { ...doc.runs[2], events: doc.runs[0].events, status: doc.runs[0].status };
    const runs = [doc.runs[0], doc.runs[1], longer];
    expect(decodeProjectFile(encodeProjectFile({ ...doc, runs }), 'x').runs).toEqual(runs);
  });

  it('prepares runs for saving a slice of events at a time, writing the bytes an encode alone writes', async () => {
    const doc = await trainedDocument();
    // Fresh copies, so nothing is known from an earlier encode; the message goes after the events.
    const copy = (): RunRecord[] => doc.runs.map((r) => ({ ...structuredClone(r), message: 'ends "events":[] here' }));
    const direct = encodeProjectFile({ ...doc, runs: copy() });
    const runs = copy();
    const events = runs.reduce((n, r) => n + r.events.length, 0);
    let pauses = 0;
    await prepareRunsForSave(runs, async () => void pauses++, 2);
    expect(pauses).toBe(runs.reduce((n, r) => n + Math.ceil(r.events.length / 2), 0));
    expect(pauses).toBeLessThan(events);
    expect(Buffer.from(encodeProjectFile({ ...doc, runs })).equals(Buffer.from(direct))).toBe(true);
    // Prepared runs are not checked or written again.
    pauses = 0;
    await prepareRunsForSave(runs, async () => void pauses++, 2);
    expect(pauses).toBe(0);
  });

  it('leaves a run that fails a check for the encode to name', async () => {
    const doc = await trainedDocument();
    const badEvent = { ...structuredClone(doc.runs[0]), events: [{ type: 'epoch', epoch: -1 } as unknown as RunEvent] };
    const badStatus = { ...structuredClone(doc.runs[0]), status: 'failed' as const };
    await prepareRunsForSave([badEvent, badStatus], async () => undefined);
    expect(() => encodeProjectFile({ ...doc, runs: [badEvent] })).toThrow(/runs\.0\.events\.0/);
    expect(() => encodeProjectFile({ ...doc, runs: [badStatus] })).toThrow(/runs\.0\.status: the events say the run's status is 'completed'/);
  });

  it('writes a header an independent safetensors reader understands', async () => {
    const doc = await trainedDocument();
    const bytes = encodeProjectFile(doc);
    const file = readSafetensors(bytes);
    expect(file.headerLength % 8).toBe(0);
    expect(file.header.__metadata__).toMatchObject({ format: 'mlp-studio-project', version: String(PROJECT_VERSION) });
    const metadata = file.header.__metadata__ as Record<string, string>;
    expect(Object.values(metadata).every((v) => typeof v === 'string')).toBe(true);
    const project = JSON.parse(metadata.project) as Record<string, unknown>;
    expect(project.weights).toBeUndefined();
    expect(parseProject(project)).toEqual(doc.project);
    const runs = JSON.parse(metadata.runs) as { id: string; events: { train?: { loss: unknown } }[] }[];
    expect(runs.map((r) => r.id)).toEqual(['run-1', 'run-2', 'run-3']);
    expect(runs[1].events[0].train!.loss).toBe('Infinity');

    let total = 0;
    for (const [name, t] of doc.weights!) {
      const read = tensorOf(file, name);
      expect(read.dtype).toBe('F32');
      expect(read.shape).toEqual(t.shape);
      const expected = Array.from(t.data);
      read.values.forEach((v, i) => expect(Object.is(v, expected[i]) || (Number.isNaN(v) && Number.isNaN(expected[i])), `${name}[${i}]`).toBe(true));
      total += t.data.byteLength;
    }
    expect(file.data.length).toBe(total);
    expect(decodeProjectFileMetadata(bytes, 'x')).toEqual(metadata);
  });

  it('saves a project without weights as a file without tensors', () => {
    const { project } = builtinProject('iris', {}, {});
    const bytes = encodeProjectFile({ project, weights: null, runs: [] });
    const file = readSafetensors(bytes);
    expect(Object.keys(file.header)).toEqual(['__metadata__']);
    expect(file.data.length).toBe(0);
    expect(decodeProjectFile(bytes, 'x')).toEqual({ project, weights: null, runs: [] });
  });

  it('saves inline project weights as tensors when the document has no weights map', () => {
    const project = parseProjectText(readFileSync(`${SAMPLES}example-1-forward-pass.json`, 'utf8'));
    const back = decodeProjectFile(encodeProjectFile({ project, weights: null, runs: [] }), 'x');
    expect(back.project.weights).toBeUndefined();
    expect(Array.from(back.weights!.get('layers.0.weight')!.data)).toEqual(Array.from(Float32Array.from(project.weights!['layers.0.weight'].data)));
  });

  it('refuses to write what it could not read back', async () => {
    const doc = await trainedDocument();
    expect(() => encodeProjectFile({ ...doc, runs: [{ ...doc.runs[0], status: 'failed' }] })).toThrow(/runs\.0\.status: the events say the run's status is 'completed'/);
    expect(() => encodeProjectFile({ ...doc, runs: [doc.runs[0], doc.runs[0]] })).toThrow(/runs\.1\.id: run id 'run-1' is used twice/);
    // Runs already written are not checked again, but a bad one beside them is named by its place.
    encodeProjectFile(doc);
    expect(() => encodeProjectFile({ ...doc, runs: [doc.runs[0], { ...doc.runs[1], events: [] }] })).toThrow(/runs\.1\.status: the events say the run's status is 'interrupted'/);
    expect(() => encodeProjectFile({ ...doc, runs: [doc.runs[0], { ...doc.runs[1], id: '' }] })).toThrow(/runs\.1\.id/);
    expect(() => encodeProjectFile({ ...doc, runs: null as unknown as RunRecord[] })).toThrow(/run history is invalid: runs: expected an array, got null/);
    expect(() => encodeProjectFile(doc, { project: '{}' })).toThrow(/reserved/);
    const weights = new Map(doc.weights!);
    weights.set('bad', { shape: [2, 2], data: new Float32Array(3) });
    expect(() => encodeProjectFile({ ...doc, weights })).toThrow(/'bad' has shape \[2, 2\] but holds 3 values/);
    expect(() => encodeProjectFile({ ...doc, project: { ...doc.project, seed: -1 } })).toThrow(ProjectError);
  });
});

describe('plain JSON projects', () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.json'));

  it.each(samples)('%s decodes with its weights', (name) => {
    const text = readFileSync(`${SAMPLES}${name}`, 'utf8');
    const { weights: inline, ...expected } = parseProjectText(text, name);
    const doc = decodeProjectFile(readFileSync(`${SAMPLES}${name}`), name);
    expect(doc.project).toEqual(expected);
    expect(doc.runs).toEqual([]);
    if (!inline) {
      expect(doc.weights).toBeNull();
    } else {
      expect([...doc.weights!.keys()]).toEqual(Object.keys(inline));
      for (const [key, t] of Object.entries(inline)) {
        expect(doc.weights!.get(key)!.shape).toEqual(t.shape);
        expect(Array.from(doc.weights!.get(key)!.data)).toEqual(Array.from(Float32Array.from(t.data)));
      }
    }
    // And survives a save as safetensors.
    const again = decodeProjectFile(encodeProjectFile(doc), name);
    expect(again.project).toEqual(doc.project);
    expect(again.weights).toEqual(doc.weights);
  });

  it('accepts a byte-order mark and leading white space', () => {
    const text = readFileSync(`${SAMPLES}${samples[0]}`, 'utf8');
    expect(decodeProjectFile(Buffer.from(`\ufeff \n${text}`, 'utf8'), 'x').project.name).toBe(parseProjectText(text).name);
  });

  it('refuses broken JSON, an invalid project and weights that do not fill their shape', () => {
    expect(() => decodeProjectFile(Buffer.from('{"format": '), 'a.json')).toThrow(/^a\.json is not valid JSON/);
    expect(() => decodeProjectFile(Buffer.from('{"format": "other"}'), 'a.json')).toThrow(/a\.json is not an MLP Studio project/);
    const sample = JSON.parse(readFileSync(`${SAMPLES}example-1-forward-pass.json`, 'utf8')) as { weights: Record<string, { data: number[] }> };
    sample.weights['layers.0.weight'].data.pop();
    expect(() => decodeProjectFile(Buffer.from(JSON.stringify(sample)), 'a.json')).toThrow(/^a\.json is invalid: weights 'layers\.0\.weight' hold 3 values but shape \[2, 2\] needs 4$/);
  });
});

describe('malformed files', () => {
  const valid = () => readSafetensors(encodeProjectFile(tinyDocument()));
  function tinyDocument(): ProjectDocument {
    const project = parseProjectText(readFileSync(`${SAMPLES}example-1-forward-pass.json`, 'utf8'));
    const { weights: _w, ...rest } = project;
    const weights = new Map<string, WeightTensor>([
      ['a', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }],
      ['b', { shape: [2], data: Float32Array.from([7, 8]) }],
    ]);
    return { project: rest, weights, runs: [] };
  }
  /** The valid tiny file with its header changed. */
  function withHeader(change: (header: Record<string, any>) => void, data?: Uint8Array): Uint8Array {
    const file = valid();
    const header = structuredClone(file.header) as Record<string, any>;
    change(header);
    return writeSafetensors(header, data ?? file.data);
  }
  function refusal(bytes: Uint8Array): string {
    try {
      decodeProjectFile(bytes, SOURCE);
    } catch (e) {
      expect(e).toBeInstanceOf(ProjectError);
      const message = (e as Error).message;
      expect(message).toContain(SOURCE);
      expect(message).not.toContain('\n');
      return message;
    }
    throw new Error('the file was accepted');
  }

  it('checks the fixture itself decodes', () => {
    expect(decodeProjectFile(writeSafetensors(valid().header, valid().data), SOURCE).weights!.get('b')!.data).toEqual(Float32Array.from([7, 8]));
  });

  it('refuses an empty or truncated file and an impossible header length', () => {
    expect(refusal(new Uint8Array(0))).toMatch(/is empty \(0 bytes\)/);
    expect(refusal(new Uint8Array([1, 2, 3]))).toMatch(/too short to be an MLP Studio project \(3 bytes\)/);
    expect(refusal(writeSafetensors('{}', undefined, 1n << 40n))).toMatch(/header length \(1099511627776 bytes\) is absurd/);
    expect(refusal(writeSafetensors('{}', undefined, 200n * 1024n * 1024n))).toMatch(/absurd/);
    expect(refusal(writeSafetensors('{}', undefined, 4000n))).toMatch(/truncated or damaged: its header length \(4000 bytes\) is larger than the file \(10 bytes\)/);
    // A file cut short inside its tensor data is caught by the offsets.
    const whole = encodeProjectFile(tinyDocument());
    expect(refusal(whole.subarray(0, whole.length - 3))).toMatch(/data_offsets \[24, 32\] out of range \(the tensor data is 29 bytes\)/);
    expect(refusal(whole.subarray(0, 20))).toMatch(/larger than the file \(20 bytes\)/);
  });

  it('refuses a header that is not JSON, not UTF-8 or not an object', () => {
    expect(refusal(writeSafetensors('{"a": '))).toMatch(/is damaged: its header is not valid JSON/);
    expect(refusal(writeSafetensors(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1')))).toMatch(/header is not valid JSON/);
    const notUtf8 = new Uint8Array([4, 0, 0, 0, 0, 0, 0, 0, 0x22, 0xc3, 0x28, 0x22]);
    expect(refusal(notUtf8)).toMatch(/header is not valid JSON \(not UTF-8 text\)/);
    expect(refusal(writeSafetensors('[1, 2]'))).toMatch(/header is not a JSON object/);
  });

  it('refuses tensor offsets out of range, overlapping or not covering the data', () => {
    expect(refusal(withHeader((h) => (h.b.data_offsets = [24, 40])))).toMatch(/tensor 'b' has data_offsets \[24, 40\] out of range \(the tensor data is 32 bytes\)/);
    expect(refusal(withHeader((h) => (h.b.data_offsets = [32, 24])))).toMatch(/data_offsets \[32, 24\] out of range/);
    expect(refusal(withHeader((h) => (h.b.data_offsets = [-8, 0])))).toMatch(/tensor 'b' has invalid data_offsets \[-8,0\]/);
    expect(refusal(withHeader((h) => (h.b.data_offsets = [16, 24])))).toMatch(/tensors 'a' and 'b' overlap \(bytes 16 to 24\)/);
    expect(refusal(withHeader((h) => (h.a.data_offsets = [8, 32])))).toMatch(/bytes 0 to 8 of the tensor data belong to no tensor/);
    expect(refusal(withHeader(() => undefined, new Uint8Array(36)))).toMatch(/the last 4 bytes of the tensor data belong to no tensor/);
    expect(refusal(withHeader((h) => delete h.b))).toMatch(/the last 8 bytes of the tensor data belong to no tensor/);
  });

  it('refuses unknown dtypes and shapes that do not match the bytes', () => {
    expect(refusal(withHeader((h) => (h.a.dtype = 'Q7')))).toMatch(/is damaged: tensor 'a' has an unknown dtype "Q7"/);
    expect(refusal(withHeader((h) => (h.a.dtype = 'F64')))).toMatch(/holds tensor 'a' of dtype F64; MLP Studio projects hold F32 tensors only/);
    expect(refusal(withHeader((h) => delete h.a.dtype))).toMatch(/tensor 'a' has no dtype/);
    expect(refusal(withHeader((h) => (h.a.shape = [2, 2])))).toMatch(/tensor 'a' has shape \[2, 2\] \(4 F32 values, 16 bytes\) but its data_offsets span 24 bytes/);
    expect(refusal(withHeader((h) => (h.a.shape = [2, -3])))).toMatch(/tensor 'a' has an invalid shape \[2,-3\]/);
    expect(refusal(withHeader((h) => (h.a = 5)))).toMatch(/tensor 'a' is not described by an object/);
  });

  it('refuses a file without the format marker or with a damaged metadata map', () => {
    expect(refusal(withHeader((h) => delete h.__metadata__))).toMatch(/is not an MLP Studio project \(a safetensors file without the "mlp-studio-project" format marker\)/);
    expect(refusal(withHeader((h) => delete h.__metadata__.format))).toMatch(/without the "mlp-studio-project" format marker/);
    expect(refusal(withHeader((h) => (h.__metadata__.format = 'pytorch')))).toMatch(/whose format marker is "pytorch", not the "mlp-studio-project" format marker/);
    expect(refusal(withHeader((h) => (h.__metadata__.extra = 5)))).toMatch(/its __metadata__ is not a map of strings/);
    expect(refusal(withHeader((h) => (h.__metadata__ = ['x'])))).toMatch(/its __metadata__ is not a map of strings/);
  });

  it('refuses a file from a newer MLP Studio, asking for an update', () => {
    const newer = refusal(withHeader((h) => (h.__metadata__.version = String(PROJECT_VERSION + 1))));
    expect(newer).toBe(
      `${SOURCE} was saved by a newer MLP Studio (format version ${PROJECT_VERSION + 1}; this version reads up to ${PROJECT_VERSION}). Update MLP Studio to open it.`,
    );
    // Even when its tensors are of a kind this version does not know.
    expect(refusal(withHeader((h) => ((h.__metadata__.version = String(PROJECT_VERSION + 1)), (h.a.dtype = 'F4'))))).toMatch(/Update MLP Studio/);
    // And when only the project inside says so.
    const inner = refusal(
      withHeader((h) => (h.__metadata__.project = JSON.stringify({ ...JSON.parse(h.__metadata__.project), version: PROJECT_VERSION + 1 }))),
    );
    expect(inner).toMatch(/newer MLP Studio.*Update MLP Studio to open it/);
    expect(refusal(withHeader((h) => (h.__metadata__.version = 'one')))).toMatch(/has an invalid format version "one"/);
    expect(refusal(withHeader((h) => delete h.__metadata__.version))).toMatch(/has an invalid format version null/);
  });

  it('refuses a missing or invalid project with the same messages as a JSON project', () => {
    expect(refusal(withHeader((h) => delete h.__metadata__.project))).toMatch(/is damaged: it holds no project description/);
    expect(refusal(withHeader((h) => (h.__metadata__.project = '{"name": ')))).toMatch(/is damaged: its project description is not valid JSON/);
    const bad = { ...JSON.parse((valid().header.__metadata__ as Record<string, string>).project), colour: 'red' };
    const expected = (() => {
      try {
        parseProject(bad, SOURCE);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected the project to be invalid');
    })();
    expect(expected).toMatch(/is invalid: unknown field 'colour'/);
    expect(refusal(withHeader((h) => (h.__metadata__.project = JSON.stringify(bad))))).toBe(expected);
    expect(refusal(withHeader((h) => (h.__metadata__.project = '[]')))).toMatch(/is not an MLP Studio project \(expected a JSON object\)/);
  });

  it('refuses a damaged run history', () => {
    const run = { id: 'r', name: 'n', startedAt: '2025-01-01T00:00:00Z', status: 'interrupted', events: [] };
    const withRuns = (runs: unknown) => withHeader((h) => (h.__metadata__.runs = typeof runs === 'string' ? runs : JSON.stringify(runs)));
    expect(decodeProjectFile(withRuns([run]), SOURCE).runs).toEqual([run]);
    expect(refusal(withRuns('[{'))).toMatch(/is damaged: its run history is not valid JSON/);
    expect(refusal(withRuns({}))).toMatch(/has an invalid run history: runs: expected array/);
    expect(refusal(withRuns([{ ...run, startedAt: 'yesterday' }]))).toMatch(/has an invalid run history: runs\.0\.startedAt: /);
    expect(refusal(withRuns([{ ...run, status: 'completed' }]))).toMatch(/runs\.0\.status: the events say the run's status is 'interrupted'/);
    expect(refusal(withRuns([{ ...run, events: [{ type: 'epoch', epoch: 1 }] }]))).toMatch(/runs\.0\.events\.0\.lr: /);
    expect(refusal(withRuns([{ ...run, events: [{ type: 'batch', epoch: 1, step: 1, loss: 1, samplesPerSecond: 1 }] }]))).toMatch(/runs\.0\.events\.0\.type/);
    const failed = { type: 'failed', message: 'x', epoch: 1, step: 1, layer: null };
    const epoch = { type: 'epoch', epoch: 1, lr: 0.1, train: { loss: 'NaN' }, seconds: 1, samplesPerSecond: 1 };
    expect(refusal(withRuns([{ ...run, status: 'failed', events: [failed, epoch] }]))).toMatch(/runs\.0\.events\.0: a 'failed' event can only be the last event/);
    expect(Number.isNaN((decodeProjectFile(withRuns([{ ...run, events: [epoch] }]), SOURCE).runs[0].events[0] as { train: { loss: number } }).train.loss)).toBe(true);
    expect(refusal(withRuns([{ ...run, events: [{ ...epoch, lr: 'lots' }] }]))).toMatch(/runs\.0\.events\.0\.lr/);
  });
});
