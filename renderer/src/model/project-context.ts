// What the network's ends must be (input width, output width, task, loss): from the open dataset
// when there is one, else read off the project's own network, so a project opened before its
// data still edits and saves.

import { getLoss } from '../../../shared/engine/losses';
import type { Project } from '../../../shared/project/schema';
import type { NetworkContext } from './network/graph';

export interface DatasetShape {
  task: 'classification' | 'regression';
  features: number;
  outputs: number;
}

export function projectContext(project: Project, dataset: DatasetShape | null): NetworkContext {
  const loss = project.loss.type;
  if (dataset) return { inputSize: dataset.features, outputSize: dataset.outputs, task: dataset.task, loss };
  // A loss of values (not class labels) most likely trains a regression.
  const task = getLoss(loss).targets === 'values' ? 'regression' : 'classification';
  const dense = project.network.layers.filter((l) => l.type === 'dense');
  const lastUnits = dense.length ? (dense[dense.length - 1] as { units: number }).units : 1;
  // One sigmoid unit stands for two classes.
  const outputSize = loss === 'binary-cross-entropy' && lastUnits === 1 ? 2 : lastUnits;
  // Unknown until the data is open; only the sizes shown on blocks need it.
  return { inputSize: 0, outputSize, task, loss };
}
