// Errors in data a user brought (a file or a folder): the message names the source and the problem.

import { MAX_TEXT_BYTES } from '../utf8';

export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  constructor(
    readonly source: string,
    readonly problem: string,
  ) {
    super(`${source}: ${problem}`);
  }
}

/** Limits checked before anything large is allocated. */
export interface DataLimits {
  /** Largest decoded dataset accepted, in bytes. */
  maxBytes: number;
}

/**
 * The largest dataset the studio takes anywhere: a file, the files of an IDX folder, or what they
 * decode to. Hosts that know their memory lower it (shared/node/dataset-files.ts), never raise it.
 */
export const MAX_DATASET_BYTES = 4 * 1024 ** 3;

export const DEFAULT_LIMITS: DataLimits = { maxBytes: MAX_DATASET_BYTES };

/**
 * The largest CSV/TSV table: its text must become one string before it is parsed, so no limit on
 * memory can raise it above the longest text a host decodes.
 */
export const MAX_TABLE_BYTES = MAX_TEXT_BYTES;

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;

/** A file's size ('is 5.0 MiB') or an IDX folder's ('holds 5.0 MiB of IDX files') against the limit, worded alike everywhere. */
export function overLimit(bytes: number, limits: DataLimits, of: 'file' | 'idx-folder' = 'file'): string {
  const size = of === 'file' ? `is ${mib(bytes)}` : `holds ${mib(bytes)} of IDX files`;
  return `${size}, more than the limit of ${mib(limits.maxBytes)}`;
}

/** A table over MAX_TABLE_BYTES, with the limit in bytes: in MiB it would round up to the 512 it falls just short of. */
export function overTableLimit(bytes: number): string {
  return `is ${mib(bytes)}, more than the limit of ${MAX_TABLE_BYTES} bytes (just under 512 MiB) for a CSV/TSV table, the longest text this program can decode`;
}
