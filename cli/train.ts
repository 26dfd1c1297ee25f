// `train`: trains a project (or a default network for --dataset) and prints progress.

import type { EvalResult, TrainingEvent } from '../shared/engine/events';
import { Trainer } from '../shared/engine/trainer';
import { defaultProject } from '../shared/project/defaults';
import { runMemoryLimit } from '../shared/node/memory-limits';
import { prepareRun } from '../shared/project/prepare';
import { UsageError } from './errors';
import { datasetRefFromFlag, loadDataset, projectOf, readProjectDocument } from './load';
import { NAMES_USAGE, overridesFromFlags, parseFlags, TRAIN_FLAGS, type TrainFlags } from './options';
import { applyOverrides } from '../shared/project/overrides';
import { checkSaveSize, checkSaveTarget, saveTrained, saveWarnings } from './save';
import { kernelFromFlags } from './threads';

export const TRAIN_USAGE = `usage: mlp-studio train [PROJECT] [--dataset NAME|PATH] [--hidden 256,128] [--activation NAME]
  [--init NAME] [--optimizer NAME] [--lr X] [--batch N] [--epochs N] [--seed N]
  [--norm none|zero-one|minus-one-one|zscore] [--loss NAME] [--test-split F] [--label COL]
  [--missing drop|mean] [--kernel auto|typescript|wasm-simd|wasm-simd-fma] [--threads N]
  [--json] [--save OUT.mlpstudio|OUT.json]
${NAMES_USAGE}`;

function fmt(r: EvalResult | undefined, prefix: string): string {
  if (!r) return '';
  const parts = [`${prefix}loss ${r.loss.toFixed(4)}`];
  if (r.accuracy !== undefined) parts.push(`${prefix}acc ${r.accuracy.toFixed(4)}`);
  if (r.rmse !== undefined) parts.push(`${prefix}rmse ${r.rmse.toFixed(4)}`);
  if (r.r2 !== undefined) parts.push(`${prefix}r2 ${r.r2.toFixed(4)}`);
  return parts.join('  ');
}

function printHuman(e: TrainingEvent, epochs: number): void {
  switch (e.type) {
    case 'started':
      for (const w of e.warnings) process.stderr.write(`warning: ${w}\n`);
      console.log(
        `training ${e.parameterCount} parameters on ${e.trainSize} samples (${e.validationSize} validation, ${e.testSize} test), ${e.epochs} epochs, kernel ${e.kernel} x${e.threads}`,
      );
      break;
    case 'epoch':
      console.log(
        `epoch ${String(e.epoch + 1).padStart(String(epochs).length)}/${epochs}  ${fmt(e.train, '')}  ${fmt(e.validation, 'val_')}  lr ${e.lr.toPrecision(3)}  ${Math.round(e.samplesPerSecond)} samples/s`,
      );
      break;
    case 'failed':
      console.error(`error: ${e.message}`);
      break;
    case 'done':
      console.log(`done (${e.reason}) after ${e.epochs} epochs in ${e.seconds.toFixed(1)} s, ${Math.round(e.samplesPerSecond)} training samples/s`);
      console.log(`  train       ${fmt(e.train, '')}`);
      if (e.validation) console.log(`  validation  ${fmt(e.validation, '')}`);
      if (e.test) console.log(`  test        ${fmt(e.test, '')}`);
      break;
  }
}

/** The JSON lines: everything but the high-rate batch and diagnostics events. */
function printJson(e: TrainingEvent): void {
  if (e.type === 'batch' || e.type === 'diagnostics') return;
  process.stdout.write(`${JSON.stringify(e)}\n`);
}

export async function train(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, TRAIN_FLAGS);
  const flags = values as TrainFlags;
  if (flags.help) {
    console.log(TRAIN_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`train takes at most one project, got ${positionals.length}`);
  const projectPath = positionals[0];
  if (!projectPath && !flags.dataset) throw new UsageError('train needs a PROJECT or --dataset NAME|PATH');

  // Before any work: a run whose result cannot be saved is a run lost.
  if (flags.save) await checkSaveTarget(flags.save);
  const datasetRef = flags.dataset !== undefined ? datasetRefFromFlag(flags.dataset, flags) : undefined;
  const file = projectPath ? await readProjectDocument(projectPath) : undefined;
  const base = file && projectOf(file);
  const ref = datasetRef ?? base!.dataset;
  // Refusals after parsing name the file that caused them: the project, else the dataset.
  const source = projectPath ?? (ref.source === 'file' ? ref.path : ref.name);
  const dataset = await loadDataset(ref, source);
  const start = base ? { ...base, dataset: ref } : defaultProject(ref, dataset);
  const project = applyOverrides(start, overridesFromFlags(flags), dataset, base !== undefined && datasetRef !== undefined);
  const kernel = await kernelFromFlags(flags);
  const setup = prepareRun(project, dataset, { kernel, source, memoryLimit: runMemoryLimit() });
  if (flags.save) {
    checkSaveSize(flags.save, project, setup.model.network);
    for (const w of saveWarnings(flags.save, file?.runs ?? [])) process.stderr.write(`warning: ${w}\n`);
  }

  const trainer = new Trainer(setup, (e) => (flags.json ? printJson(e) : printHuman(e, project.training.epochs)));
  const onSignal = () => trainer.stop();
  process.once('SIGINT', onSignal);
  const result = await trainer.run();
  process.off('SIGINT', onSignal);
  if (flags.save) {
    await saveTrained(flags.save, project, setup.model.network, setup.data.normalizer, file?.runs ?? []);
    if (!flags.json) console.log(`saved ${flags.save}`);
  }
  return result.type === 'done' ? 0 : 1;
}
