#!/usr/bin/env node
// `npm start`: builds and launches the desktop studio, or explains exactly what is missing and how to get it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    // The electron package exports the path of its runtime, and throws when the runtime was
    // never downloaded (npm 11 does not run its install script unless approved).
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.error(`MLP Studio cannot start: the Electron runtime is not installed.

npm 11 skips dependencies' install scripts unless they are approved, and Electron downloads
its runtime in one. To get it (this needs internet access to GitHub's release downloads):

  npm install-scripts approve electron
  npm rebuild electron

Meanwhile the same studio runs in your browser (the engine in a Web Worker):

  npm run web        then open http://localhost:4173

and the engine works from the command line:

  npm run cli -- train --dataset iris --hidden 16 --optimizer adam --epochs 200`);
  process.exit(1);
}

// Build the main process, preload and page into out/, then run them.
// electron-vite reads package.json from the working directory (its "type" decides the formats).
const startDir = process.cwd();
process.chdir(fileURLToPath(new URL('..', import.meta.url)));
try {
  const { build } = await import('electron-vite');
  await build();
} catch (error) {
  console.error(`MLP Studio cannot start: building the app failed.\n${error?.stack ?? error}`);
  process.exit(1);
}

const { spawn } = await import('node:child_process');
// Extra arguments (a project file to open) go to the app, paths made absolute first.
const args = process.argv.slice(2).map((a) => (a.startsWith('-') ? a : resolve(startDir, a)));
const child = spawn(binary, ['.', ...args], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
