// Checklist 17, validate the sender of all IPC messages, and the contract's payload checks: a
// call from anywhere but the studio window's top frame at an app origin, or with a payload off
// the channel's schema, is rejected with an error and its handler never runs.

import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isTrustedSender, originOf, registerIpcHandlers, type IpcHandlers, type TrustedSender } from '../../main/ipc';
import { IPC_CHANNELS, IPC_CHANNEL_NAMES, type IpcChannel } from '../../shared/protocol/ipc';
import { FakeWebContents, fakeFrame, invokeHandler, ipcMain, type FakeFrame } from './electron-stub';

vi.mock('electron', () => import('./electron-stub'));

const window = new FakeWebContents();
const trust: TrustedSender = { webContents: () => window as never, origins: ['app://studio'] };
const goodEvent = (frame: FakeFrame | null = fakeFrame('app://studio/index.html')) => ({ sender: window, senderFrame: frame });

const project = { path: '/home/u/iris.mlpstudio', name: 'Iris', file: new Uint8Array([8, 0, 0, 0, 0, 0, 0, 0, 123, 125]) };

/** A valid payload and result for every channel. */
const VALID: { [C in IpcChannel]: { payload: unknown; result: unknown } } = {
  'project:new': { payload: undefined, result: undefined },
  'project:open': { payload: undefined, result: null },
  'project:open-path': { payload: { path: '/home/u/iris.mlpstudio' }, result: project },
  'project:save': { payload: { file: new Uint8Array(8) }, result: { path: '/home/u/iris.mlpstudio', name: 'Iris' } },
  'project:save-as': { payload: { file: new Uint8Array(8) }, result: null },
  'project:autosave': { payload: { file: new Uint8Array(8) }, result: undefined },
  'project:recent': { payload: undefined, result: [{ path: 'C:\\Users\\u\\iris.mlpstudio', name: 'Iris' }] },
  'project:set-dirty': { payload: { dirty: true, title: 'Iris' }, result: undefined },
  'dataset:choose': { payload: undefined, result: { path: '/data/fashion-mnist', kind: 'idx-folder', sizeBytes: 54_000_000 } },
  'dataset:check-path': { payload: { path: '/data/iris.csv' }, result: { ok: false, reason: 'empty file' } },
  'shell:open-external': { payload: { url: 'https://github.com/' }, result: true },
  'app:recovery-list': { payload: undefined, result: [{ key: 'a1', name: 'Iris', path: null, savedAt: 5 }] },
  'app:recovery-restore': { payload: { key: 'a1' }, result: project },
  'app:recovery-discard': { payload: { key: 'a1' }, result: undefined },
  'command:invoke': { payload: { id: 'file.save' }, result: undefined },
};

/** Payloads each channel must refuse, beyond the ones every channel refuses. */
const MALFORMED: { [C in IpcChannel]: unknown[] } = {
  'project:new': [{}, 'now'],
  'project:open': [{ path: '/x' }, true],
  'project:open-path': [{}, { path: 'relative/iris.mlpstudio' }, { path: '' }, { path: '/a\0b' }, { path: 42 }, { path: '/x', extra: 1 }],
  'project:save': [
    {},
    { file: 42 },
    { file: new Uint8Array(0) },
    { file: [1, 2, 3] },
    { file: 'AAAA' },
    // The window never names the path main writes to.
    { file: new Uint8Array(8), path: '/home/u/.bashrc' },
    { document: '{}', weights: null },
  ],
  'project:save-as': [{ file: new Uint8Array(8), path: '/x.mlpstudio' }, { file: null }],
  'project:autosave': [{ file: new Uint8Array(0) }, { file: new Uint8Array(8), key: 'other' }, {}],
  'project:recent': [{ limit: 5 }],
  'project:set-dirty': [{ dirty: 'yes', title: 'x' }, { dirty: true }, { dirty: true, title: 'a\u001b[31mb' }, { dirty: true, title: 'x'.repeat(201) }],
  'dataset:choose': [{ path: '/x' }],
  'dataset:check-path': [{ path: './iris.csv' }, { path: ['/a'] }, {}],
  'shell:open-external': [
    { url: 'http://github.com/' },
    { url: 'file:///etc/passwd' },
    { url: 'javascript:alert(1)' },
    { url: 'https://127.0.0.1/' },
    { url: 'not a url' },
    {},
  ],
  'app:recovery-list': [{ all: true }],
  'app:recovery-restore': [{ key: '../../etc/passwd' }, { key: '' }, { key: 'a'.repeat(65) }, {}],
  'app:recovery-discard': [{ key: 'a/b' }, { key: 5 }],
  'command:invoke': [{ id: 'file.format-disk' }, { id: 42 }, {}, { id: 'file.save', then: 'app.quit' }],
};

/** Refused by every channel: no payload type allows these. */
const ALWAYS_MALFORMED: unknown[] = [42, 'a string', [], { unexpected: true }, null];

