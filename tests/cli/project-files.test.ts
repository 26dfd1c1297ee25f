// The real CLI on project files as the studio writes them and on paths that are no files at all:
// .mlpstudio read (by content, whatever the name) and written by train, step, data and grid; a
// named pipe or a device given as a project or a dataset refused at once instead of blocking or
// reading without end; --save judged before training; every refusal one line 'mlp-studio: FILE...'
// with exit code 2, and no byte of a binary file on the terminal.

import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../shared/engine/network';
import { decodeProjectFile, encodeProjectFile, MAX_PROJECT_FILE_BYTES } from '../../shared/project/container';
import { parseProject } from '../../shared/project/parse';
import { MAX_TEXT_BYTES } from '../../shared/engine/utf8';
import { checkSaveSize, saveFormat } from '../../cli/save';
import { smallProjectJson } from '../helpers/project-fixture';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SAMPLE = join(ROOT, 'shared/project/samples/example-2-dying-relu.json');
const POSIX = process.platform !== 'win32';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `node cli/bin.mjs ...args`; a run that blocks is killed after 20 s and has status null. */
function cli(...args: string[]): Promise<Run> {
  const t0 = performance.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['cli/bin.mjs', ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 20_000, env: { ...process.env, MLP_STUDIO_DEBUG: '' } },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        done({ status: typeof code === 'number' ? code : null, stdout, stderr, ms: performance.now() - t0 });
      },
    );
  });
}

