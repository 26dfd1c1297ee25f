// One inspected step on a lecture sample's first batch, in float64, and assertions on printed
// numbers. No Node imports: the window's tests (type-checked without Node) use it too.

import { allocBatch, gatherBatch, normalizerArrays } from '../../shared/engine/data/batch';
import { inspectStep, type InspectionResult } from '../../shared/engine/inspect';
import { resolveDataset } from '../../shared/project/dataset';
import { prepareRun } from '../../shared/project/prepare';
import type { Project } from '../../shared/project/schema';
import type { RunSetup } from '../../shared/engine/trainer';

export async function sampleSetup(project: Project): Promise<RunSetup> {
  return prepareRun(project, await resolveDataset(project.dataset), { dtype: 'float64' });
}

export async function inspectSample(project: Project): Promise<InspectionResult> {
  const setup = await sampleSetup(project);
  const { model, data } = setup;
  const net = model.network;
  const features = data.dataset.numFeatures;
  const rows = data.trainRows.length;
  const batch = allocBatch(net.alloc, net.capacity, features, net.outputSize);
  gatherBatch(data.dataset.train, features, data.trainRows, 0, rows, normalizerArrays(data.normalizer), batch, net.outputSize, model.needsOneHot);
  return inspectStep(model, batch.x, batch.targets, rows, project.optimizer, project.optimizer.lr);
}

/** Asserts a printed number: |actual - expected| within half a unit of its last printed decimal. */
export function expectPrinted(actual: number, expected: number, decimals: number, what = ''): void {
  const tolerance = 0.5 * 10 ** -decimals + 1e-9;
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: expected ${expected} (to ${decimals} decimals), got ${actual}`);
  }
}

export function expectPrintedMatrix(actual: number[][] | number[], expected: number[][] | number[], decimals: number, what = ''): void {
  const a = (actual as (number | number[])[]).flat();
  const e = (expected as (number | number[])[]).flat();
  if (a.length !== e.length) throw new Error(`${what}: expected ${e.length} values, got ${a.length}`);
  a.forEach((v, i) => expectPrinted(v, e[i], decimals, `${what}[${i}]`));
}
