// The browser edition's autosaves, in IndexedDB (projects with weights outgrow localStorage):
// one record per tab session, so a crashed tab's work is offered to the next one.

import type { OpenedFile, RecoveryEntry } from './platform';

const DB_NAME = 'mlp-studio';
const STORE = 'recovery';

interface Record {
  key: string;
  name: string;
  savedAt: number;
  file: Uint8Array;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(new Error(`Autosave storage is unavailable: ${request.error?.message ?? 'unknown error'}`));
  });
}

async function transact<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(new Error(`Autosave storage failed: ${request.error?.message ?? 'unknown error'}`));
    });
  } finally {
    db.close();
  }
}

export class IdbRecovery {
  constructor(private readonly sessionKey: string) {}

  async save(file: Uint8Array, name: string): Promise<void> {
    const record: Record = { key: this.sessionKey, name, savedAt: Date.now(), file };
    await transact('readwrite', (s) => s.put(record));
  }

  async list(): Promise<RecoveryEntry[]> {
    const all = await transact<Record[]>('readonly', (s) => s.getAll() as IDBRequest<Record[]>);
    return all
      .filter((r) => r.key !== this.sessionKey)
      .sort((a, b) => b.savedAt - a.savedAt)
      .map(({ key, name, savedAt }) => ({ key, name, savedAt }));
  }

  async load(key: string): Promise<OpenedFile> {
    const record = await transact<Record | undefined>('readonly', (s) => s.get(key) as IDBRequest<Record | undefined>);
    if (!record) throw new Error('That autosave is gone');
    return { name: record.name, path: null, file: record.file };
  }

  async discard(key: string): Promise<void> {
    await transact('readwrite', (s) => s.delete(key));
  }
}
