// `npm run check:layers`: a fixture tree with one wrong import in each forbidden direction and a
// file over the line budget is reported line by line; a clean tree and the repository pass.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkLayers, formatViolation, MAX_LINES } from '../../build/check/layers';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'mlp-layers-'));
  temps.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const lines = (n: number) => Array.from({ length: n }, (_, i) => `export const v${i} = ${i};\n`).join('');

/** What every edition may do: none of it is a violation. */
const CLEAN = {
  'shared/engine/model.ts': "import { z } from 'zod';\nimport type { Dataset } from './datasets/types';\n// import { app } from 'electron' in a comment is no import\nexport const s = \"import '../../main/index'\";\n",
  'shared/node/files.ts': "import { readFile } from 'node:fs/promises';\nimport { join } from 'path';\nimport { model } from '../engine/model';\n",
  'renderer/src/App.vue': "<template><div>import x from '../../main/index'</div></template>\n<script setup lang=\"ts\">\nimport { ref } from 'vue';\nimport { model } from '../../shared/engine/model';\n</script>\n",
  'main/index.ts': "import { app } from 'electron';\nimport { readFile } from 'node:fs';\nimport { files } from '../shared/node/files';\n",
  'cli/main.ts': "import { files } from '../shared/node/files';\nconst m = await import('node:os');\n",
  'build/bench/run.ts': "import { x } from '../../cli/main';\nimport { y } from '../../main/index';\n",
  'renderer/src/at-budget.ts': lines(MAX_LINES),
  'shared/engine/kernel/wasm/gemm-binary.ts': lines(MAX_LINES + 100),
};

const WRONG = {
  'shared/engine/to-renderer.ts': "import { useSession } from '../../renderer/src/stores/session';\n",
  'shared/project/to-main.ts': "\n\nimport type { ProjectFileError } from '../../main/project-store';\n",
  'shared/to-cli.ts': "export { train } from '../cli/train';\n",
  'shared/engine/to-fs.ts': "import { readFileSync } from 'node:fs';\n",
  'shared/engine/to-os.ts': "export async function cores() {\n  return (await import('os')).cpus().length;\n}\n",
  'shared/node/to-electron.ts': "import { app } from 'electron';\n",
  'renderer/src/to-fs.ts': "import { readFile } from 'fs/promises';\n",
  'renderer/src/ToMain.vue': "<template><p/></template>\n<script lang=\"ts\">\nimport { checkDatasetPath } from '../../main/dataset-check';\n</script>\n",
  'renderer/src/to-cli.ts': "import '../../cli/main';\n",
  'cli/to-main.ts': "import { ProjectService } from '../main/project-service';\n",
  'main/to-cli.ts': "import { loadDataset } from '../cli/load';\n",
  'build/too-long.ts': lines(MAX_LINES + 1),
};

describe('check:layers', () => {
  it('passes a tree that keeps the rules', () => {
    expect(checkLayers(tree(CLEAN)).map(formatViolation)).toEqual([]);
  });

  it('reports each wrong import with its file, line, specifier and rule, and the file over budget', () => {
    const found = checkLayers(tree({ ...CLEAN, ...WRONG }));
    const expected: [file: string, line: number, specifier: string | null, rule: RegExp][] = [
      ['build/too-long.ts', MAX_LINES + 1, null, /401 lines, over the budget of 400/],
      ['cli/to-main.ts', 1, '../main/project-service', /^cli\/ must not import from main\//],
      ['main/to-cli.ts', 1, '../cli/load', /^main\/ must not import from cli\//],
      ['renderer/src/ToMain.vue', 3, '../../main/dataset-check', /^renderer\/ must not import from main\//],
      ['renderer/src/to-cli.ts', 1, '../../cli/main', /^renderer\/ must not import from cli\//],
      ['renderer/src/to-fs.ts', 1, 'fs/promises', /^renderer\/ must not import a Node built-in/],
      ['shared/engine/to-fs.ts', 1, 'node:fs', /^shared\/ outside shared\/node\/ must not import a Node built-in/],
      ['shared/engine/to-os.ts', 2, 'os', /^shared\/ outside shared\/node\/ must not import a Node built-in/],
      ['shared/engine/to-renderer.ts', 1, '../../renderer/src/stores/session', /^shared\/ must not import from renderer\//],
      ['shared/node/to-electron.ts', 1, 'electron', /^shared\/ must not import electron/],
      ['shared/project/to-main.ts', 3, '../../main/project-store', /^shared\/ must not import from main\//],
      ['shared/to-cli.ts', 1, '../cli/train', /^shared\/ must not import from cli\//],
    ];
    expect(found.map((v) => [v.file, v.line, v.specifier])).toEqual(expected.map(([f, l, s]) => [f, l, s]));
    found.forEach((v, i) => expect(v.rule).toMatch(expected[i][3]));
    expect(formatViolation(found[1])).toBe("cli/to-main.ts:1: imports '../main/project-service': cli/ must not import from main/: shared code belongs in shared/ (shared/node/ for Node-only code)");
  });

  it('exits non-zero with one line per violation, and zero on the repository itself', () => {
    const run = (root: string) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'build/check/layers.ts'), root], { cwd: ROOT, encoding: 'utf8' });
    const bad = run(tree({ ...CLEAN, 'main/to-cli.ts': WRONG['main/to-cli.ts'], 'shared/engine/to-fs.ts': WRONG['shared/engine/to-fs.ts'] }));
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      "main/to-cli.ts:1: imports '../cli/load': main/ must not import from cli/: shared code belongs in shared/ (shared/node/ for Node-only code)",
      "shared/engine/to-fs.ts:1: imports 'node:fs': shared/ outside shared/node/ must not import a Node built-in: the engine runs in browsers too",
      'check:layers: 2 violations',
    ]);
    const repo = run(ROOT);
    expect(repo.stderr).toBe('');
    expect(repo.status).toBe(0);
  });
});