/** Exit 2, nothing on stdout, one stderr line 'mlp-studio: ' + `line`, no control characters. */
function expectRefusal(r: Run, line: string | RegExp): void {
  expect(r.status, `stderr: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  const lines = r.stderr.slice(0, -1).split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd]/);
  if (typeof line === 'string') expect(lines[0]).toBe(`mlp-studio: ${line}`);
  else expect(lines[0]).toMatch(line);
}

function expectSuccess(r: Run): void {
  expect(r.stderr, `stderr: ${r.stderr}`).toBe('');
  expect(r.status).toBe(0);
}

const jsonLines = (r: Run) => r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);

let tmp: string;
let fifo: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlp-cli-projects-'));
  fifo = join(tmp, 'pipe');
  if (POSIX) expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Example 2 as the studio saves it: the same bytes main's saveProjectFile writes. */
function studioFile(name: string): string {
  const path = join(tmp, name);
  writeFileSync(path, encodeProjectFile(decodeProjectFile(readFileSync(SAMPLE), SAMPLE)));
  return path;
}

describe.concurrent('mlp-studio and .mlpstudio files', () => {
  it("step reads a project the studio saved, whatever its name, and reproduces the lecture's Example 2", async () => {
    for (const path of [studioFile('example-2.mlpstudio'), studioFile('example-2.bin')]) {
      const r = await cli('step', path, '--json');
      expectSuccess(r);
      const [s] = jsonLines(r);
      expect(s.loss).toBeCloseTo(0.989, 3);
      expect(s.after.loss).toBeCloseTo(0.972, 3);
    }
  });

  it('train --save x.mlpstudio writes the container, which train, step, data and grid read back', async () => {
    const out = join(tmp, 'trained.mlpstudio');
    expectSuccess(await cli('train', '--dataset', 'iris', '--hidden', '8', '--epochs', '2', '--seed', '5', '--json', '--save', out));
    const bytes = readFileSync(out);
    // Safetensors: an 8-byte little-endian header length, then the JSON header.
    expect(bytes.readBigUInt64LE(0)).toBeLessThan(1n << 20n);
    expect(String.fromCharCode(bytes[8])).toBe('{');
    const doc = decodeProjectFile(bytes, out);
    expect([...doc.weights!.keys()].sort()).toEqual(['layers.0.bias', 'layers.0.weight', 'layers.2.bias', 'layers.2.weight']);
    expect(doc.weights!.get('layers.0.weight')!.shape).toEqual([4, 8]);
    expect(doc.project.preprocessing.normalizer?.scale).toHaveLength(4);
    expect(doc.project.seed).toBe(5);

    const [step, data, grid, again] = await Promise.all([
      cli('step', out, '--json'),
      cli('data', out, '--json'),
      cli('grid', out, '--hidden', '4,8', '--epochs', '1', '--json'),
      cli('train', out, '--epochs', '1', '--json', '--save', join(tmp, 'again.json')),
    ]);
    for (const r of [step, data, grid, again]) expectSuccess(r);
    const before = jsonLines(step)[0].parameters['layers.0.weight'].before.value as number[][];
    before.flat().forEach((v, i) => expect(v).toBe(doc.weights!.get('layers.0.weight')!.data[i]));
    expect(jsonLines(data)[0]).toMatchObject({ type: 'summary', features: 4 });
    expect(jsonLines(grid).filter((e) => e.type === 'grid-result')).toHaveLength(2);
    // A .mlpstudio read, saved as JSON: the weights inline.
    const json = parseProject(JSON.parse(readFileSync(join(tmp, 'again.json'), 'utf8')));
    expect(json.weights!['layers.0.weight'].shape).toEqual([4, 8]);
  });

  it('keeps the run history of the project it trained from', async () => {
    const run = { id: 'r1', name: 'from the studio', startedAt: '2025-01-01T00:00:00Z', status: 'interrupted', events: [] };
    const from = join(tmp, 'with-runs.mlpstudio');
    const source = decodeProjectFile(readFileSync(SAMPLE), SAMPLE);
    writeFileSync(from, encodeProjectFile({ ...source, runs: [run as never] }));
    const out = join(tmp, 'with-runs-trained.mlpstudio');
    expectSuccess(await cli('train', from, '--epochs', '1', '--json', '--save', out));
    expect(decodeProjectFile(readFileSync(out), out).runs).toEqual([run]);
    // Saved as JSON, the history cannot go along: said before training, not found out later.
    const json = join(tmp, 'with-runs-trained.json');
    const r = await cli('train', from, '--epochs', '1', '--json', '--save', json);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${json} will be a JSON project, which holds no run history: the 1 earlier run(s) of the project are not kept (save to a .mlpstudio file to keep them)\n`,
    );
  });

  it('a damaged .mlpstudio or a binary file is one line naming it, with none of its bytes', async () => {
    const good = readFileSync(studioFile('whole.mlpstudio'));
    const cut = join(tmp, 'cut.mlpstudio');
    writeFileSync(cut, good.subarray(0, 40));
    expectRefusal(await cli('train', cut), `${cut} is truncated or damaged: its header length (${good.readUInt32LE(0)} bytes) is larger than the file (40 bytes)`);
    const binary = join(tmp, 'random.bin');
    writeFileSync(binary, Buffer.from([0x1b, 0x5b, 0x32, 0x4a, 0x00, 0xff, 0xfe, 0x0a, 0x07, 0x08, 0x7b, 0x22]));
    expectRefusal(await cli('step', binary), `${binary} is not an MLP Studio project: it is neither a .mlpstudio project file nor a JSON project`);
    const badJson = join(tmp, 'bad.json');
    writeFileSync(badJson, '{\n  "format": "mlp-studio-project",\n  "name": "\u001b[2J\n"\n}');
    expectRefusal(
      await cli('step', badJson),
      `${badJson} is not valid JSON: a control character (U+001B) inside a string (write it as an escape such as \\n) (line 3, column 12)`,
    );
  });

  it('a project given as --dataset is called a project', async () => {
    const path = studioFile('as-dataset.mlpstudio');
    expectRefusal(await cli('train', '--dataset', path, '--epochs', '1'), `${path}: is an MLP Studio project or other safetensors file, not a dataset`);
  });

  it('refuses reserved keys by name', async () => {
    const path = join(tmp, 'proto.json');
    writeFileSync(path, readFileSync(SAMPLE, 'utf8').replace('{', '{"__proto__": {"seed": 7}, '));
    expectRefusal(await cli('step', path), `${path} is invalid: the key '__proto__' at the top level is a reserved name, not a field of a project`);
  });
});

