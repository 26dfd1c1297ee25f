// Reading a project file: refuses what is not a project, what a newer studio wrote, and what
// fails the schema, each with one message that names the problem. Every message is one line that
// quotes at most a short, escaped piece of the file: it lands in a terminal or a banner, where a
// file's raw bytes would garble the screen or pass themselves off as the program's words.

import { describeIssue } from '../engine/config';
import { PROJECT_FORMAT, PROJECT_VERSION, projectSchema, type Project } from './schema';

export class ProjectError extends Error {
  override readonly name = 'ProjectError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(oneLine(message), options);
  }
}

/**
 * Characters that must not reach a terminal or a banner as they are: controls (line breaks and
 * escape sequences among them), line and paragraph separators, bidirectional overrides (which can
 * make text read as something else), the BOM, the replacement character and lone surrogates.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every unsafe character written as a JSON-style escape (\n, \u001b). */
export function oneLine(text: string): string {
  return text.replace(UNSAFE, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** Older versions' upgrades, keyed by the version they upgrade from. None yet: version 1 is the first. */
const MIGRATIONS: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

/**
 * Keys that, assigned to a plain object, change or shadow its prototype: JSON.parse keeps them as
 * own keys, but the schema's records copy entries by assignment and would drop a '__proto__'
 * silently (its tensor gone from `weights`, its value from `params`).
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const isReservedKey = (key: string): boolean => RESERVED_KEYS.has(key);
/** Deeper than any project (a few levels); a document nested deeper would overflow the stack of code that recurses into it. */
const MAX_DEPTH = 64;

/** Refuses reserved keys and absurd nesting anywhere in the document, naming where. Iterative, so depth cannot overflow the stack here. */
function checkStructure(input: unknown, source: string): void {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const where = () => {
      const dotted = path.join('.');
      return path.length ? ` in ${dotted.length > 60 ? `${dotted.slice(0, 60)}…` : dotted}` : ' at the top level';
    };
    if (path.length >= MAX_DEPTH) throw new ProjectError(`${source} is invalid: it nests objects and arrays more than ${MAX_DEPTH} levels deep${where()}`);
    if (Array.isArray(value)) {
      // Arrays of numbers (datasets, weights) are most of a large project: skip them fast.
      for (let i = 0; i < value.length; i++) if (typeof value[i] === 'object' && value[i] !== null) stack.push({ value: value[i], path: [...path, String(i)] });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (RESERVED_KEYS.has(key)) throw new ProjectError(`${source} is invalid: the key '${key}'${where()} is a reserved name, not a field of a project`);
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
}

export function parseProject(input: unknown, source = 'project'): Project {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ProjectError(`${source} is not an MLP Studio project (expected a JSON object)`);
  }
  let doc = input as Record<string, unknown>;
  if (doc.format !== PROJECT_FORMAT) {
    throw new ProjectError(`${source} is not an MLP Studio project (its "format" is not "${PROJECT_FORMAT}")`);
  }
  // Before anything quotes a value: quoting a value nested too deep would overflow the stack.
  checkStructure(doc, source);
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const shown = JSON.stringify(version) ?? String(version);
    throw new ProjectError(`${source} has an invalid format version ${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}`);
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
    if (!(e instanceof SyntaxError)) throw e;
    throw new ProjectError(`${source} is not valid JSON: ${describeJsonError(text)}`);
  }
  return parseProject(json, source);
}

// ---------------------------------------------------------------------------------------------
// Where JSON text goes wrong. JSON.parse's own message differs between engine versions, may run
// over several lines, quotes the text raw and often gives no position: the first error is found
// again here and told as 'problem (line L, column C)'.

const WHITE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;

/** A character of the text as a message may show it: printable ASCII quoted, anything else as U+XXXX. */
function showChar(text: string, at: number): string {
  const code = text.codePointAt(at)!;
  if (code >= 0x21 && code <= 0x7e) return `'${text[at]}'`;
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** 1-based line and column (in characters) of an offset; \n, \r\n and \r each end a line. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  let column = 1;
  // In characters: the second half of a surrogate pair is not a column of its own.
  for (let i = start; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff && i > start && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff)) column++;
  }
  return { line, column };
}

