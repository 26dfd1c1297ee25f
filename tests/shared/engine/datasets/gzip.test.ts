// The gzip layer under IDX files: inflating one member or several, the limit checked before
// inflating, and every damaged file refused with a DatasetError naming it: a wrong CRC-32 or
// length in any member's trailer, a bad header, truncation, bytes after the last member. The
// reference values come from Node's zlib, which this code does not use.

import { crc32 as zlibCrc32, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError, DEFAULT_LIMITS, type DataLimits } from '../../../../shared/engine/datasets/errors';
import { crc32, isGzip, maybeGunzip } from '../../../../shared/engine/datasets/gzip';
import { idxDataset } from '../../../../shared/engine/datasets/idx-dataset';
import { idxFile, idxFiles } from '../../../helpers/idx-files';

const SOURCE = 'train-images-idx3-ubyte.gz';
const gz = (data: Uint8Array, level = 6) => new Uint8Array(gzipSync(data, { level }));
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) out.set(p, (o += p.length) - p.length);
  return out;
};
/** Bytes from a fixed LCG: varied enough to compress poorly, the same on every run. */
function noise(n: number, seed = 7): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: n }, () => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
}
const text = (s: string) => new TextEncoder().encode(s);
const u32le = (v: number) => Uint8Array.of(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24);

function problem(fn: () => unknown, source = SOURCE): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    expect((e as DatasetError).source).toBe(source);
    expect((e as DatasetError).message).toBe(`${source}: ${(e as DatasetError).problem}`);
    return (e as DatasetError).problem;
  }
  return expect.unreachable('expected a DatasetError');
}
const gunzip = (bytes: Uint8Array, limits: DataLimits = DEFAULT_LIMITS) => maybeGunzip(bytes, SOURCE, limits);

