// The engine as an Electron utility process, and the one way it meets the window: a fresh
// MessageChannelMain whose ends go to the engine and to the page, so training events stream
// from the engine to the renderer without passing through main.

import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { ENGINE_CONTROL, type EngineControl } from '../../shared/protocol/engine-control';
import { MAIN_EVENTS, type EngineStatus } from '../../shared/protocol/ipc';
import type { EngineChild } from './supervisor';

export type UtilityEngine = EngineChild & { readonly process: UtilityProcess };

export function spawnUtilityEngine(entry: string): UtilityEngine {
  const child = utilityProcess.fork(entry, [], { serviceName: 'MLP Studio engine', stdio: 'inherit' });
  return {
    process: child,
    onExit: (listener) => {
      let told = false;
      const tell = (reason: string) => {
        if (!told) listener(reason);
        told = true;
      };
      // A V8 fatal error or an OOM comes first as 'error' with its kind; 'exit' follows.
      let fatal: string | null = null;
      child.on('error', (type: string) => {
        fatal = type;
      });
      child.once('exit', (code: number) => tell(fatal ? `${fatal} (exit code ${code})` : `exited with code ${code}`));
    },
    kill: () => {
      child.kill();
    },
  };
}

function control(engine: UtilityEngine, message: EngineControl, transfer?: Electron.MessagePortMain[]): void {
  engine.process.postMessage(message, transfer);
}

/** Gives the engine and the page a new channel (at each engine start and each page load). */
export function connectEngineToWindow(engine: UtilityEngine, contents: WebContents): void {
  const { port1, port2 } = new MessageChannelMain();
  control(engine, { type: ENGINE_CONTROL.connect }, [port1]);
  contents.postMessage(MAIN_EVENTS.enginePort, null, [port2]);
}

/** Lets the engine read a dataset path main has checked. */
export function grantDatasetPath(engine: UtilityEngine, path: string): void {
  control(engine, { type: ENGINE_CONTROL.grantPath, path });
}

/** Tells the page the engine crashed (its client fails the runs) or is gone for good. */
export function reportEngineStatus(contents: WebContents, status: EngineStatus): void {
  contents.send(MAIN_EVENTS.engineStatus, status);
}
