// `data`: a dataset's summary (sizes, class balance, feature statistics before and after
// normalization, a few samples), with the same splits training would use. Given a project file
// (.mlpstudio or JSON, told by content), it summarizes that project's dataset as the project
// prepares it.

import { summarizeDataset, type FeatureStats } from '../shared/engine/data/summary';
import { defaultProject } from '../shared/project/defaults';
import { applyOverrides } from '../shared/project/overrides';
import { prepareData } from '../shared/project/prepare';
import { UsageError } from './errors';
import { datasetRefFromFlag, isProjectFile, loadDataset, readProject } from './load';
import { overridesFromFlags, parseFlags, TRAIN_FLAGS, type TrainFlags } from './options';

export const DATA_USAGE = 'usage: mlp-studio data NAME|PATH|PROJECT [--norm KIND] [--seed N] [--label COL] [--missing drop|mean] [--test-split F] [--json]';

const DATA_FLAGS = {
  norm: TRAIN_FLAGS.norm,
  seed: TRAIN_FLAGS.seed,
  label: TRAIN_FLAGS.label,
  missing: TRAIN_FLAGS.missing,
  'test-split': TRAIN_FLAGS['test-split'],
  json: TRAIN_FLAGS.json,
  help: TRAIN_FLAGS.help,
} as const;

const n = (v: number) => (Math.abs(v) >= 1000 || v === 0 ? v.toFixed(0) : v.toPrecision(4));
const line = (s: FeatureStats) => `min ${n(s.min)}  max ${n(s.max)}  mean ${n(s.mean)}  std ${n(s.std)}${s.missing ? `  missing ${s.missing}` : ''}`;

export async function data(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, DATA_FLAGS);
  const flags = values as TrainFlags;
  if (flags.help) {
    console.log(DATA_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`data needs exactly one dataset name or path\n${DATA_USAGE}`);
  const base = (await isProjectFile(positionals[0])) ? await readProject(positionals[0]) : undefined;
  if (base && (flags.label !== undefined || flags.missing !== undefined)) {
    throw new UsageError('--label and --missing apply to CSV/TSV files, not to a project (its dataset says how the table is read)');
  }
  const ref = base?.dataset ?? datasetRefFromFlag(positionals[0], flags);
  const source = base ? positionals[0] : ref.source === 'file' ? ref.path : ref.name;
  const dataset = await loadDataset(ref, source);
  const project = applyOverrides(base ?? defaultProject(ref, dataset), overridesFromFlags(flags), dataset);
  const summary = summarizeDataset(prepareData(project, dataset, source));
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ type: 'summary', ...summary })}\n`);
    return 0;
  }
  console.log(`${summary.name}: ${summary.task}, ${summary.features} features${summary.imageShape ? ` (${summary.imageShape.join('x')} images)` : ''}`);
  console.log(`rows: ${summary.sizes.train} train, ${summary.sizes.validation} validation, ${summary.sizes.test} test`);
  if (summary.classBalance) {
    console.log(`  ${'class'.padEnd(16)} ${'train'.padStart(7)} ${'valid'.padStart(7)} ${'test'.padStart(7)}`);
    summary.classNames.forEach((name, k) => {
      const b = summary.classBalance!;
      console.log(`  ${name.padEnd(16)} ${String(b.train[k]).padStart(7)} ${String(b.validation[k]).padStart(7)} ${String(b.test[k]).padStart(7)}`);
    });
  }
  console.log(`features before -> after ${project.preprocessing.normalization} normalization:`);
  summary.before.slice(0, 20).forEach((s, j) => console.log(`  ${s.name.padEnd(20)} ${line(s)}\n  ${''.padEnd(20)} ${line(summary.after[j])}`));
  if (summary.before.length > 20) console.log(`  ... ${summary.before.length - 20} more`);
  return 0;
}
