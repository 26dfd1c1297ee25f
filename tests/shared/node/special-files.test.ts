// What a path is, looked at before it is opened, and how large, before it is read: a named pipe
// (which blocks its reader until a writer comes), a device (/dev/zero reads without end) or a
// table larger than the longest text a host decodes is refused in one line naming the path, as a
// dataset, inside an IDX folder, and as a project. Every test here would hang or read gigabytes
// if the check were missing; the large files are sparse (a size, no data on disk).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatasetError, MAX_TABLE_BYTES } from '../../../shared/engine/datasets/errors';
import { checkFileSize, tableFromFile } from '../../../shared/engine/datasets/from-files';
import { decodeUtf8, MAX_TEXT_BYTES, TextTooLongError } from '../../../shared/engine/utf8';
import { loadDatasetPath } from '../../../shared/node/dataset-files';
import { FileRefusal } from '../../../shared/node/fs-errors';
import { readProjectFile } from '../../../shared/node/project-file';
import { readFileHead, readRegularFile } from '../../../shared/node/regular-file';
import { decodeProjectFile, encodeProjectFile, MAX_PROJECT_FILE_BYTES } from '../../../shared/project/container';
import { ProjectError, parseProject } from '../../../shared/project/parse';
import { idxFiles } from '../../helpers/idx-files';
import { smallProjectJson } from '../../helpers/project-fixture';

const POSIX = process.platform !== 'win32';
let tmp: string;
let fifo: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'mlp-special-files-'));
  fifo = join(tmp, 'pipe.csv');
  if (POSIX) expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The message of the error `p` rejects with, checked to be one line. */
