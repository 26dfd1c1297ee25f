// Which dataset paths the engine may read: those main checked and granted (a file, or a folder
// and what is in it). A window that names any other path is refused, so a compromised page
// cannot use the engine to read the user's files.

import { isAbsolute, relative, resolve } from 'node:path';

export class PathGate {
  private readonly granted = new Set<string>();

  grant(path: string): void {
    this.granted.add(resolve(path));
  }

  allows(path: string): boolean {
    if (!isAbsolute(path)) return false;
    const wanted = resolve(path);
    for (const root of this.granted) {
      const rel = relative(root, wanted);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return true;
    }
    return false;
  }
}
