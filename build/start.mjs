#!/usr/bin/env node
// `npm start`: launches the desktop studio, or explains exactly what is missing and how to get it.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

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

Meanwhile the engine works from the command line:

  npm run cli -- train --dataset iris --hidden 16 --optimizer adam --epochs 200`);
  process.exit(1);
}

if (!existsSync(new URL('../out/main/index.js', import.meta.url))) {
  console.error(`MLP Studio cannot start: the desktop shell (out/main/index.js) is not part of this version yet.
The engine works from the command line:

  npm run cli -- train --dataset iris --hidden 16 --optimizer adam --epochs 200`);
  process.exit(1);
}

const { spawn } = await import('node:child_process');
const child = spawn(binary, ['.'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
child.on('exit', (code) => process.exit(code ?? 1));
