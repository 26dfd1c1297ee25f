// Wall-clock time and yielding to the host's event loop, without naming Node or DOM APIs.

interface HostGlobals {
  performance?: { now(): number };
  setTimeout?: (callback: () => void, ms: number) => unknown;
}
const host = globalThis as unknown as HostGlobals;

/** Milliseconds, monotonic where the host has performance.now(). */
export function now(): number {
  return host.performance ? host.performance.now() : Date.now();
}

/** Lets queued messages (pause, stop) be handled between training batches. */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => {
    if (host.setTimeout) host.setTimeout(resolve, 0);
    else resolve();
  });
}
