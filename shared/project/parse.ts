// Reading a project file: refuses what is not a project, what a newer studio wrote, and what
// fails the schema, each with one message that names the problem.

import { describeIssue } from '../engine/config';
import { PROJECT_FORMAT, PROJECT_VERSION, projectSchema, type Project } from './schema';

export class ProjectError extends Error {
  override readonly name = 'ProjectError';
}

/** Older versions' upgrades, keyed by the version they upgrade from. None yet: version 1 is the first. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export function parseProject(input: unknown, source = 'project'): Project {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ProjectError(`${source} is not an MLP Studio project (expected a JSON object)`);
  }
  let doc = input as Record<string, unknown>;
  if (doc.format !== PROJECT_FORMAT) {
    throw new ProjectError(`${source} is not an MLP Studio project (its "format" is not "${PROJECT_FORMAT}")`);
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProjectError(`${source} has an invalid format version ${JSON.stringify(version)}`);
  }
  if (version > PROJECT_VERSION) {
    throw new ProjectError(
      `${source} was saved by a newer MLP Studio (format version ${version}; this version reads up to ${PROJECT_VERSION}). Update MLP Studio to open it.`,
    );
  }
  for (let v = version; v < PROJECT_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (!migrate) throw new ProjectError(`${source} has format version ${v}, which this version cannot upgrade`);
    doc = { ...migrate(doc), version: v + 1 };
  }
  const result = projectSchema.safeParse(doc);
  if (!result.success) throw new ProjectError(`${source} is invalid: ${describeIssue(result.error.issues[0], doc)}`);
  return result.data;
}

/** Parses JSON text, reporting a syntax error as a project error rather than a SyntaxError. */
export function parseProjectText(text: string, source = 'project'): Project {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ProjectError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  return parseProject(json, source);
}