describe('crc32', () => {
  it("gives the standard check value and zlib's value for any bytes and range", () => {
    expect(crc32(text('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    const bytes = noise(10_007);
    for (const [start, end] of [[0, 10_007], [0, 1], [3, 3], [1, 9], [5, 13], [7, 10_000], [4096, 10_007]]) {
      expect(crc32(bytes, start, end), `${start}..${end}`).toBe(zlibCrc32(bytes.subarray(start, end)));
    }
  });
});

describe('maybeGunzip', () => {
  it('passes other bytes through untouched and inflates one member', () => {
    const plain = idxFile([3, 4, 4], noise(48));
    expect(maybeGunzip(plain, 'p', DEFAULT_LIMITS)).toBe(plain);
    expect(isGzip(plain)).toBe(false);
    expect(isGzip(gz(plain))).toBe(true);
    expect(Array.from(gunzip(gz(plain)))).toEqual(Array.from(plain));
  });

  it('inflates every member of a multi-member file, as zlib does', () => {
    const a = noise(5000, 1);
    const b = text('a second member');
    const files = [concat(gz(a), gz(b)), concat(gz(a), gz(new Uint8Array(0)), gz(b, 0)), concat(gz(a), gz(a))];
    for (const file of files) expect(Array.from(gunzip(file))).toEqual(Array.from(new Uint8Array(gunzipSync(file))));
    // The same member twice passes a check of the first member against the last trailer; both are read.
    expect(gunzip(files[2]).length).toBe(10_000);
  });

  it('reads headers with a file name, a comment, extra fields and a header CRC-16', () => {
    const data = noise(300);
    const plain = gz(data);
    // FEXTRA (4), FNAME (8), FCOMMENT (16) and FHCRC (2), inserted after the 10 fixed bytes.
    const head = concat(plain.subarray(0, 10), Uint8Array.of(3, 0, 1, 2, 3), text('images.idx\0'), text('a comment\0'));
    head[3] = 4 | 8 | 16 | 2;
    const crc16 = zlibCrc32(head) & 0xffff;
    const file = concat(head, Uint8Array.of(crc16 & 0xff, crc16 >> 8), plain.subarray(10));
    expect(Array.from(gunzip(file))).toEqual(Array.from(data));
    const wrong = file.slice();
    wrong[head.length] ^= 1;
    expect(problem(() => gunzip(wrong))).toBe('damaged gzip data (header CRC-16 mismatch in member 1)');
  });

  it('refuses a member whose CRC-32 does not match, the first or a later one', () => {
    const file = gz(noise(20_000));
    const badTrailer = file.slice();
    badTrailer[file.length - 8] ^= 0x01;
    expect(problem(() => gunzip(badTrailer))).toBe('damaged gzip data (CRC-32 mismatch in member 1)');
    // Stored (level 0) blocks inflate whatever the bytes: a flipped data byte shows only in the CRC.
    const stored = gz(noise(20_000), 0);
    stored[stored.length - 100] ^= 0x40;
    expect(problem(() => gunzip(stored))).toBe('damaged gzip data (CRC-32 mismatch in member 1)');
    const second = concat(gz(noise(100)), gz(noise(200, 3), 0));
    second[second.length - 50] ^= 0x40;
    expect(problem(() => gunzip(second))).toBe('damaged gzip data (CRC-32 mismatch in member 2)');
  });

  it('refuses a member whose length does not match its trailer (ISIZE)', () => {
    const data = noise(336);
    const over = gz(data);
    over.set(u32le(337), over.length - 4);
    expect(problem(() => gunzip(over))).toBe('damaged gzip data (member 1 inflates to 336 bytes, its trailer says 337)');
    const under = gz(data);
    under.set(u32le(10), under.length - 4);
    expect(problem(() => gunzip(under))).toBe('damaged gzip data (member 1 inflates to 336 bytes, its trailer says 10)');
    const first = gz(noise(100));
    const two = concat(first, gz(noise(50)));
    two.set(u32le(99), first.length - 4);
    expect(problem(() => gunzip(two))).toBe('damaged gzip data (member 1 inflates to 100 bytes, its trailer says 99)');
  });

  it('refuses bytes after the last member', () => {
    const file = gz(noise(1000));
    expect(problem(() => gunzip(concat(file, new Uint8Array(16))))).toBe('damaged gzip data (the bytes after member 1 are not a gzip member)');
    expect(problem(() => gunzip(concat(file, gz(noise(10)), text('junk!'))))).toBe('damaged gzip data (the bytes after member 2 are not a gzip member)');
    // Too few to be read as a header: the trailer then is not at the end, and the length is off.
    expect(problem(() => gunzip(concat(file, Uint8Array.of(0, 0))))).toMatch(/^damaged gzip data \(member 1 inflates to 1000 bytes, its trailer says \d+\)$/);
  });

  it('refuses a bad header and truncated data', () => {
    const file = gz(noise(2000));
    const method = file.slice();
    method[2] = 7;
    expect(problem(() => gunzip(method))).toBe('damaged gzip data (unknown compression method 7 in member 1; gzip uses 8, deflate)');
    const reserved = file.slice();
    reserved[3] = 0x20;
    expect(problem(() => gunzip(reserved))).toBe('damaged gzip data (reserved header flags set in member 1)');
    expect(problem(() => gunzip(file.subarray(0, file.length - 20)))).toBe('truncated gzip data (member 1 ends inside its compressed data)');
    expect(problem(() => gunzip(Uint8Array.of(0x1f, 0x8b, 8, 0, 0)))).toBe('truncated gzip file');
    const garbled = file.slice();
    for (let i = 10; i < garbled.length - 8; i++) garbled[i] = 0xff;
    expect(problem(() => gunzip(garbled))).toMatch(/^damaged gzip data \(.+ in member 1\)$/);
  });

  it('refuses a gzip whose trailer declares more than the limit, before inflating', () => {
    const limits: DataLimits = { maxBytes: 1000 };
    const t0 = performance.now();
    expect(problem(() => gunzip(gz(new Uint8Array(5000)), limits))).toBe('gzip file declares 5000 bytes uncompressed, more than the limit of 1000');
    // A trailer that claims 4 GiB - 1 on a tiny file is refused by the declared size alone.
    const liar = gz(new Uint8Array(10));
    liar.set([0xff, 0xff, 0xff, 0xff], liar.length - 4);
    expect(problem(() => gunzip(liar, limits))).toBe('gzip file declares 4294967295 bytes uncompressed, more than the limit of 1000');
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('refuses members that together inflate to more than the limit, though the last declares little', () => {
    const file = concat(gz(new Uint8Array(600)), gz(new Uint8Array(600)), gz(new Uint8Array(10)));
    expect(problem(() => gunzip(file, { maxBytes: 1000 }))).toBe('gzip data inflates to more than the limit of 1000 bytes');
  });
});

describe('maybeGunzip in an IDX folder', () => {
  const gzipped = () => idxFiles(6, 3).map((f) => ({ name: `${f.name}.gz`, bytes: gz(f.bytes) }));

  it('reads a folder of .gz files as the plain files', () => {
    const plain = idxDataset('d', idxFiles(6, 3), DEFAULT_LIMITS);
    const fromGz = idxDataset('d', gzipped(), DEFAULT_LIMITS);
    expect(Array.from(fromGz.train.labels!)).toEqual(Array.from(plain.train.labels!));
    expect(Array.from(fromGz.test!.x)).toEqual(Array.from(plain.test!.x));
  });

  it('names the damaged .gz file: a wrong CRC in the labels, garbled images', () => {
    const labels = gzipped();
    const bytes = labels[1].bytes;
    bytes[bytes.length - 7] ^= 0x10;
    expect(problem(() => idxDataset('d', labels, DEFAULT_LIMITS), 'train-labels-idx1-ubyte.gz')).toBe('damaged gzip data (CRC-32 mismatch in member 1)');
    const images = gzipped();
    for (let i = 10; i < images[0].bytes.length - 8; i++) images[0].bytes[i] = 0xff;
    expect(problem(() => idxDataset('d', images, DEFAULT_LIMITS), 'train-images-idx3-ubyte.gz')).toMatch(/^damaged gzip data/);
  });
});
