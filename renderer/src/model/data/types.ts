// The data panel's inputs, named once: the summary exactly as the engine's 'dataset' reply carries
// it, the project's preprocessing choices, and where the current dataset came from.

import type { NormalizationKind } from '../../../../shared/engine/data/normalize';
import type { CsvOptions } from '../../../../shared/engine/datasets/csv';
import type { MessageOf } from '../../../../shared/protocol/engine';

export type DataSummary = MessageOf<'dataset'>['summary'];
export type FeatureStat = DataSummary['before'][number];
export type DataSample = DataSummary['samples'][number];

/** The preprocessing fields the panel edits (the saved normalizer is not the panel's business). */
export interface Preprocessing {
  normalization: NormalizationKind;
  validationSplit: number;
  testSplit: number;
  stratify: boolean;
}

/** The CSV reading choices the panel offers. */
export type CsvChoices = Partial<Pick<CsvOptions, 'labelColumn' | 'missing' | 'task'>>;

/**
 * Where the dataset came from. Loose on purpose: a project's DatasetRef and the protocol's
 * DatasetSource (browser 'files') both fit without conversion.
 */
export type PanelSource =
  | { source: 'builtin'; name: string; params?: Record<string, unknown> }
  | { source: 'file'; path: string; csv?: CsvChoices }
  | { source: 'files'; name?: string; files?: readonly { name: string }[] }
  | { source: 'inline'; name?: string };