let handlers: { [C in IpcChannel]: ReturnType<typeof vi.fn> };

beforeAll(() => {
  handlers = Object.fromEntries(IPC_CHANNEL_NAMES.map((c) => [c, vi.fn()])) as typeof handlers;
  registerIpcHandlers(ipcMain as never, handlers as unknown as IpcHandlers, trust);
});

beforeEach(() => {
  for (const c of IPC_CHANNEL_NAMES) handlers[c].mockReset().mockImplementation(() => VALID[c].result);
});

describe('the contract', () => {
  it('registers a handler for every channel of shared/protocol/ipc.ts', () => {
    expect(ipcMain.handle.mock.calls.map(([c]) => c).sort()).toEqual([...IPC_CHANNEL_NAMES].sort());
    expect(Object.keys(VALID).sort()).toEqual([...IPC_CHANNEL_NAMES].sort());
    expect(Object.keys(MALFORMED).sort()).toEqual([...IPC_CHANNEL_NAMES].sort());
  });

  it.each(IPC_CHANNEL_NAMES)('%s runs its handler with a valid payload and returns its result', async (channel) => {
    const { payload, result } = VALID[channel];
    const args = payload === undefined ? [] : [payload];
    await expect(invokeHandler(channel, goodEvent(), ...args)).resolves.toEqual(result);
    expect(handlers[channel]).toHaveBeenCalledTimes(1);
  });

  it('the valid samples match the schemas (so the test data is not what fails)', () => {
    for (const c of IPC_CHANNEL_NAMES) {
      expect(IPC_CHANNELS[c].payload.safeParse(VALID[c].payload).success, c).toBe(true);
      expect(IPC_CHANNELS[c].result.safeParse(VALID[c].result).success, c).toBe(true);
    }
  });
});

describe('every IPC channel rejects malformed payloads without calling the handler', () => {
  it.each(IPC_CHANNEL_NAMES)('%s', async (channel) => {
    for (const payload of [...MALFORMED[channel], ...ALWAYS_MALFORMED]) {
      await expect(invokeHandler(channel, goodEvent(), payload), JSON.stringify(payload)).rejects.toThrow(
        `Invalid payload for '${channel}'`,
      );
    }
    // A second argument is never part of the contract.
    const { payload } = VALID[channel];
    await expect(invokeHandler(channel, goodEvent(), payload, { sneaky: true })).rejects.toThrow('expected one argument');
    expect(handlers[channel]).not.toHaveBeenCalled();
  });

  it('a handler result outside the contract is not passed on', async () => {
    handlers['project:open-path'].mockImplementation(() => ({ ...project, secret: process.env }));
    await expect(invokeHandler('project:open-path', goodEvent(), { path: '/x.mlpstudio' })).rejects.toThrow('invalid result');
  });
});

describe('checklist 17: validate the sender of all IPC messages', () => {
  const refusals: Array<[string, () => unknown]> = [
    ['a foreign origin in our window', () => goodEvent(fakeFrame('https://evil.example/index.html'))],
    ['a file:// page in our window', () => goodEvent(fakeFrame('file:///tmp/index.html'))],
    ['an app:// page on another host', () => goodEvent(fakeFrame('app://other/index.html'))],
    ['an iframe inside our page, even at our origin', () => goodEvent(fakeFrame('app://studio/frame.html', fakeFrame('app://studio/index.html')))],
    ['a frame that navigated away or was destroyed', () => goodEvent(null)],
    ['another webContents showing our page', () => ({ sender: new FakeWebContents(), senderFrame: fakeFrame('app://studio/index.html') })],
  ];

  it.each(refusals)('rejects %s, running nothing', async (_name, event) => {
    for (const channel of IPC_CHANNEL_NAMES) {
      const { payload } = VALID[channel];
      const args = payload === undefined ? [] : [payload];
      await expect(invokeHandler(channel, event(), ...args)).rejects.toThrow('not the studio window');
      expect(handlers[channel]).not.toHaveBeenCalled();
    }
  });

  it('rejects everything while there is no window', () => {
    const none: TrustedSender = { webContents: () => null, origins: ['app://studio'] };
    expect(isTrustedSender(goodEvent() as never, none)).toBe(false);
  });

  it('accepts the dev server only when it is listed', () => {
    const dev = goodEvent(fakeFrame('http://localhost:5173/'));
    expect(isTrustedSender(dev as never, trust)).toBe(false);
    expect(isTrustedSender(dev as never, { ...trust, origins: ['app://studio', 'http://localhost:5173'] })).toBe(true);
    expect(isTrustedSender(goodEvent(fakeFrame('http://localhost:5174/')) as never, { ...trust, origins: ['http://localhost:5173'] })).toBe(false);
  });

  it('reads custom-scheme origins, which Node’s URL.origin calls "null"', () => {
    expect(originOf('app://studio/a/b.html?x#y')).toBe('app://studio');
    expect(originOf('http://localhost:5173/src/main.ts')).toBe('http://localhost:5173');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});
