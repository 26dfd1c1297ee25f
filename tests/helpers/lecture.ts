// Loads a shipped sample project from the repository; inspect-sample.ts runs its step.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseProject } from '../../shared/project/parse';
import type { Project } from '../../shared/project/schema';

export { expectPrinted, expectPrintedMatrix, inspectSample, sampleSetup } from './inspect-sample';

export function sampleProject(name: string): Project {
  const path = fileURLToPath(new URL(`../../shared/project/samples/${name}.json`, import.meta.url));
  return parseProject(JSON.parse(readFileSync(path, 'utf8')), name);
}

