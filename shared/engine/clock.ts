// Wall-clock time and yielding to the host's event loop, without naming Node or DOM APIs.

interface MessagePortLike {
  onmessage: (() => void) | null;
  postMessage(message: null): void;
}

interface HostGlobals {
  performance?: { now(): number };
  setTimeout?: (callback: () => void, ms: number) => unknown;
  setImmediate?: (callback: () => void) => unknown;
  MessageChannel?: new () => { port1: MessagePortLike; port2: MessagePortLike };
}
const host = globalThis as unknown as HostGlobals;

/** Milliseconds, monotonic where the host has performance.now(). */
export function now(): number {
  return host.performance ? host.performance.now() : Date.now();
}

/**
 * Schedules a task after the queued ones. setTimeout(0) is clamped to 1 ms (Node) or 4 ms
 * (browsers, once nested), which cost a training run 5-20% of its time at 50 yields a second;
 * setImmediate (Node) and a message to oneself (workers) run as soon as the queue is through.
 */
const schedule: (callback: () => void) => void = (() => {
  if (host.setImmediate) return (callback: () => void) => void host.setImmediate!(callback);
  if (host.MessageChannel) {
    const channel = new host.MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return (callback: () => void) => {
      waiting.push(callback);
      channel.port2.postMessage(null);
    };
  }
  if (host.setTimeout) return (callback: () => void) => void host.setTimeout!(callback, 0);
  return (callback: () => void) => callback();
})();

/** Lets queued messages (pause, stop) be handled between training batches. */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => schedule(resolve));
}
