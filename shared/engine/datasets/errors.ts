// Errors in data a user brought (a file or a folder): the message names the source and the problem.

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

export const DEFAULT_LIMITS: DataLimits = { maxBytes: 4 * 1024 ** 3 };
