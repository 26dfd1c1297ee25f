// Entry of the engine process (an Electron utility process, or a Node child_process.fork): hosts
// the EngineHost on the port to its parent and says 'ready' once it listens.

import { loadDatasetPath } from '../../cli/dataset-files';
import { EngineHost } from '../../shared/engine-host/host';
import type { EngineMessage } from '../../shared/protocol/engine';
import { connectEnginePort } from './node-port';

async function main(): Promise<void> {
  const port = await connectEnginePort();
  const host = new EngineHost({
    post: (message, transfer) => port.post(message, transfer),
    loadPath: (path, csv) => loadDatasetPath(path, csv),
  });
  port.onMessage((data) => void host.handle(data));
  // An orphaned engine would hold datasets and train for nobody.
  port.onClose(() => process.exit(0));
  // The supervisor holds requests until this arrives: a fork's IPC drops messages sent before
  // anyone listens.
  const ready: EngineMessage = { type: 'ready' };
  port.post(ready);
}

main().catch((e: unknown) => {
  process.stderr.write(`mlp-studio engine: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
