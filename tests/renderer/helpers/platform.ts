// The window's stores without a window: the real engine host in this process behind the same
// kind of link the window gets from a worker (buffers in a transfer list move, as they would), and
// a scripted platform whose files are arrays. `engine` records what the window asked of the host.

import type { EngineLink } from '../../../shared/engine-host/client';
import { EngineHost } from '../../../shared/engine-host/host';
import type { OpenedFile, Platform } from '../../../renderer/src/platform/platform';

export interface InProcessEngine {
  host: EngineHost;
  /** Every request the window posted, as the host received it. */
  sent: Record<string, unknown>[];
}

function inProcessEngine(engine: { current: InProcessEngine | null }): EngineLink {
  let listener: ((data: unknown) => void) | null = null;
  const host = new EngineHost({ post: (m, transfer) => setTimeout(() => listener?.(structuredClone(m, { transfer })), 0), timing: { sliceMs: 5 } });
  const sent: Record<string, unknown>[] = [];
  engine.current = { host, sent };
  return {
    post: (m, transfer) => {
      const copy = structuredClone(m, { transfer }) as Record<string, unknown>;
      sent.push(copy);
      void host.handle(copy);
    },
    listen: (l) => {
      listener = l;
      setTimeout(() => l({ type: 'ready' }), 0);
      return () => {
        listener = null;
      };
    },
  };
}

export function scriptedPlatform() {
  const saved: { file: Uint8Array; name: string; saveAs: boolean }[] = [];
  const toOpen: OpenedFile[] = [];
  const engine: { current: InProcessEngine | null } = { current: null };
  const platform: Platform = {
    kind: 'browser',
    connectEngine: (client) => client.connect(inProcessEngine(engine)),
    openProject: async () => toOpen.shift() ?? null,
    openProjectPath: async () => {
      throw new Error('not here');
    },
    saveProject: async (file, name, saveAs) => {
      saved.push({ file, name, saveAs });
      return { name, path: null };
    },
    newProject: async () => {},
    autosave: async () => {},
    setDirty: async () => {},
    listRecovery: async () => [],
    restoreRecovery: async () => {
      throw new Error('none');
    },
    discardRecovery: async () => {},
    chooseDataset: async () => null,
    datasetFromFiles: async () => {
      throw new Error('none');
    },
    datasetFromPath: async () => {
      throw new Error('none');
    },
    projectPathOf: () => null,
    onCommand: () => () => {},
    onOpenRequest: () => () => {},
    download: () => {},
  };
  return {
    platform,
    saved,
    toOpen,
    /** The engine the platform connected (after the session's init). */
    get engine(): InProcessEngine {
      if (!engine.current) throw new Error('no engine connected yet');
      return engine.current;
    },
  };
}

export async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const start = Date.now();
  while (!ok()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
