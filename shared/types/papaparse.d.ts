// The part of papaparse the engine uses. @types/papaparse pulls in Node's types, which would let
// Node imports slip into shared/ unnoticed, so the engine declares just this.
declare module 'papaparse' {
  export interface ParseError {
    type: string;
    code: string;
    message: string;
    row?: number;
  }
  export interface ParseMeta {
    delimiter: string;
    linebreak: string;
    aborted: boolean;
    truncated: boolean;
  }
  export interface ParseResult {
    data: string[][];
    errors: ParseError[];
    meta: ParseMeta;
  }
  export interface ParseConfig {
    delimiter?: string;
    delimitersToGuess?: string[];
    header?: false;
    dynamicTyping?: false;
    skipEmptyLines?: boolean | 'greedy';
    quoteChar?: string;
    /** Rows to parse at most (0: all). */
    preview?: number;
  }
  export function parse(input: string, config?: ParseConfig): ParseResult;
  const Papa: { parse: typeof parse };
  export default Papa;
}
