// One way for every registry (activations, losses, optimizers, ...) to parse a JSON config and
// to word its errors, so a bad name or value reads the same everywhere.

import type { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function knownNamesError(family: string, name: unknown, known: readonly string[]): ConfigError {
  return new ConfigError(`Unknown ${family} '${String(name)}' (known: ${known.join(', ')})`);
}

/** Formats the first zod issue as one readable line naming the field, e.g. "'lr' must be > 0". */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const path = issue.path.length ? `'${issue.path.join('.')}'` : 'value';
  if (issue.code === 'unrecognized_keys') {
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}${
      issue.path.length ? ` in ${path}` : ''
    }`;
  }
  return `${path}: ${issue.message}`;
}

/**
 * Parses a `{ type, ... }` config against its schema. An unknown `type` is reported with the
 * list of known ones rather than zod's generic union message.
 */
export function parseConfig<S extends z.ZodType>(
  family: string,
  schema: S,
  input: unknown,
  known: readonly string[],
): z.infer<S> {
  const type = typeof input === 'object' && input !== null ? (input as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !known.includes(type)) throw knownNamesError(family, type, known);
  const result = schema.safeParse(input);
  if (!result.success) throw new ConfigError(`Invalid ${family} '${type}': ${describeIssue(result.error)}`);
  return result.data;
}
