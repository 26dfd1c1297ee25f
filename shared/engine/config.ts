// One way for every registry (activations, losses, optimizers, ...) to parse a JSON config and
// to word its errors, so a bad name or value reads the same everywhere: one line naming the field.

import { z } from 'zod';

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

/** The schema of a config that is its type alone, e.g. `{ type: 'zeros' }`. */
export const bare = <T extends string>(type: T) => z.strictObject({ type: z.literal(type) });

/** What every registry entry has: the label people read and the schema of its JSON config. */
export interface RegistryEntry {
  readonly label: string;
  readonly schema: z.ZodObject;
  /** What the fields a config must state (no default) start as in a new one, e.g. a layer's units. */
  readonly initial?: Readonly<Record<string, unknown>>;
}

/** Entries as a registry holds them: each knows its own name, the key it is registered under. */
export type Named<R> = { readonly [K in keyof R & string]: R[K] & { readonly name: K } };

export interface Registry<R extends Record<string, RegistryEntry>> {
  /** Every entry by name, in declaration order (the order lists and menus show). */
  readonly entries: Named<R>;
  readonly names: readonly (keyof R & string)[];
  has(name: unknown): name is keyof R & string;
  /** The entry, or a ConfigError listing the known names. */
  get(name: unknown): Named<R>[keyof R & string];
}

/**
 * One family's registry, Keras-style: name-keyed entries in one object, so adding an entry is the
 * only edit a new activation, loss or layer needs; names, lookup and its error all come from it.
 */
export function registry<R extends Record<string, RegistryEntry>>(family: string, defs: R): Registry<R> {
  const entries = Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, { ...def, name }])) as Named<R>;
  const names = Object.freeze(Object.keys(defs)) as readonly (keyof R & string)[];
  const has = (name: unknown): name is keyof R & string => typeof name === 'string' && Object.hasOwn(entries, name);
  return {
    entries,
    names,
    has,
    get(name) {
      if (!has(name)) throw knownNamesError(family, name, names);
      return entries[name];
    },
  };
}

type SchemaOf<R extends Record<string, RegistryEntry>> = R[keyof R]['schema'];

/**
 * The `{ type, ... }` configs of a registry whose schemas carry `type: z.literal(name)`: their
 * union (for project files), a parser with one-line errors, and a fresh config per name.
 */
export function typedConfigs<R extends Record<string, RegistryEntry>>(family: string, reg: Registry<R>) {
  const schemas = Object.fromEntries(reg.names.map((name) => [name, reg.entries[name].schema])) as {
    [K in keyof R]: R[K]['schema'];
  };
  const known = reg.names.join(', ');
  const list = reg.names.map((name) => reg.entries[name].schema) as unknown as [SchemaOf<R>, ...SchemaOf<R>[]];
  const schema = z.discriminatedUnion('type', list, {
    error: (issue) => {
      if (issue.code !== 'invalid_union') return undefined;
      const input = issue.input;
      const type = input && typeof input === 'object' ? (input as { type?: unknown }).type : undefined;
      return type === undefined
        ? `${capitalize(family)} type is required (known: ${known})`
        : `Unknown ${family} ${describeValue(type)} (known: ${known})`;
    },
  });
  type Config = z.output<SchemaOf<R>>;
  return {
    schema,
    /** Validates and fills defaults; a bare name is shorthand for `{ type: name }`. */
    parse: (input: unknown): Config => parseTypedConfig(family, schemas, input) as Config,
    /** What a new one of this type starts as: its `initial` fields, then its schema's defaults. */
    fresh<K extends keyof R & string>(name: K): z.output<R[K]['schema']> {
      const entry = reg.get(name);
      return entry.schema.parse({ ...entry.initial, type: name }) as z.output<R[K]['schema']>;
    },
  };
}
