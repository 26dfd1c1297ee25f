// Messages about a project file's text: one line, the position as line and column, no raw bytes
// of the file (a terminal or a banner would show them as they are), at most a short escaped
// piece; and keys that JSON.parse keeps but the schema's records would drop silently
// (__proto__, constructor, prototype) refused by name, wherever they are.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeProjectFile, encodeProjectFile } from '../../../shared/project/container';
import { describeJsonError, lineAndColumn, oneLine, parseProject, parseProjectText, ProjectError } from '../../../shared/project/parse';
import { smallProjectJson } from '../../helpers/project-fixture';

const SAMPLE = readFileSync(new URL('../../../shared/project/samples/example-2-dying-relu.json', import.meta.url), 'utf8');

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ProjectError);
    const message = (e as Error).message;
    // One line, and nothing a terminal would act on: no control characters of any kind.
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffd]/);
    return message;
  }
  return expect.unreachable('expected a ProjectError');
}

describe('JSON syntax errors', () => {
  it.each([
    ['{"a": 1,\n "b": x}', "unexpected word 'x' (JSON has only true, false, null, numbers, strings, arrays and objects) (line 2, column 7)"],
    ['{"format": "mlp-studio-project", "version": 1,', "the text ends before the object's closing '}' (line 1, column 47)"],
    ['{"a": 1,}', "a comma before '}' (JSON allows no trailing comma) (line 1, column 9)"],
    ['[1, 2,\r\n]', "a comma before ']' (JSON allows no trailing comma) (line 2, column 1)"],
    ["{'a': 1}", "expected a property name in double quotes, found ''' (line 1, column 2)"],
    ['{"a" 1}', "expected ':' after a property name, found '1' (line 1, column 6)"],
    ['{"a": 1 "b": 2}', "expected ',' or '}', found '\"' (line 1, column 9)"],
    ['{"a": "one\ntwo"}', 'a control character (U+000A) inside a string (write it as an escape such as \\n) (line 1, column 11)'],
    ['{"a": "\\x"}', 'an invalid escape sequence in a string (\\x) (line 1, column 8)'],
    ['{"a": "never closed', 'a string that is never closed (line 1, column 7)'],
    ['{"a": -}', 'an invalid number (line 1, column 7)'],
    ['{"a": NaN}', "unexpected word 'NaN' (JSON has only true, false, null, numbers, strings, arrays and objects) (line 1, column 7)"],
    ['{}\n{}', "unexpected '{' after the end of the JSON value (line 2, column 1)"],
    ['', 'there is no JSON value, only white space or nothing (line 1, column 1)'],
    ['{\n  "näme😀": 1 2}', "expected ',' or '}', found '2' (line 2, column 14)"],
  ])('%j: %s', (text, expected) => {
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(refusal(() => parseProjectText(text, 'p.json'))).toBe(`p.json is not valid JSON: ${expected}`);
  });

  it('finds an error past deep nesting without overflowing the stack', () => {
    const text = `${'['.repeat(200_000)}1,]${']'.repeat(199_999)}`;
    expect(describeJsonError(text)).toBe("a comma before ']' (JSON allows no trailing comma) (line 1, column 200003)");
  });

  it('shows the character at fault as U+XXXX, never the raw byte or the rest of the file', () => {
    // The start of a binary file read as text: NULs, an escape sequence, a replacement character.
    const binary = '\u0000\u0000\u0000\u0000\u001b[2J\ufffd\ufffdPK\u0003\u0004 and the rest of the file';
    const message = refusal(() => parseProjectText(binary, 'p.json'));
    expect(message).toBe('p.json is not valid JSON: unexpected U+0000 (line 1, column 1)');
    expect(message).not.toContain('rest of the file');
    const inString = refusal(() => parseProjectText('{"name": "a\u001b[2Jb"}', 'p.json'));
    expect(inString).toBe('p.json is not valid JSON: a control character (U+001B) inside a string (write it as an escape such as \\n) (line 1, column 12)');
  });

  it('counts lines ended by \\n, \\r\\n or \\r, and columns in characters', () => {
    expect(lineAndColumn('a\nb\r\nc\rd', 7)).toEqual({ line: 4, column: 1 });
    expect(lineAndColumn('😀😀x', 4)).toEqual({ line: 1, column: 3 });
  });
});

