// IDX files, the MNIST family's format: magic bytes, a type code, big-endian dimensions, then data.

import { DatasetError, type DataLimits } from './errors';

const TYPES = {
  0x08: { name: 'uint8', size: 1 },
  0x09: { name: 'int8', size: 1 },
  0x0b: { name: 'int16', size: 2 },
  0x0c: { name: 'int32', size: 4 },
  0x0d: { name: 'float32', size: 4 },
  0x0e: { name: 'float64', size: 8 },
} as const;

export interface IdxArray {
  type: (typeof TYPES)[keyof typeof TYPES]['name'];
  dims: number[];
  /** The raw data bytes (a view into the file, never a copy), big-endian for multi-byte types. */
  bytes: Uint8Array;
}

export function parseIdx(bytes: Uint8Array, source: string, limits: DataLimits): IdxArray {
  if (bytes.length < 4) throw new DatasetError(source, `not an IDX file (only ${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new DatasetError(source, `not an IDX file (wrong magic number ${magic}; IDX files start with 00 00)`);
  }
  const type = TYPES[bytes[2] as keyof typeof TYPES];
  if (!type) throw new DatasetError(source, `unknown IDX type code 0x${bytes[2].toString(16)}`);
  const ndims = bytes[3];
  if (ndims < 1) throw new DatasetError(source, 'IDX header has no dimensions');
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize) throw new DatasetError(source, `truncated IDX header (${ndims} dimensions need ${headerSize} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const dataSize = count * type.size;
  if (dataSize > limits.maxBytes) {
    throw new DatasetError(source, `IDX header claims ${dims.join('x')} ${type.name} values (${dataSize} bytes), more than the limit of ${limits.maxBytes}`);
  }
  const available = bytes.length - headerSize;
  if (available < dataSize) {
    throw new DatasetError(source, `truncated IDX file: the header says ${dims.join('x')} values (${dataSize} bytes of data), the file has ${available}`);
  }
  if (available > dataSize) throw new DatasetError(source, `IDX file has ${available - dataSize} bytes after the data its header describes`);
  return { type: type.name, dims, bytes: bytes.subarray(headerSize, headerSize + dataSize) };
}
