// Builds a ready training run from a small inline project description, for trainer tests.

import { loadBuiltinDataset } from '../../shared/engine/datasets/builtin';
import type { Dataset } from '../../shared/engine/datasets/types';
import type { TrainingEvent } from '../../shared/engine/events';
import { Trainer, type RunSetup, type TrainerTiming } from '../../shared/engine/trainer';
import { defaultProject } from '../../shared/project/defaults';
import { parseProject } from '../../shared/project/parse';
import { prepareRun } from '../../shared/project/prepare';
import type { DatasetRef, Project, ProjectInput } from '../../shared/project/schema';

export function builtinProject(name: string, params: Record<string, unknown>, overrides: Partial<ProjectInput> = {}): {
  project: Project;
  dataset: Dataset;
} {
  const ref: DatasetRef = { source: 'builtin', name, params };
  const dataset = loadBuiltinDataset(name, params);
  const base = defaultProject(ref, dataset);
  return { project: parseProject({ ...base, ...overrides }), dataset };
}

export async function train(
  setup: RunSetup,
  timing: Partial<TrainerTiming> = {},
  onEvent?: (e: TrainingEvent, trainer: Trainer) => void,
): Promise<{ events: TrainingEvent[]; trainer: Trainer }> {
  const events: TrainingEvent[] = [];
  const trainer: Trainer = new Trainer(
    setup,
    (e) => {
      events.push(e);
      onEvent?.(e, trainer);
    },
    timing,
  );
  await trainer.run();
  return { events, trainer };
}

export function setupOf(p: { project: Project; dataset: Dataset }): RunSetup {
  return prepareRun(p.project, p.dataset);
}

export function ofType<T extends TrainingEvent['type']>(events: TrainingEvent[], type: T): Extract<TrainingEvent, { type: T }>[] {
  return events.filter((e): e is Extract<TrainingEvent, { type: T }> => e.type === type);
}
