// `npm start` where the Electron runtime is missing (as after `npm ci` with npm 11, which skips its
// download): it fetches the runtime through Electron's own installer and starts, or says why it
// could not (offline, installer failure, download disabled) and what works meanwhile.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ensureElectron, RuntimeMissing } from '../../build/electron-runtime.mjs';

const START = fileURLToPath(new URL('../../build/start.mjs', import.meta.url));

/** A runtime that appears once the stub installer has run, as Electron's does. */
function machine(result: { ok: boolean; stderr: string }, installs = true) {
  let installed = false;
  const calls = { install: 0 };
  const log: string[] = [];
  return {
    calls,
    log,
    options: {
      find: () => (installed ? '/fake/electron' : null),
      install: async () => {
        calls.install++;
        if (result.ok && installs) installed = true;
        return result;
      },
      log: (line: string) => log.push(line),
      env: {},
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(RuntimeMissing);
  return (error as Error).message;
}

describe('the Electron runtime for npm start', () => {
  it('is used as it is when installed, without running the installer', async () => {
    const m = machine({ ok: true, stderr: '' });
    expect(await ensureElectron({ ...m.options, find: () => '/installed/electron' })).toBe('/installed/electron');
    expect(m.calls.install).toBe(0);
  });

  it('is downloaded through the installer when missing, with a line of progress, then used', async () => {
    const m = machine({ ok: true, stderr: '' });
    expect(await ensureElectron(m.options)).toBe('/fake/electron');
    expect(m.calls.install).toBe(1);
    expect(m.log[0]).toMatch(/downloading it once/);
    expect(m.log.at(-1)).toMatch(/installed/);
  });

  it('offline: says the download could not be reached and points to the browser edition', async () => {
    const m = machine({ ok: false, stderr: 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (x.js:1:1)\n' });
    const message = await refusal(ensureElectron(m.options));
    expect(message).toMatch(/could not be reached \(RequestError: getaddrinfo ENOTFOUND github\.com\)/);
    expect(message).toMatch(/npm run web/);
    expect(message).not.toMatch(/at ClientRequest/);
  });

  it('a failing installer: its error, the commands to install by hand, and the browser edition', async () => {
    const m = machine({ ok: false, stderr: 'Error: Generated checksum for "electron.zip" did not match expected checksum.\n' });
    const message = await refusal(ensureElectron(m.options));
    expect(message).toMatch(/installer failed \(Error: Generated checksum .* did not match/);
    expect(message).toMatch(/npm install-scripts approve electron/);
    expect(message).toMatch(/npm rebuild electron/);
    expect(message).toMatch(/npm run web/);
  });

  it('an installer that exits 0 but leaves no runtime is not taken for a success', async () => {
    const m = machine({ ok: true, stderr: '' }, false);
    expect(await refusal(ensureElectron(m.options))).toMatch(/finished without installing it/);
  });

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD set, downloads nothing and says so', async () => {
    const m = machine({ ok: true, stderr: '' });
    const message = await refusal(ensureElectron({ ...m.options, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }));
    expect(m.calls.install).toBe(0);
    expect(message).toMatch(/ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
  });

  it('npm start itself, with the download disabled: explains and exits with 1 without building', () => {
    // Electron's own override points its package at an empty folder: no runtime, on any machine.
    const env = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'no-electron-')), ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
    const r = spawnSync(process.execPath, [START], { encoding: 'utf8', timeout: 30_000, env });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/the Electron runtime is not installed/);
    expect(r.stderr).toMatch(/npm install-scripts approve electron/);
    expect(r.stderr).toMatch(/npm rebuild electron/);
    expect(r.stderr).toMatch(/npm run web/);
  });
});
