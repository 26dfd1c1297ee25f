// The module specifiers a TypeScript or JavaScript file imports: `import ... from`, `export ...
// from`, side-effect `import '...'`, `import('...')` and `require('...')`, each with its line. A
// small lexer rather than the TypeScript compiler: loading the compiler alone takes longer than
// scanning the whole repository, and the check runs before every test run.

export interface ImportSite {
  specifier: string;
  line: number;
}

interface Token {
  kind: 'word' | 'string' | 'template' | 'punct';
  value: string;
  line: number;
}

/** After these words a `/` starts a regular expression, not a division. */
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'in', 'of', 'delete', 'void', 'throw', 'new', 'instanceof', 'yield', 'await', 'else', 'do']);
const WORD = /[A-Za-z0-9_$]/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  /** For each open `{`: whether it opened a template's `${`, to know where the template goes on. */
  const braces: boolean[] = [];
  let line = 1;
  let i = 0;
  const newlinesIn = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) line++;
  };
  /** Skips a template's text from i (just after '`' or '}') to its end or its next `${`. */
  const templateText = () => {
    const start = i;
    while (i < text.length && text[i] !== '`' && !(text[i] === '$' && text[i + 1] === '{')) i += text[i] === '\\' ? 2 : 1;
    newlinesIn(start, i);
    if (text[i] === '`') {
      i++;
      tokens.push({ kind: 'template', value: '`', line });
    } else if (i < text.length) {
      i += 2;
      braces.push(true);
    }
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      newlinesIn(i, stop);
      i = stop;
    } else if (c === '"' || c === "'") {
      let value = '';
      let k = i + 1;
      while (k < text.length && text[k] !== c && text[k] !== '\n') {
        if (text[k] === '\\') k++;
        else value += text[k];
        k++;
      }
      tokens.push({ kind: 'string', value, line });
      i = k + 1;
    } else if (c === '`') {
      i++;
      templateText();
    } else if (c === '/' && startsRegex(tokens[tokens.length - 1])) {
      let k = i + 1;
      let inClass = false;
      while (k < text.length && text[k] !== '\n' && (inClass || text[k] !== '/')) {
        if (text[k] === '\\') k++;
        else if (text[k] === '[') inClass = true;
        else if (text[k] === ']') inClass = false;
        k++;
      }
      i = k + 1;
      while (i < text.length && WORD.test(text[i])) i++;
      tokens.push({ kind: 'punct', value: '/regex/', line });
    } else if (WORD.test(c)) {
      let k = i;
      while (k < text.length && WORD.test(text[k])) k++;
      tokens.push({ kind: 'word', value: text.slice(i, k), line });
      i = k;
    } else {
      i++;
      if (c === '{') braces.push(false);
      if (c === '}' && braces.pop()) {
        templateText();
        continue;
      }
      tokens.push({ kind: 'punct', value: c, line });
    }
  }
  return tokens;
}

function startsRegex(previous: Token | undefined): boolean {
  if (!previous) return true;
  if (previous.kind === 'string' || previous.kind === 'template') return false;
  if (previous.kind === 'word') return REGEX_AFTER_WORD.has(previous.value);
  return !(previous.value === ')' || previous.value === ']' || previous.value === '}' || previous.value === '/regex/');
}

export function importsOf(text: string): ImportSite[] {
  const tokens = tokenize(text);
  const sites: ImportSite[] = [];
  const at = (k: number) => tokens[k] as Token | undefined;
  const isString = (k: number) => at(k)?.kind === 'string';
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    // `x.from(...)`, `import.meta`, `obj.require(...)` are not imports.
    if (t.kind !== 'word' || at(k - 1)?.value === '.') continue;
    let spec: number | null = null;
    if (t.value === 'from' && isString(k + 1)) spec = k + 1;
    else if (t.value === 'import' && isString(k + 1)) spec = k + 1;
    else if ((t.value === 'import' || t.value === 'require') && at(k + 1)?.value === '(' && isString(k + 2)) spec = k + 2;
    if (spec !== null) sites.push({ specifier: tokens[spec].value, line: tokens[spec].line });
  }
  return sites;
}
