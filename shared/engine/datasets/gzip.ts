// Gzip-compressed data files (the MNIST family ships as .gz), decompressed in memory after the
// declared size has been checked against the limits.

import { gunzipSync } from 'fflate';
import { DatasetError, type DataLimits } from './errors';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Returns the bytes as they are, or decompressed when they are gzip. */
export function maybeGunzip(bytes: Uint8Array, source: string, limits: DataLimits): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  if (bytes.length < 18) throw new DatasetError(source, 'truncated gzip file');
  // The trailer's ISIZE is the decompressed size modulo 2^32; refuse before inflating.
  const n = bytes.length;
  const declared = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  if (declared > limits.maxBytes) {
    throw new DatasetError(source, `gzip file declares ${declared} bytes uncompressed, more than the limit of ${limits.maxBytes}`);
  }
  let out: Uint8Array;
  try {
    out = gunzipSync(bytes, { out: new Uint8Array(declared) });
  } catch (e) {
    throw new DatasetError(source, `corrupt gzip data (${(e as Error).message})`);
  }
  if (out.length !== declared) {
    throw new DatasetError(source, `corrupt gzip data (it inflates to ${out.length} bytes, its trailer says ${declared})`);
  }
  return out;
}