async function refusal(p: Promise<unknown>, type: new (...args: never[]) => Error): Promise<string> {
  const e = await p.then(
    () => expect.unreachable('expected a refusal'),
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(type);
  const message = (e as Error).message;
  expect(message).not.toContain('\n');
  return message;
}

function sparse(name: string, bytes: number, head = ''): string {
  const path = join(tmp, name);
  writeFileSync(path, head);
  truncateSync(path, bytes);
  return path;
}

describe.skipIf(!POSIX)('named pipes and devices', () => {
  it('as a dataset: refused without being opened', async () => {
    expect(await refusal(loadDatasetPath(fifo), DatasetError)).toBe(`${fifo}: is not a regular file (it is a named pipe)`);
    expect(await refusal(loadDatasetPath('/dev/zero'), DatasetError)).toBe('/dev/zero: is not a regular file (it is a character device)');
    // Followed through a link, as the open would be.
    const link = join(tmp, 'zero.csv');
    symlinkSync('/dev/zero', link);
    expect(await refusal(loadDatasetPath(link), DatasetError)).toBe(`${link}: is not a regular file (it is a character device)`);
  });

  it('as a member of an IDX folder: refused by its full path', async () => {
    const dir = join(tmp, 'idx-with-pipe');
    mkdirSync(dir);
    for (const f of idxFiles()) if (f.name !== 'train-labels-idx1-ubyte') writeFileSync(join(dir, f.name), f.bytes);
    const member = join(dir, 'train-labels-idx1-ubyte');
    expect(spawnSync('mkfifo', [member]).status).toBe(0);
    expect(await refusal(loadDatasetPath(dir), DatasetError)).toBe(`${member}: is not a regular file (it is a named pipe)`);
    const zero = join(tmp, 'idx-with-zero');
    mkdirSync(zero);
    for (const f of idxFiles()) if (f.name !== 't10k-images-idx3-ubyte') writeFileSync(join(zero, f.name), f.bytes);
    symlinkSync('/dev/zero', join(zero, 't10k-images-idx3-ubyte'));
    expect(await refusal(loadDatasetPath(zero), DatasetError)).toMatch(/t10k-images-idx3-ubyte: is not a regular file \(it is a character device\)$/);
  });

  it('as a project: refused without being opened', async () => {
    expect(await refusal(readProjectFile(fifo), FileRefusal)).toBe(`${fifo}: is not a regular file (it is a named pipe)`);
    expect(await refusal(readProjectFile('/dev/zero'), FileRefusal)).toBe('/dev/zero: is not a regular file (it is a character device)');
    expect(await refusal(readProjectFile(tmp), FileRefusal)).toBe(`${tmp}: is a folder, not a project file`);
    expect(await refusal(readFileHead(fifo, 16, { what: 'a file' }), FileRefusal)).toMatch(/named pipe/);
  });
});

describe('sizes judged before reading', () => {
  it('a table over the longest decodable text gets that limit, not the 4 GiB one, before a byte is read', async () => {
    expect(MAX_TABLE_BYTES).toBe(MAX_TEXT_BYTES);
    expect(MAX_TEXT_BYTES).toBe(2 ** 29 - 24);
    const big = sparse('big.csv', 1024 ** 3, 'a,b\n');
    const t0 = performance.now();
    expect(await refusal(loadDatasetPath(big, {}, { maxBytes: 4 * 1024 ** 3 }), DatasetError)).toBe(
      `${big}: is 1024.0 MiB, more than the limit of ${MAX_TEXT_BYTES} bytes (just under 512 MiB) for a CSV/TSV table, the longest text this program can decode`,
    );
    // A read of 1 GiB takes seconds; the refusal reads nothing.
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('the limit is exact: one byte over is refused, at the limit the size passes', () => {
    const limits = { maxBytes: 4 * 1024 ** 3 };
    expect(() => checkFileSize('t.csv', MAX_TABLE_BYTES, limits)).not.toThrow();
    expect(() => checkFileSize('t.csv', MAX_TABLE_BYTES + 1, limits)).toThrow(/^t\.csv: is 512\.0 MiB, more than the limit of 536870888 bytes/);
    // Where memory is the smaller limit, memory's limit is the one stated.
    expect(() => checkFileSize('t.csv', 300 * 1024 ** 2, { maxBytes: 256 * 1024 ** 2 })).toThrow('t.csv: is 300.0 MiB, more than the limit of 256.0 MiB');
  });

  it('bytes over the limit that reach a decoder are refused by size, never as "not valid UTF-8"', () => {
    // Zeroed memory no decoder may walk: each refusal comes from the length alone.
    const bytes = new Uint8Array(MAX_TEXT_BYTES + 1);
    bytes.set(new TextEncoder().encode('{"format": "mlp-studio-project"'));
    expect(() => decodeUtf8(bytes)).toThrow(TextTooLongError);
    expect(() => decodeUtf8(bytes)).toThrow(`${MAX_TEXT_BYTES + 1} bytes of text are more than the ${MAX_TEXT_BYTES} bytes this program can decode at once`);
    expect(() => tableFromFile({ name: 'huge.csv', bytes }, {}, { maxBytes: 4 * 1024 ** 3 })).toThrow(/^huge\.csv: is 512\.0 MiB, more than the limit of 536870888 bytes/);
    expect(() => decodeProjectFile(bytes, 'huge.json')).toThrow(
      new ProjectError(`huge.json is too large to read as JSON text (${MAX_TEXT_BYTES + 1} bytes; the limit is ${MAX_TEXT_BYTES}): save it as a .mlpstudio project, which holds the weights as binary`),
    );
  });

  it('a failure of the decoder that is not about the bytes is not reported as "not valid UTF-8"', () => {
    const outOfMemory = new RangeError('Array buffer allocation failed');
    vi.stubGlobal(
      'TextDecoder',
      class {
        decode(): string {
          throw outOfMemory;
        }
      },
    );
    try {
      expect(() => tableFromFile({ name: 't.csv', bytes: new TextEncoder().encode('a,b\n1,2\n') }, {}, { maxBytes: 1024 })).toThrow(outOfMemory);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(() => tableFromFile({ name: 'bad.csv', bytes: Uint8Array.from([0x61, 0xff, 0x0a]) }, {}, { maxBytes: 1024 })).toThrow(
      'bad.csv: is neither a CSV/TSV text table nor an IDX dataset (it is not valid UTF-8 text)',
    );
  });

  it('a project file over its limit, and a JSON project over the longest decodable text, before a byte is read', async () => {
    expect(MAX_PROJECT_FILE_BYTES).toBe(1024 ** 3);
    const huge = sparse('huge.mlpstudio', MAX_PROJECT_FILE_BYTES + 1);
    expect(await refusal(readProjectFile(huge), FileRefusal)).toBe(`${huge}: is 1073741825 bytes, more than the limit of 1073741824 bytes for a project file`);
    const bigger = sparse('bigger.mlpstudio', 3 * 1024 ** 3);
    expect(await refusal(readProjectFile(bigger), FileRefusal)).toBe(`${bigger}: is 3.0 GiB, more than the limit of 1.0 GiB for a project file`);
    const json = sparse('big.json', 600 * 1024 ** 2, '{"format": "mlp-studio-project"');
    expect(await refusal(readProjectFile(json), FileRefusal)).toMatch(
      new RegExp(`: is 600\\.0 MiB of JSON text, more than the limit of ${MAX_TEXT_BYTES} bytes \\(just under 512 MiB\\) for a JSON project.*save the project as \\.mlpstudio instead$`),
    );
  });

  it('a large file that is neither kind of project is refused from its first bytes', async () => {
    const video = sparse('film.mp4', 900 * 1024 ** 2, '\u0000\u0000\u0000\u0018ftypmp42');
    const t0 = performance.now();
    expect(await refusal(readProjectFile(video), ProjectError)).toBe(`${video} is not an MLP Studio project: it is neither a .mlpstudio project file nor a JSON project`);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('a file that changes size while it is read is refused, not read in part', async () => {
    const path = join(tmp, 'growing.csv');
    writeFileSync(path, 'a,b\n1,2\n');
    const read = readRegularFile(path, {
      what: 'a file',
      headBytes: 4,
      // Between the first bytes and the rest, a writer appends.
      checkHead: () => writeFileSync(path, 'a,b\n1,2\n3,4\n'),
    });
    expect(await refusal(read, FileRefusal)).toBe(`${path}: changed while it was being read; try again once nothing is writing to it`);
  });
});

describe('projects given as datasets', () => {
  it('are refused as projects, not parsed as tables or called binary', async () => {
    const project = parseProject(smallProjectJson('P'));
    const container = join(tmp, 'p.mlpstudio');
    writeFileSync(container, encodeProjectFile({ project, weights: null, runs: [] }));
    expect(await refusal(loadDatasetPath(container), DatasetError)).toBe(`${container}: is an MLP Studio project or other safetensors file, not a dataset`);
    const json = join(tmp, 'p.csv');
    writeFileSync(json, JSON.stringify(smallProjectJson('P'), null, 2));
    expect(await refusal(loadDatasetPath(json), DatasetError)).toBe(`${json}: is an MLP Studio project, not a dataset (open it as a project)`);
  });
});
