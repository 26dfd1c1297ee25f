// The engine process's links, whichever way it was started. An Electron utility process gets
// main's control messages on process.parentPort: 'connect' hands it a MessagePortMain to the
// window (again after each reload; the newest wins), 'grant-path' names a dataset path main has
// checked. A child_process.fork (tests, any Node host) has one link, its IPC channel, and no gate.

import type { EngineLink } from '../../shared/engine-host/client';
import { ENGINE_CONTROL, engineControlSchema } from '../../shared/protocol/engine-control';

export interface EngineParent {
  /** Calls back with each new link to the UI; in a fork, once, with the IPC channel. */
  onLink(listener: (link: EngineLink) => void): void;
  /** Calls back with each path main granted; never in a fork, whose paths are not gated. */
  onGrant(listener: (path: string) => void): void;
  /** Whether paths are gated (utility process) or open (fork). */
  readonly gated: boolean;
  /** The parent went away: nobody will read the engine's messages any more. */
  onClose(listener: () => void): void;
}

// Structural types for the few Electron APIs used, so this file compiles and runs without Electron.
interface MessagePortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}
interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
}

/** Electron's MessagePortMain copies typed arrays (its transfer list takes ports only). */
function portLink(port: MessagePortMainLike): EngineLink {
  return {
    post: (message) => port.postMessage(message),
    listen: (listener) => {
      const onMessage = (e: { data: unknown }) => listener(e.data);
      port.on('message', onMessage);
      // Messages wait in the port until it is started, so nothing sent early is lost.
      port.start();
      return () => port.off('message', onMessage);
    },
  };
}

function utilityParent(parentPort: ParentPortLike): EngineParent {
  const linkListeners: ((link: EngineLink) => void)[] = [];
  const grantListeners: ((path: string) => void)[] = [];
  let current: MessagePortMainLike | null = null;
  parentPort.on('message', (event) => {
    const parsed = engineControlSchema.safeParse(event.data);
    if (!parsed.success) {
      process.stderr.write(`mlp-studio engine: ignored an invalid control message from main\n`);
      return;
    }
    const control = parsed.data;
    if (control.type === ENGINE_CONTROL.grantPath) {
      for (const listener of grantListeners) listener(control.path);
    } else {
      const port = event.ports[0];
      if (!port) return;
      // The window reloaded: its old page is gone, and so is its port.
      current?.close();
      current = port;
      for (const listener of linkListeners) listener(portLink(port));
    }
  });
  return {
    gated: true,
    onLink: (listener) => linkListeners.push(listener),
    onGrant: (listener) => grantListeners.push(listener),
    // Electron ends a utility process with its parent.
    onClose: () => {},
  };
}

/** fork()'s IPC channel; with serialization 'advanced' typed arrays arrive as typed arrays. */
function forkParent(proc: NodeJS.Process): EngineParent {
  const send = proc.send!.bind(proc);
  const link: EngineLink = {
    post: (message) => {
      // Without a callback a send on a closed channel would throw an uncaught error; the
      // 'disconnect' handler is what ends the process then.
      if (proc.connected) send(message, undefined, {}, () => {});
    },
    listen: (listener) => {
      proc.on('message', listener);
      return () => proc.off('message', listener);
    },
  };
  return {
    gated: false,
    onLink: (listener) => listener(link),
    onGrant: () => {},
    onClose: (listener) => proc.once('disconnect', listener),
  };
}

export function engineParent(proc: NodeJS.Process = process): EngineParent {
  const parentPort = (proc as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) return utilityParent(parentPort);
  if (proc.send) return forkParent(proc);
  throw new Error('The engine process has no parent to talk to: start it with utilityProcess.fork (Electron) or child_process.fork (Node)');
}
