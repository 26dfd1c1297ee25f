// A trained model written back into its project: weights by name and the fitted normalizer.

import type { Normalizer } from '../engine/data/normalize';
import type { Network } from '../engine/network';
import type { Project } from './schema';

export function projectWithWeights(project: Project, network: Network, normalizer: Normalizer): Project {
  const weights: NonNullable<Project['weights']> = {};
  for (const [name, t] of network.tensors()) weights[name] = { shape: t.shape, data: Array.from(t.data) };
  return { ...project, preprocessing: { ...project.preprocessing, normalizer }, weights };
}
