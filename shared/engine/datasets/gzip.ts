// Gzip-compressed data files (the MNIST family ships as .gz), decompressed in memory after the
// declared size has been checked against the limits. fflate inflates but checks neither a
// member's CRC-32 nor its length, so a damaged file would decode to wrong pixels or labels
// without a word: both are checked here, for every member of the file.

import { Gunzip, inflateSync } from 'fflate';
import { DatasetError, type DataLimits } from './errors';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// CRC-32 (IEEE, reflected 0xedb88320) sliced by 8: eight tables, eight bytes per step. About 40 ms
// for the 47 MB of Fashion-MNIST's training images, against 100 ms a byte at a time, next to
// about 500 ms to inflate them.
const CRC = new Int32Array(8 * 256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC[i] = c;
}
for (let i = 0; i < 256; i++) for (let t = 1; t < 8; t++) CRC[t * 256 + i] = CRC[CRC[(t - 1) * 256 + i] & 0xff] ^ (CRC[(t - 1) * 256 + i] >>> 8);

/** The CRC-32 of bytes[start, end), as gzip and zlib compute it (unsigned). */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = -1;
  let i = start;
  for (const stop = end - ((end - start) % 8); i < stop; i += 8) {
    const a = c ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    c = CRC[1792 + (a & 0xff)] ^ CRC[1536 + ((a >>> 8) & 0xff)] ^ CRC[1280 + ((a >>> 16) & 0xff)] ^ CRC[1024 + (a >>> 24)]
      ^ CRC[768 + bytes[i + 4]] ^ CRC[512 + bytes[i + 5]] ^ CRC[256 + bytes[i + 6]] ^ CRC[bytes[i + 7]];
  }
  for (; i < end; i++) c = CRC[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** Where the compressed data of the member at `at` starts, after its header is checked (RFC 1952). */
function headerEnd(bytes: Uint8Array, at: number, member: number, source: string): number {
  const truncated = () => new DatasetError(source, `truncated gzip data (member ${member} ends inside its header)`);
  if (at + 10 > bytes.length) throw truncated();
  if (bytes[at] !== 0x1f || bytes[at + 1] !== 0x8b) throw new DatasetError(source, `damaged gzip data (member ${member} does not start with the gzip magic bytes 1f 8b)`);
  if (bytes[at + 2] !== 8) throw new DatasetError(source, `damaged gzip data (unknown compression method ${bytes[at + 2]} in member ${member}; gzip uses 8, deflate)`);
  const flags = bytes[at + 3];
  // Reserved bits may announce fields this reader would skip wrongly, so the spec says refuse.
  if (flags & 0xe0) throw new DatasetError(source, `damaged gzip data (reserved header flags set in member ${member})`);
  let p = at + 10;
  if (flags & 4) {
    if (p + 2 > bytes.length) throw truncated();
    p += 2 + (bytes[p] | (bytes[p + 1] << 8));
  }
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    while (p < bytes.length && bytes[p] !== 0) p++;
    p++;
  }
  if (flags & 2) {
    if (p + 2 > bytes.length) throw truncated();
    if ((crc32(bytes, at, p) & 0xffff) !== (bytes[p] | (bytes[p + 1] << 8))) {
      throw new DatasetError(source, `damaged gzip data (header CRC-16 mismatch in member ${member})`);
    }
    p += 2;
  }
  // Compressed data, however short, and the 8-byte trailer must follow.
  if (p + 8 > bytes.length) throw truncated();
  return p;
}

function inflateError(source: string, e: unknown, member: number): DatasetError {
  if (e instanceof DatasetError) return e;
  const message = (e as Error).message;
  if (/unexpected EOF/i.test(message)) return new DatasetError(source, `truncated gzip data (member ${member} ends inside its compressed data)`);
  // fflate's header parser says this of whatever follows the last member read when it is not a
  // member; the members read so far are `member`, so it names the one the bytes follow.
  if (/invalid gzip data/i.test(message)) return new DatasetError(source, `damaged gzip data (the bytes after member ${member} are not a gzip member)`);
  return new DatasetError(source, `damaged gzip data (${message} in member ${member})`);
}

/**
 * Whether the last trailer's 8 bytes also end an earlier member: a file of two members with the
 * same content (`cat a.gz a.gz`) passes the one-member check with only the first member read.
 */
