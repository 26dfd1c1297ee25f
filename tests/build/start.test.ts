// `npm start` where the Electron runtime is missing (as on these machines: npm 11 skips its
// download): it says what is missing, how to get it and how to use the browser edition meanwhile,
// and exits non-zero without building anything.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const START = fileURLToPath(new URL('../../build/start.mjs', import.meta.url));

describe('npm start without the Electron runtime', () => {
  it('explains what to do and exits with 1', () => {
    // Electron's own override points its package at an empty folder: no runtime, on any machine.
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'no-electron-')) };
    const r = spawnSync(process.execPath, [START], { encoding: 'utf8', timeout: 30_000, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the Electron runtime is not installed/);
    expect(r.stderr).toMatch(/npm install-scripts approve electron/);
    expect(r.stderr).toMatch(/npm rebuild electron/);
    expect(r.stderr).toMatch(/npm run web/);
  });
});