/** The first syntax error of `text` and where it is, in one line. */
export function describeJsonError(text: string): string {
  const found = findJsonError(text);
  if (!found) return 'it could not be parsed';
  const { line, column } = lineAndColumn(text, found.at);
  return oneLine(`${found.problem} (line ${line}, column ${column})`);
}

/** A small JSON scanner: it keeps no values, only where the text stops being JSON. Iterative, so deep nesting cannot overflow it. */
function findJsonError(text: string): { at: number; problem: string } | null {
  const n = text.length;
  const open: ('{' | '[')[] = [];
  let i = 0;
  let state: 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'comma-or-close' | 'end' = 'value';
  const fail = (problem: string, at = i) => ({ at, problem });
  const next = () => (open.length ? 'comma-or-close' : 'end');
  for (;;) {
    while (i < n && WHITE.has(text.charCodeAt(i))) i++;
    if (i >= n) {
      if (state === 'end') return null;
      if (open.length === 0) return fail('there is no JSON value, only white space or nothing');
      return fail(`the text ends before the ${open[open.length - 1] === '{' ? "object's closing '}'" : "array's closing ']'"}`);
    }
    const c = text[i];
    switch (state) {
      case 'end':
        return fail(`unexpected ${showChar(text, i)} after the end of the JSON value`);
      case 'comma-or-close': {
        const close = open[open.length - 1] === '{' ? '}' : ']';
        if (c !== ',' && c !== close) return fail(`expected ',' or '${close}', found ${showChar(text, i)}`);
        if (c === ',') {
          state = close === '}' ? 'key' : 'value';
        } else {
          open.pop();
          state = next();
        }
        i++;
        continue;
      }
      case 'key':
      case 'key-or-close': {
        if (c === '}') {
          if (state === 'key') return fail("a comma before '}' (JSON allows no trailing comma)");
          open.pop();
          i++;
          state = next();
          continue;
        }
        if (c !== '"') return fail(`expected a property name in double quotes, found ${showChar(text, i)}`);
        const error = skipString();
        if (error) return error;
        while (i < n && WHITE.has(text.charCodeAt(i))) i++;
        if (i >= n) return fail("the text ends after a property name, before its ':'");
        if (text[i] !== ':') return fail(`expected ':' after a property name, found ${showChar(text, i)}`);
        i++;
        state = 'value';
        continue;
      }
      default: {
        if (c === ']' && open[open.length - 1] === '[') {
          if (state === 'value') return fail("a comma before ']' (JSON allows no trailing comma)");
          open.pop();
          i++;
          state = next();
          continue;
        }
        if (c === '{' || c === '[') {
          open.push(c);
          i++;
          state = c === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        const error = skipScalar();
        if (error) return error;
        state = next();
      }
    }
  }

  function skipString(): { at: number; problem: string } | null {
    const start = i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)) : !e || !'"\\/bfnrt'.includes(e)) {
          return fail(`an invalid escape sequence in a string (\\${e === undefined ? '' : e})`);
        }
        i += e === 'u' ? 6 : 2;
        continue;
      }
      if (c < 0x20) return fail(`a control character (${showChar(text, i)}) inside a string (write it as an escape such as \\n)`);
      i++;
    }
    return fail('a string that is never closed', start);
  }

  function skipScalar(): { at: number; problem: string } | null {
    const c = text[i];
    if (c === '"') return skipString();
    if (c === "'") return fail('a string in single quotes (JSON strings take double quotes)');
    NUMBER.lastIndex = i;
    if (c === '-' || (c >= '0' && c <= '9')) {
      if (!NUMBER.test(text)) return fail('an invalid number');
      i = NUMBER.lastIndex;
      return null;
    }
    WORD.lastIndex = i;
    if (WORD.test(text)) {
      const word = text.slice(i, WORD.lastIndex);
      if (word === 'true' || word === 'false' || word === 'null') {
        i = WORD.lastIndex;
        return null;
      }
      return fail(`unexpected word '${word.length > 20 ? `${word.slice(0, 20)}…` : word}' (JSON has only true, false, null, numbers, strings, arrays and objects)`);
    }
    return fail(`unexpected ${showChar(text, i)}`);
  }
}
