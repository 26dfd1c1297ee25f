// One way for every registry (activations, losses, optimizers, ...) to parse a JSON config and
// to word its errors, so a bad name or value reads the same everywhere: one line naming the field.

import type { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function knownNamesError(family: string, name: unknown, known: readonly string[]): ConfigError {
  return new ConfigError(`Unknown ${family} ${describeValue(name)} (known: ${known.join(', ')})`);
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || value === undefined) return String(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * One zod issue as 'field: problem (got value)', or 'unknown field 'x' (allowed: ...)'.
 * `input` is the parsed value, to quote what was given.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, allowed?: readonly string[]): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    const where = issue.path.length ? ` in ${issue.path.join('.')}` : '';
    return `unknown field ${keys}${where}${allowed ? ` (allowed: ${allowed.join(', ')})` : ''}`;
  }
  let value: unknown = input;
  for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  // zod's 'Too small: expected ...' reads better as 'too small, expected ...' after 'field: '.
  const message = issue.message.replace(/^Invalid input: /, '').replace(/^([A-Za-z]+(?: [a-z]+)*): /, '$1, ');
  const text = message.charAt(0).toLowerCase() + message.slice(1);
  const field = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${field}${text} (got ${describeValue(value)})`;
}

/**
 * Parses a `{ type, ... }` config against the schema of its type, with defaults filled in.
 * A bare name is shorthand for `{ type: name }`.
 */
export function parseTypedConfig<S extends Record<string, z.ZodObject>>(
  family: string,
  schemas: S,
  input: unknown,
): z.output<S[keyof S]> {
  const known = Object.keys(schemas);
  const raw = typeof input === 'string' ? { type: input } : input;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${capitalize(family)} config must be a name or an object with a 'type' (known: ${known.join(', ')}), got ${describeValue(input)}`);
  }
  const type = (raw as { type?: unknown }).type;
  if (type === undefined) throw new ConfigError(`${capitalize(family)} config has no 'type' (known: ${known.join(', ')})`);
  if (typeof type !== 'string' || !Object.hasOwn(schemas, type)) throw knownNamesError(family, type, known);
  const schema = schemas[type];
  const result = schema.safeParse(raw);
  if (result.success) return result.data as z.output<S[keyof S]>;
  throw new ConfigError(`Invalid ${family} '${type}': ${describeIssue(result.error.issues[0], raw, Object.keys(schema.shape))}`);
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