describe('other messages quoting the file', () => {
  it('escape line breaks, escape sequences and bidirectional overrides', () => {
    expect(oneLine('a\nb\r\tc\u001b[31m\u202ed\u2028')).toBe('a\\nb\\r\\tc\\u001b[31m\\u202ed\\u2028');
    const unknown = refusal(() => parseProject({ ...smallProjectJson('P'), 'bad\nkey\u001b[2J': 1 }, 'p.json'));
    expect(unknown).toBe("p.json is invalid: unknown field 'bad\\nkey\\u001b[2J'");
    const value = refusal(() => parseProject({ ...smallProjectJson('P'), description: ['line\nbreak'] }, 'p.json'));
    expect(value).toMatch(/^p\.json is invalid: description: .*line\\nbreak/);
  });

  it('cut a long invalid version to a short excerpt', () => {
    const message = refusal(() => parseProject({ ...smallProjectJson('P'), version: 'x'.repeat(100_000) }, 'p.json'));
    expect(message.length).toBeLessThan(100);
    expect(message).toMatch(/^p\.json has an invalid format version "x+…$/);
  });

  it('a damaged header inside a .mlpstudio file is told in one line with its position', () => {
    const good = encodeProjectFile({ project: parseProject(smallProjectJson('P')), weights: null, runs: [] });
    const bytes = good.slice();
    // The header's first key opens with '"': turn it into a stray character.
    bytes[9] = 0x07;
    expect(refusal(() => decodeProjectFile(bytes, 'p.mlpstudio'))).toBe(
      'p.mlpstudio is damaged: its header is not valid JSON (expected a property name in double quotes, found U+0007 (line 1, column 2))',
    );
  });
});

describe('reserved keys', () => {
  const sample = () => JSON.parse(SAMPLE) as Record<string, any>;

  it.each([
    ['at the top level', (text: string) => text.replace('{', '{"__proto__": {"polluted": true}, '), "the key '__proto__' at the top level"],
    ['in the dataset', (text: string) => text.replace('"dataset": {', '"dataset": {"constructor": 1, '), "the key 'constructor' in dataset"],
    ['in a layer', (text: string) => text.replace('"layers": [\n      {', '"layers": [\n      {"prototype": 1, '), "the key 'prototype' in network.layers.0"],
  ])('%s', (_, edit, where) => {
    const text = edit(SAMPLE);
    expect(text).not.toBe(SAMPLE);
    expect(refusal(() => parseProjectText(text, 'p.json'))).toBe(`p.json is invalid: ${where} is a reserved name, not a field of a project`);
  });

  it('in records, where the schema used to drop them without a word', () => {
    // A tensor named __proto__ vanished from weights; a parameter named so from params.
    const withWeights = sample();
    withWeights.weights = JSON.parse('{"__proto__": {"shape": [1], "data": [1]}}');
    expect(refusal(() => parseProjectText(JSON.stringify(withWeights), 'p.json'))).toBe("p.json is invalid: the key '__proto__' in weights is a reserved name, not a field of a project");
    const withParams = { ...smallProjectJson('P'), dataset: { source: 'builtin', name: 'xor', params: JSON.parse('{"__proto__": {"n": 5}}') } };
    expect(refusal(() => parseProject(withParams, 'p.json'))).toBe("p.json is invalid: the key '__proto__' in dataset.params is a reserved name, not a field of a project");
  });

  it('inside a .mlpstudio file as well', () => {
    const project = { ...parseProject(smallProjectJson('P')), canvas: { blocks: [{ id: 'a', config: JSON.parse('{"kind": "dense", "__proto__": {}}'), position: { x: 0, y: 0 } }], links: [] } };
    const bytes = new TextEncoder().encode(JSON.stringify(project));
    expect(refusal(() => decodeProjectFile(bytes, 'p.json'))).toBe("p.json is invalid: the key '__proto__' in canvas.blocks.0.config is a reserved name, not a field of a project");
  });

  it('as a tensor name in a .mlpstudio header, and never written as one', () => {
    const project = parseProject(smallProjectJson('P'));
    const weights = new Map([['xxxxxxxxx', { shape: [1], data: Float32Array.of(1) }]]);
    const bytes = encodeProjectFile({ project, weights, runs: [] });
    // The same length, so the header length and the offsets stay right.
    const renamed = Buffer.from(Buffer.from(bytes).toString('latin1').replace('"xxxxxxxxx"', '"__proto__"'), 'latin1');
    expect(refusal(() => decodeProjectFile(renamed, 'p.mlpstudio'))).toBe("p.mlpstudio is invalid: the tensor name '__proto__' is a reserved name");
    const proto = new Map([['__proto__', { shape: [1], data: Float32Array.of(1) }]]);
    expect(() => encodeProjectFile({ project, weights: proto, runs: [] })).toThrow("A tensor cannot be named '__proto__'");
  });

  it('refuses nesting deeper than any project, rather than overflow code that recurses into it', () => {
    const deep = `{"format": "mlp-studio-project", "version": 1, "description": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(refusal(() => parseProjectText(deep, 'p.json'))).toMatch(/^p\.json is invalid: it nests objects and arrays more than 64 levels deep in description\.0\.0/);
    // Even where the message would quote the value (a version), the depth is refused first.
    const version = `{"format": "mlp-studio-project", "version": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(refusal(() => parseProjectText(version, 'p.json'))).toMatch(/^p\.json is invalid: it nests objects and arrays more than 64 levels deep in version\.0/);
  });

  it('still reads the same words as plain strings and values', () => {
    const p = parseProject({ ...smallProjectJson('__proto__'), description: 'constructor prototype' });
    expect(p.name).toBe('__proto__');
  });
});
