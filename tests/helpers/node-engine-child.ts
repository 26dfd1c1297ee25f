// The engine forked with child_process (tests only: the app's engine is an Electron utility
// process), as the supervisor sees an engine process, with its IPC channel as the link.

import type { ChildProcess, Serializable } from 'node:child_process';
import type { EngineLink } from '../../shared/engine-host/client';
import type { EngineChild } from '../../main/engine/supervisor';

/** Wraps a child_process.fork of the engine entry (forked with serialization: 'advanced'). */
export function nodeEngineChild(child: ChildProcess): EngineChild & { readonly process: ChildProcess; readonly link: EngineLink } {
  return {
    process: child,
    link: {
      post: (message) => {
        // A send racing the child's death fails in the callback; the 'exit' that follows reports it.
        if (child.connected) child.send(message as Serializable, () => {});
      },
      listen: (listener) => {
        child.on('message', listener);
        return () => child.off('message', listener);
      },
    },
    onExit: (listener) => {
      let told = false;
      const tell = (reason: string) => {
        if (!told) listener(reason);
        told = true;
      };
      child.once('exit', (code, signal) => tell(signal ? `killed by signal ${signal}` : `exited with code ${code}`));
      // 'error' without a pid: the process never started, and no 'exit' may follow. Listening
      // with on() also keeps any later 'error' from being thrown in the test runner.
      child.on('error', (e) => {
        if (child.pid === undefined) tell(`could not start: ${e.message}`);
      });
    },
    kill: () => {
      child.kill();
    },
  };
}
