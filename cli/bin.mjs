#!/usr/bin/env node
// Entry point of the `mlp-studio` command: loads the TypeScript CLI through tsx, so it works
// straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
