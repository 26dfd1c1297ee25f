// The Electron runtime for `npm start`: found, or fetched once through Electron's own installer
// (node_modules/electron/install.js downloads it and checks its checksum), because npm 11 skips
// that install script unless it is approved. Every way this can fail ends in one message saying
// what happened and what still works (the browser edition, the CLI).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Errors of a download that never reached its server (offline, DNS, firewall). */
const UNREACHABLE = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|network/i;

const MEANWHILE = `Meanwhile the same studio runs in your browser (the engine in a Web Worker):

  npm run web        then open http://localhost:4173

and the engine works from the command line:

  npm run cli -- train --dataset iris --hidden 16 --optimizer adam --epochs 200`;

const BY_HAND = `To install it by hand (this needs internet access to GitHub's release downloads):

  npm install-scripts approve electron
  npm rebuild electron`;

/** The runtime's path when it is installed, else null. */
export function findElectron() {
  try {
    // The electron package exports the runtime's path, and throws when it was never downloaded.
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Runs Electron's installer, its progress shown as it comes; resolves with whether it exited 0
 * and what it wrote to stderr (where its errors go).
 */
export function runElectronInstaller() {
  return new Promise((resolve) => {
    let stderr = '';
    let child;
    try {
      child = spawn(process.execPath, [require.resolve('electron/install.js')], { stdio: ['ignore', 'inherit', 'pipe'] });
    } catch (error) {
      resolve({ ok: false, stderr: String(error?.message ?? error) });
      return;
    }
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('error', (error) => resolve({ ok: false, stderr: `${stderr}${error.message}` }));
    child.on('exit', (code) => resolve({ ok: code === 0, stderr }));
  });
}

/** The first line of an installer's output worth showing (its error, not its stack). */
function firstLine(text) {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('at '));
  return line ? (line.length > 200 ? `${line.slice(0, 200)}...` : line) : 'no output';
}

export class RuntimeMissing extends Error {}

/**
 * The runtime's path, downloading it first when it is missing. Throws RuntimeMissing with the
 * message to print when it cannot be had. `find`, `install` and `log` are the real ones unless
 * a test passes its own.
 */
export async function ensureElectron({ find = findElectron, install = runElectronInstaller, log = console.error, env = process.env } = {}) {
  const found = find();
  if (found) return found;
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    throw new RuntimeMissing(`MLP Studio cannot start: the Electron runtime is not installed, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not downloaded.

${BY_HAND}

${MEANWHILE}`);
  }
  log('MLP Studio: the Electron runtime is not installed yet; downloading it once through Electron\'s installer (about 100 MB)...');
  const { ok, stderr } = await install();
  const after = ok ? find() : null;
  if (after) {
    log('MLP Studio: the Electron runtime is installed.');
    return after;
  }
  if (UNREACHABLE.test(stderr)) {
    throw new RuntimeMissing(`MLP Studio cannot start: the Electron runtime is not installed and its download could not be reached (${firstLine(stderr)}).
Connect to the internet and run npm start again.

${MEANWHILE}`);
  }
  throw new RuntimeMissing(`MLP Studio cannot start: the Electron runtime is not installed and its installer ${ok ? 'finished without installing it' : 'failed'} (${firstLine(stderr)}).

${BY_HAND}

${MEANWHILE}`);
}
