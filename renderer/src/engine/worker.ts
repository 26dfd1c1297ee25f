// The browser edition's engine: the same EngineHost as the desktop's utility process, in a Web
// Worker, speaking the same protocol over the worker's message channel.

import '../csp-safe-zod';
import { EngineHost } from '../../../shared/engine-host/host';
import type { EngineMessage } from '../../../shared/protocol/engine';

// The worker's global scope; the renderer's tsconfig has DOM types, not WebWorker ones.
const scope = self as unknown as {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
};

const host = new EngineHost({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
});
scope.addEventListener('message', (event) => void host.handle(event.data));
const ready: EngineMessage = { type: 'ready' };
scope.postMessage(ready);
