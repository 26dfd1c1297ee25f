// UTF-8 text to and from bytes. shared/ is compiled without DOM or Node types, yet every host the
// engine runs on (Node, browsers, workers) has TextEncoder and TextDecoder: this is their one door.

interface TextCodecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}
const codecs = globalThis as unknown as TextCodecs;

/**
 * The most bytes of text any host decodes: V8's longest string is 2^29 - 24 UTF-16 code units
 * (Node, Electron, Chromium; Firefox and Safari allow longer). UTF-8 never takes fewer bytes than
 * code units, so text of at most this many bytes always fits in a string.
 */
export const MAX_TEXT_BYTES = 2 ** 29 - 24;

/** Bytes that are not UTF-8: the fatal decoder's refusal, told apart from every other failure. */
export class Utf8Error extends Error {
  override readonly name = 'Utf8Error';
}

/** Bytes too many to become one string; said before decoding, since V8's own error names no file and no limit. */
export class TextTooLongError extends Error {
  override readonly name = 'TextTooLongError';
  constructor(readonly bytes: number) {
    super(`${bytes} bytes of text are more than the ${MAX_TEXT_BYTES} bytes this program can decode at once`);
  }
}

export const encodeUtf8 = (text: string): Uint8Array => new codecs.TextEncoder().encode(text);

/**
 * Strict: bytes that are not valid UTF-8 throw a Utf8Error instead of turning into U+FFFD, and
 * more than MAX_TEXT_BYTES throw a TextTooLongError. Anything else (out of memory) is rethrown as
 * it came, so no caller mistakes it for a fault of the bytes.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length > MAX_TEXT_BYTES) throw new TextTooLongError(bytes.length);
  try {
    return new codecs.TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    // The Encoding standard has a fatal decoder throw a TypeError for malformed input, and only then.
    if (e instanceof TypeError) throw new Utf8Error('the bytes are not valid UTF-8 text', { cause: e });
    throw e;
  }
}
