// The headless CLI: `train`, `grid`, `step` and `data`, with input errors as one line and exit code 2.

import { EXIT_FAILURE, EXIT_INPUT, isProgramError, UsageError } from './errors';
import { data, DATA_USAGE } from './data';
import { grid, GRID_USAGE } from './grid';
import { step, STEP_USAGE } from './step';
import { train, TRAIN_USAGE } from './train';
import { enableWasmRelaxedSimd } from './wasm-features';

const USAGE = `MLP Studio command line

${TRAIN_USAGE}
${GRID_USAGE}
${STEP_USAGE}
${DATA_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  enableWasmRelaxedSimd();
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'train':
        return await train(rest);
      case 'grid':
        return await grid(rest);
      case 'step':
        return await step(rest);
      case 'data':
        return await data(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? EXIT_INPUT : 0;
      default:
        throw new UsageError(`Unknown command '${command}' (known: train, grid, step, data)`);
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (isProgramError(e) && !(e instanceof UsageError)) {
      process.stderr.write(`mlp-studio: internal error: ${message}\n`);
      if (process.env.MLP_STUDIO_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`mlp-studio: ${message}\n`);
    return EXIT_INPUT;
  }
}
