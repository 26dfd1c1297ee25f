// The engine process's one link to its parent, whichever way it was started: an Electron utility
// process gets a MessagePortMain through process.parentPort; a child_process.fork (tests, and any
// Node host) uses the IPC channel. Both become the same small EnginePort.

export interface EnginePort {
  /** Sends a message; `transfer` is a hint only, as neither channel here can move ArrayBuffers. */
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (data: unknown) => void): void;
  /** The parent went away: nobody will read the engine's messages any more. */
  onClose(listener: () => void): void;
}

// Structural types for the few Electron APIs used, so this file compiles and runs without Electron.
interface MessagePortMainLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
}
interface ParentPortLike {
  once(event: 'message', listener: (event: { data: unknown; ports: MessagePortMainLike[] }) => void): unknown;
}

/** Electron's MessagePortMain copies typed arrays (its transfer list takes ports only). */
function electronPort(parentPort: ParentPortLike): Promise<EnginePort> {
  return new Promise((resolve, reject) => {
    parentPort.once('message', (event) => {
      const port = event.ports[0];
      if (!port) {
        reject(new Error('The engine expected a MessagePort in the first message from main, and got none'));
        return;
      }
      resolve({
        post: (message) => port.postMessage(message),
        onMessage: (listener) => {
          port.on('message', (e) => listener(e.data));
          // Messages wait in the port until it is started, so nothing sent early is lost.
          port.start();
        },
        onClose: (listener) => port.on('close', listener),
      });
    });
  });
}

/** fork()'s IPC channel; with serialization 'advanced' typed arrays arrive as typed arrays. */
function forkPort(proc: NodeJS.Process): EnginePort {
  const send = proc.send!.bind(proc);
  return {
    post: (message) => {
      // Without a callback a send on a closed channel would throw an uncaught error; the
      // 'disconnect' handler is what ends the process then.
      if (proc.connected) send(message, undefined, {}, () => {});
    },
    onMessage: (listener) => proc.on('message', listener),
    onClose: (listener) => proc.once('disconnect', listener),
  };
}

export function connectEnginePort(proc: NodeJS.Process = process): Promise<EnginePort> {
  const parentPort = (proc as unknown as { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) return electronPort(parentPort);
  if (proc.send) return Promise.resolve(forkPort(proc));
  return Promise.reject(
    new Error('The engine process has no parent to talk to: start it with utilityProcess.fork (Electron) or child_process.fork (Node)'),
  );
}
