// A project file's bytes into the document store, as the session does after a platform read
// them: decoded first, so a damaged file throws its one-line problem and changes nothing.

import { decodeProjectFile } from '../../../shared/project/container';
import type { FileRef, useDocumentStore } from '../../../renderer/src/stores/document';

export function loadFile(doc: ReturnType<typeof useDocumentStore>, bytes: Uint8Array, ref: FileRef | null, options: { dirty?: boolean } = {}): void {
  doc.load(decodeProjectFile(bytes, ref?.path ?? ref?.name ?? 'the project file'), ref, options);
}
