// Entry of the engine process (an Electron utility process, or a Node child_process.fork): hosts
// the EngineHost on the newest link to the UI and says 'ready' on each link as it arrives.

import type { EngineLink } from '../../shared/engine-host/client';
import { EngineHost } from '../../shared/engine-host/host';
import { datasetLimits, loadDatasetPath } from '../../shared/node/dataset-files';
import { runMemoryLimit } from '../../shared/node/memory-limits';
import type { EngineMessage } from '../../shared/protocol/engine';
import { engineParent } from './node-port';
import { PathGate } from './path-gate';
import { startKernelThreads } from './threads';

function main(): void {
  const parent = engineParent();
  const gate = new PathGate();
  parent.onGrant((path) => gate.grant(path));
  let current: EngineLink | null = null;
  // Files sent in a message get the same limit as files read from disk.
  const limits = datasetLimits();
  const host = new EngineHost({
    post: (message, transfer) => current?.post(message, transfer),
    limits,
    memoryLimit: runMemoryLimit(),
    loadPath: (path, csv) => {
      if (parent.gated && !gate.allows(path)) {
        return Promise.reject(new Error(`${path} was not opened through the studio's dataset dialog or a drop`));
      }
      return loadDatasetPath(path, csv, limits);
    },
  });
  parent.onLink((link) => {
    current = link;
    link.listen((data) => {
      if (current === link) void host.handle(data);
    });
    // The UI holds requests until this arrives: a fork's IPC drops messages sent before anyone listens.
    const ready: EngineMessage = { type: 'ready' };
    link.post(ready);
  });
  // An orphaned engine would hold datasets and train for nobody.
  parent.onClose(() => process.exit(0));
  // Runs started before the helper is up use one thread; their started event says so.
  void startKernelThreads().catch((e: unknown) => process.stderr.write(`mlp-studio engine: kernel threads: ${e instanceof Error ? e.message : String(e)}\n`));
}

try {
  main();
} catch (e) {
  process.stderr.write(`mlp-studio engine: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
