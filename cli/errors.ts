// How the CLI words failures: input problems (bad flags, unknown names, invalid projects or data)
// are one line and exit code 2; a bug in the program is one line and exit code 1.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const EXIT_INPUT = 2;
export const EXIT_FAILURE = 1;

/** Errors raised by the language itself point at a bug, not at the user's input. */
export function isProgramError(e: unknown): boolean {
  return e instanceof TypeError || e instanceof ReferenceError || e instanceof SyntaxError || !(e instanceof Error);
}
