// UTF-8 text to and from bytes. shared/ is compiled without DOM or Node types, yet every host the
// engine runs on (Node, browsers, workers) has TextEncoder and TextDecoder: this is their one door.

interface TextCodecs {
  TextEncoder: new () => { encode(text: string): Uint8Array };
  TextDecoder: new (label: string, options: { fatal: boolean }) => { decode(bytes: Uint8Array): string };
}
const codecs = globalThis as unknown as TextCodecs;

export const encodeUtf8 = (text: string): Uint8Array => new codecs.TextEncoder().encode(text);

/** Strict: bytes that are not valid UTF-8 throw (a TypeError) instead of turning into U+FFFD. */
export const decodeUtf8 = (bytes: Uint8Array): string => new codecs.TextDecoder('utf-8', { fatal: true }).decode(bytes);
