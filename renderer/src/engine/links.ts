// The two ways the window reaches an engine, as EngineLinks: a MessagePort main handed over
// (desktop), or a Web Worker the page starts itself (browser edition).

import type { EngineLink } from '../../../shared/engine-host/client';

export function portLink(port: MessagePort): EngineLink {
  return {
    // Typed arrays are copied by structured clone; moving their buffers would detach the caller's.
    post: (message, transfer) => port.postMessage(message, (transfer ?? []) as Transferable[]),
    listen: (listener) => {
      const onMessage = (event: MessageEvent) => listener(event.data);
      port.addEventListener('message', onMessage);
      port.start();
      return () => port.removeEventListener('message', onMessage);
    },
  };
}

export function workerLink(worker: Worker): EngineLink {
  return {
    post: (message, transfer) => worker.postMessage(message, (transfer ?? []) as Transferable[]),
    listen: (listener) => {
      const onMessage = (event: MessageEvent) => listener(event.data);
      worker.addEventListener('message', onMessage);
      return () => worker.removeEventListener('message', onMessage);
    },
  };
}
