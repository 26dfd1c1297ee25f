// Project files on disk for every Node host (main opening a project, the CLI's PROJECT argument):
// the path checked for kind and size before it is read, the format told by content rather than by
// name, and each refusal in the words both show, 'PATH: ...' or 'PATH is ...'.

import { MAX_TEXT_BYTES } from '../engine/utf8';
import { decodeProjectFile, MAX_PROJECT_FILE_BYTES, PROJECT_MAGIC_BYTES, projectFileFormat, type ProjectDocument } from '../project/container';
import { ProjectError } from '../project/parse';
import { FileRefusal } from './fs-errors';
import { readRegularFile } from './regular-file';

export type ProjectFileFormat = 'mlpstudio' | 'json';

const size = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`);

/** The MAX_PROJECT_FILE_BYTES refusal, in GiB, or in bytes where rounding would show the size equal to the limit. */
export function checkProjectFileSize(path: string, bytes: number): void {
  if (bytes <= MAX_PROJECT_FILE_BYTES) return;
  const close = size(bytes) === size(MAX_PROJECT_FILE_BYTES);
  const sizes = close ? `${bytes} bytes, more than the limit of ${MAX_PROJECT_FILE_BYTES} bytes` : `${size(bytes)}, more than the limit of ${size(MAX_PROJECT_FILE_BYTES)}`;
  throw new FileRefusal(path, `is ${sizes} for a project file`, 'EFBIG');
}

/**
 * The project at `path`, MLP Studio's .mlpstudio container or a JSON project, whichever its bytes
 * are. Refusals: FileRefusal (cannot be opened, a folder, not a regular file, too large) or
 * ProjectError (not a project, damaged, invalid), both one line naming `path`.
 */
export async function readProjectFile(path: string): Promise<{ document: ProjectDocument; format: ProjectFileFormat }> {
  const seen: { format: ProjectFileFormat | null } = { format: null };
  const bytes = await readRegularFile(path, {
    what: 'a project file',
    checkSize: (bytes) => checkProjectFileSize(path, bytes),
    headBytes: PROJECT_MAGIC_BYTES,
    checkHead: (head, bytes) => {
      const format = (seen.format = projectFileFormat(head));
      // Anything else is refused before a large file is read to the end.
      if (format === null) {
        throw new ProjectError(`${path} is not an MLP Studio project: it is neither a .mlpstudio project file nor a JSON project`);
      }
      if (format === 'json' && bytes > MAX_TEXT_BYTES) {
        throw new FileRefusal(
          path,
          `is ${size(bytes)} of JSON text, more than the limit of ${MAX_TEXT_BYTES} bytes (just under 512 MiB) for a JSON project, the longest text this program can decode; save the project as .mlpstudio instead`,
          'EFBIG',
        );
      }
    },
  });
  const document = decodeProjectFile(bytes, path);
  return { document, format: seen.format ?? 'json' };
}