describe.skipIf(!POSIX).concurrent('mlp-studio on paths that are not regular files', () => {
  it.each([
    ['train', 'a project'],
    ['step', 'a project'],
    ['grid', 'a project'],
  ])('%s with a named pipe or /dev/zero as %s returns at once', async (command) => {
    const extra = command === 'grid' ? ['--hidden', '4'] : [];
    const [pipe, zero] = await Promise.all([cli(command, fifo, ...extra), cli(command, '/dev/zero', ...extra)]);
    expectRefusal(pipe, `${fifo}: is not a regular file (it is a named pipe)`);
    expectRefusal(zero, '/dev/zero: is not a regular file (it is a character device)');
    expect(Math.max(pipe.ms, zero.ms)).toBeLessThan(15_000);
  });

  it('data and train --dataset with a named pipe or /dev/zero', async () => {
    const runs = await Promise.all([cli('data', fifo), cli('data', '/dev/zero'), cli('train', '--dataset', fifo), cli('train', '--dataset', '/dev/zero')]);
    expectRefusal(runs[0], `${fifo}: is not a regular file (it is a named pipe)`);
    expectRefusal(runs[1], '/dev/zero: is not a regular file (it is a character device)');
    expectRefusal(runs[2], `${fifo}: is not a regular file (it is a named pipe)`);
    expectRefusal(runs[3], '/dev/zero: is not a regular file (it is a character device)');
  });

  it('--save to a named pipe is refused before training', async () => {
    expectRefusal(await cli('train', '--dataset', 'iris', '--epochs', '1', '--json', '--save', fifo), `${fifo}: cannot be saved: it is not a regular file (it is a named pipe)`);
  });
});

describe.concurrent('--save, judged before any work', () => {
  it('a missing folder or a folder in the way: refused before training starts', async () => {
    const missing = join(tmp, 'no-such-folder', 'out.mlpstudio');
    // 300 epochs would take a while: the refusal must come before the first.
    const r = await cli('train', '--dataset', 'iris', '--epochs', '300', '--json', '--save', missing);
    expectRefusal(r, `${missing}: cannot be saved: the folder ${join(tmp, 'no-such-folder')} does not exist`);
    expectRefusal(await cli('train', '--dataset', 'iris', '--epochs', '300', '--json', '--save', tmp), `${tmp}: cannot be saved: it is a folder`);
  });

  it('a relative path is named as the user typed it', async () => {
    expectRefusal(await cli('train', '--dataset', 'iris', '--json', '--save', 'no-such-folder/x.json'), 'no-such-folder/x.json: cannot be saved: the folder no-such-folder does not exist');
  });
});

describe('checkSaveSize', () => {
  /** A network of `values` weights, without the memory: only the lengths are looked at. */
  const network = (values: number) => ({ tensors: () => new Map([['layers.0.weight', { shape: [values], data: { length: values } }]]) }) as unknown as Network;
  const project = parseProject(smallProjectJson('P'));

  it('picks the format by the extension', () => {
    expect(saveFormat('a.mlpstudio')).toBe('mlpstudio');
    expect(saveFormat('A.MLPSTUDIO')).toBe('mlpstudio');
    expect(saveFormat('a.json')).toBe('json');
    expect(saveFormat('a')).toBe('json');
  });

  it('refuses a network too large for the format, before training', () => {
    expect(() => checkSaveSize('small.json', project, network(1000))).not.toThrow();
    expect(() => checkSaveSize('big.json', project, network(20_000_000))).toThrow(
      new RegExp(`^big\\.json: cannot be saved: as JSON, 20000000 weights may take up to 648\\.\\d MiB, more than the ${MAX_TEXT_BYTES} bytes a JSON project can be read back with; save to a \\.mlpstudio file$`),
    );
    expect(() => checkSaveSize('big.mlpstudio', project, network(20_000_000))).not.toThrow();
    // Exactly 1 GiB of weights, and the description on top: over by less than rounding shows.
    const tooMany = MAX_PROJECT_FILE_BYTES / 4;
    expect(() => checkSaveSize('huge.mlpstudio', project, network(tooMany))).toThrow(
      new RegExp(`^huge\\.mlpstudio: cannot be saved: with its ${tooMany} weights the project file would take 10737\\d{5} bytes, more than the ${MAX_PROJECT_FILE_BYTES} bytes a project file allows$`),
    );
    expect(() => checkSaveSize('huger.mlpstudio', project, network(2 * tooMany))).toThrow(
      `huger.mlpstudio: cannot be saved: with its ${2 * tooMany} weights the project file would take 2048.0 MiB, more than the 1024.0 MiB a project file allows`,
    );
  });
});