function trailerRepeats(bytes: Uint8Array): boolean {
  const t = bytes.length - 8;
  for (let i = bytes.indexOf(bytes[t], 10); i >= 0 && i + 11 <= t; i = bytes.indexOf(bytes[t], i + 1)) {
    let k = 1;
    while (k < 8 && bytes[i + k] === bytes[t + k]) k++;
    if (k === 8 && bytes[i + 8] === 0x1f && bytes[i + 9] === 0x8b) return true;
  }
  return false;
}

/** Input per push of the member-by-member inflater: deflate expands at most ~1032 times, so the limit is checked every 66 MB at worst. */
const CHUNK = 1 << 16;

/**
 * Every member inflated and checked against its own trailer. fflate's streaming inflater is the
 * one that finds where a member ends; run once in a fresh process it took 60% longer than the
 * one-shot inflater (800 ms against 490 for Fashion-MNIST's four files), so it runs only for files of more than one member and damaged files, to say what is wrong.
 */
function inflateMembers(bytes: Uint8Array, declared: number, source: string, limits: DataLimits): Uint8Array {
  let out = new Uint8Array(Math.min(limits.maxBytes, Math.max(declared, CHUNK)));
  let length = 0;
  /** Input offset where each member starts, and output offset where each one's data ends. */
  const starts = [0];
  const ends: number[] = [];
  const stream = new Gunzip((chunk) => {
    if (length + chunk.length > out.length) {
      if (length + chunk.length > limits.maxBytes) throw new DatasetError(source, `gzip data inflates to more than the limit of ${limits.maxBytes} bytes`);
      const bigger = new Uint8Array(Math.min(limits.maxBytes, Math.max(length + chunk.length, 2 * out.length)));
      bigger.set(out.subarray(0, length));
      out = bigger;
    }
    out.set(chunk, length);
    length += chunk.length;
  });
  // Called once a member's data has all been handed over, as the next member's header is read.
  stream.onmember = (offset) => {
    starts.push(offset);
    ends.push(length);
  };
  try {
    for (let at = 0; at < bytes.length; at += CHUNK) stream.push(bytes.subarray(at, at + CHUNK), at + CHUNK >= bytes.length);
  } catch (e) {
    throw inflateError(source, e, starts.length);
  }
  ends.push(length);
  for (let k = 0; k < starts.length; k++) {
    headerEnd(bytes, starts[k], k + 1, source);
    const end = k + 1 < starts.length ? starts[k + 1] : bytes.length;
    const size = (ends[k] - (k > 0 ? ends[k - 1] : 0)) % 2 ** 32;
    if (size !== u32(bytes, end - 4)) {
      throw new DatasetError(source, `damaged gzip data (member ${k + 1} inflates to ${size} bytes, its trailer says ${u32(bytes, end - 4)})`);
    }
    if (crc32(out, k > 0 ? ends[k - 1] : 0, ends[k]) !== u32(bytes, end - 8)) throw new DatasetError(source, `damaged gzip data (CRC-32 mismatch in member ${k + 1})`);
  }
  return out.subarray(0, length);
}

/** Returns the bytes as they are, or decompressed when they are gzip. */
export function maybeGunzip(bytes: Uint8Array, source: string, limits: DataLimits): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  if (bytes.length < 18) throw new DatasetError(source, 'truncated gzip file');
  // The trailer's ISIZE is the decompressed size modulo 2^32; refuse before inflating.
  const n = bytes.length;
  const declared = u32(bytes, n - 4);
  if (declared > limits.maxBytes) {
    throw new DatasetError(source, `gzip file declares ${declared} bytes uncompressed, more than the limit of ${limits.maxBytes}`);
  }
  const start = headerEnd(bytes, 0, 1, source);
  // The one-shot inflater, for a file of one member: one byte of room over the declared size,
  // since fflate drops (or, for stored blocks, throws on) what does not fit, so a member longer
  // than its trailer says shows as a full buffer or an error. Anything but a clean match goes to
  // the member-by-member inflater, to read further members or to say what is wrong.
  let out: Uint8Array | undefined;
  try {
    out = inflateSync(bytes.subarray(start, n - 8), { out: new Uint8Array(declared + 1) });
  } catch {
    out = undefined;
  }
  if (out && out.length === declared && crc32(out) === u32(bytes, n - 8) && !trailerRepeats(bytes)) return out;
  return inflateMembers(bytes, declared, source, limits);
}
