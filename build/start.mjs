#!/usr/bin/env node
// `npm start`: fetches the Electron runtime if it is missing, builds and launches the desktop
// studio, or explains exactly what is missing and what works meanwhile.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectron, RuntimeMissing } from './electron-runtime.mjs';

let binary;
try {
  binary = await ensureElectron();
} catch (error) {
  console.error(error instanceof RuntimeMissing ? error.message : `MLP Studio cannot start: ${error?.stack ?? error}`);
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
