// The engine process's side of main's control channel (with a fake Electron parentPort) and the
// gate on dataset paths: only what main granted may be read, and nothing outside it.

import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { engineParent } from '../../main/engine/node-port';
import { PathGate } from '../../main/engine/path-gate';

class FakePort extends EventEmitter {
  posted: unknown[] = [];
  started = false;
  closed = false;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
}

function utilityProcess() {
  const parentPort = new EventEmitter();
  const proc = { parentPort } as unknown as NodeJS.Process;
  const fromMain = (data: unknown, ports: FakePort[] = []) => parentPort.emit('message', { data, ports });
  return { proc, fromMain };
}

describe('engineParent in a utility process', () => {
  it('takes a link from each connect, closing the one it replaces, and grants paths', () => {
    const { proc, fromMain } = utilityProcess();
    const parent = engineParent(proc);
    expect(parent.gated).toBe(true);
    const received: unknown[] = [];
    const links: { post(m: unknown): void }[] = [];
    parent.onLink((link) => {
      links.push(link);
      link.listen((data) => received.push(data));
    });
    const grants: string[] = [];
    parent.onGrant((path) => grants.push(path));

    const first = new FakePort();
    fromMain({ type: 'connect' }, [first]);
    expect(first.started).toBe(true);
    first.emit('message', { data: { type: 'forget', id: 1, datasetId: 'd' } });
    links[0].post({ type: 'ready' });
    expect(first.posted).toEqual([{ type: 'ready' }]);

    const second = new FakePort();
    fromMain({ type: 'connect' }, [second]);
    expect(first.closed).toBe(true);
    expect(links).toHaveLength(2);

    fromMain({ type: 'grant-path', path: '/data/fashion' });
    // Not main's shapes: ignored, nothing granted or connected.
    fromMain({ type: 'grant-path', path: '' });
    fromMain({ type: 'connect', extra: 1 }, [new FakePort()]);
    fromMain('grant /etc');
    expect(grants).toEqual(['/data/fashion']);
    expect(links).toHaveLength(2);
    expect(received).toEqual([{ type: 'forget', id: 1, datasetId: 'd' }]);
  });

  it('refuses to start without a parent', () => {
    expect(() => engineParent({} as NodeJS.Process)).toThrow(/no parent to talk to/);
  });
});

describe('PathGate', () => {
  it('allows granted files and what is inside granted folders, and nothing else', () => {
    const gate = new PathGate();
    expect(gate.allows('/data/iris.csv')).toBe(false);
    gate.grant('/data/iris.csv');
    gate.grant('/data/fashion/');
    expect(gate.allows('/data/iris.csv')).toBe(true);
    expect(gate.allows('/data/fashion')).toBe(true);
    expect(gate.allows('/data/fashion/train-images-idx3-ubyte.gz')).toBe(true);
    expect(gate.allows('/data/fashion/../iris2.csv')).toBe(false);
    expect(gate.allows('/data/fashion-extra/x.csv')).toBe(false);
    expect(gate.allows('/data/iris.csv/../../etc/passwd')).toBe(false);
    expect(gate.allows('/data')).toBe(false);
    expect(gate.allows('data/iris.csv')).toBe(false);
  });
});
