// The two ways the window reaches an engine, as EngineLinks: a MessagePort main handed over
// (desktop), or a Web Worker the page starts itself (browser edition).

import type { EngineLink } from '../../../shared/engine-host/client';

export function portLink(port: MessagePort): EngineLink {
  return {
    // The transfer list is left out: a buffer moved through this port into the engine's utility
    // process arrives without the message's data (electron/electron#34905), so typed arrays are
    // copied by structured clone here; a worker takes them over.
    post: (message) => port.postMessage(message),
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
