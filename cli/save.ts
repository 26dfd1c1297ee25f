// `train --save PATH`: judged before the run, written after it. A path ending in .mlpstudio gets
// the studio's own project file (the weights as binary, the run history of a project read from
// one kept); any other path a JSON project with the weights inline. Whatever would make the save
// fail (a missing folder, a folder in the way, a read-only disk, a network too large for the
// format) is said before training starts, not after the run it was to keep.

import type { Normalizer } from '../shared/engine/data/normalize';
import type { Network } from '../shared/engine/network';
import { MAX_TEXT_BYTES } from '../shared/engine/utf8';
import { checkWritable, writeFileAtomic } from '../shared/node/atomic-write';
import { FileRefusal } from '../shared/node/fs-errors';
import { encodeProjectFile, MAX_HEADER_BYTES, MAX_PROJECT_FILE_BYTES, type RunRecord } from '../shared/project/container';
import type { Project } from '../shared/project/schema';
import { projectWithWeights } from '../shared/project/snapshot';

export type SaveFormat = 'mlpstudio' | 'json';

export const saveFormat = (path: string): SaveFormat => (/\.mlpstudio$/i.test(path) ? 'mlpstudio' : 'json');

/**
 * The most a weight takes in the JSON the CLI writes: a float32 as a double ('-1.2345678901234567e-38',
 * 23 characters), its comma, newline and 8 spaces of indentation.
 */
const JSON_BYTES_PER_VALUE = 34;

const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
/** 'X MiB, more than the Y MiB', in bytes where rounding would show the two equal. */
const over = (bytes: number, limit: number) =>
  mib(bytes) === mib(limit) ? `${bytes} bytes, more than the ${limit} bytes` : `${mib(bytes)}, more than the ${mib(limit)}`;

/** Refuses a destination that cannot be written, before any work. */
export async function checkSaveTarget(path: string): Promise<void> {
  await checkWritable(path);
}

/**
 * Refuses, before training, a network whose trained project would not fit its format: a
 * .mlpstudio file up to MAX_PROJECT_FILE_BYTES (with a description up to MAX_HEADER_BYTES), a
 * JSON project up to the longest text that can be read back.
 */
export function checkSaveSize(path: string, project: Project, network: Network): void {
  let values = 0;
  for (const t of network.tensors().values()) values += t.data.length;
  const { weights: _, ...described } = project;
  const description = Buffer.byteLength(JSON.stringify(described, null, saveFormat(path) === 'json' ? 2 : undefined));
  if (saveFormat(path) === 'mlpstudio') {
    if (description > MAX_HEADER_BYTES) {
      throw new FileRefusal(path, `cannot be saved: the project's description takes ${over(description, MAX_HEADER_BYTES)} a project file allows (inline data this large belongs in a data file)`, 'EFBIG');
    }
    const total = 8 + description + values * 4;
    if (total > MAX_PROJECT_FILE_BYTES) {
      throw new FileRefusal(path, `cannot be saved: with its ${values} weights the project file would take ${over(total, MAX_PROJECT_FILE_BYTES)} a project file allows`, 'EFBIG');
    }
    return;
  }
  const most = description + values * JSON_BYTES_PER_VALUE;
  if (most > MAX_TEXT_BYTES) {
    throw new FileRefusal(
      path,
      `cannot be saved: as JSON, ${values} weights may take up to ${mib(most)}, more than the ${MAX_TEXT_BYTES} bytes a JSON project can be read back with; save to a .mlpstudio file`,
      'EFBIG',
    );
  }
}

/** What a save will leave out, said before training: a JSON project holds no run history. */
export function saveWarnings(path: string, runs: readonly RunRecord[]): string[] {
  if (saveFormat(path) === 'mlpstudio' || runs.length === 0) return [];
  return [`${path} will be a JSON project, which holds no run history: the ${runs.length} earlier run(s) of the project are not kept (save to a .mlpstudio file to keep them)`];
}

/** Writes the trained project, keeping `runs` (the history of the project it started from) in a .mlpstudio file. */
export async function saveTrained(path: string, project: Project, network: Network, normalizer: Normalizer, runs: RunRecord[]): Promise<void> {
  const saved = projectWithWeights(project, network, normalizer);
  if (saveFormat(path) === 'mlpstudio') await writeFileAtomic(path, encodeProjectFile({ project: saved, weights: null, runs }));
  else await writeFileAtomic(path, `${JSON.stringify(saved, null, 2)}\n`);
}
