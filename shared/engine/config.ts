// One way for every registry (activations, losses, optimizers, ...) to parse a JSON config and
// to word its errors, so a bad name or value reads the same everywhere: one line naming the field.

import type { z } from 'zod';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function knownNamesError(family: string, name: unknown, known: readonly string[]): ConfigError {
  return new ConfigError(`Unknown ${family} ${describeValue(name)} (known: ${known.join(', ')})`);
}

/** A short picture of a value for an error line: never the whole of a long string, array or object. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.length > 40 ? `'${value.slice(0, 40)}…' (${value.length} characters)` : `'${value}'`;
  if (typeof value !== 'object' || value === null) return String(value);
  if (ArrayBuffer.isView(value)) return Object.prototype.toString.call(value).slice(8, -1);
  const json = JSON.stringify(value);
  if (json !== undefined && json.length <= 60) return json;
  return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
}

/**
 * One zod issue as 'field: problem (got value)', or 'unknown field 'x' (allowed: ...)'.
 * `input` is the parsed value, to quote what was given.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, allowed?: readonly string[]): string {
  // A custom check that words its own message (params.named) says all there is.
  if (issue.code === 'custom' && issue.params?.named) return issue.message;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    const where = issue.path.length ? ` in ${issue.path.join('.')}` : '';
    const options = allowed ? (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (none are allowed)') : '';
    return `unknown field ${keys}${where}${options}`;
  }
  let value: unknown = input;
  for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
  const field = issue.path.length ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'invalid_type' && value === undefined && issue.path.length) return `${field}missing (expected ${issue.expected})`;
  // A check on a whole object (e.g. a one-of rule) says all there is; quoting the object adds nothing.
  const whole = issue.path.length === 0 && typeof value === 'object' && value !== null && !Array.isArray(value);
  return `${field}${describeProblem(issue)}${whole ? '' : ` (got ${describeValue(value)})`}`;
}

/** A number's bounds and type the way a user writes them ("must be >= 0"); zod's own words otherwise. */
function describeProblem(issue: z.core.$ZodIssue): string {
  const numeric = 'origin' in issue && (issue.origin === 'number' || issue.origin === 'int');
  if (issue.code === 'too_small' && numeric) return `must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && numeric) return `must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'must be an integer';
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'must be a finite number';
  // zod's 'Too small: expected ...' reads better as 'too small, expected ...' after 'field: '.
  const message = issue.message.replace(/^Invalid input: /, '').replace(/^Invalid input$/, 'invalid value').replace(/^([A-Za-z]+(?: [a-z]+)*): /, '$1, ');
  return message.charAt(0).toLowerCase() + message.slice(1);
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
