// The engine in a real child process (the Node entry under tsx) behind the supervisor, with the
// window's EngineClient wired as main wires it: training end to end, a SIGKILL mid-run reported
// as the run's failure and followed by a working restart; with a fake child, the crash-loop limit.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/engine/events';
import type { EngineMessage, MessageOf } from '../../shared/protocol/engine';
import { EngineClient } from '../../shared/engine-host/client';
import { EngineSupervisor, type EngineChild, type SupervisorOptions } from '../../main/engine/supervisor';
import { nodeEngineChild } from '../helpers/node-engine-child';
import { builtinProject } from '../helpers/run';

const ENTRY = fileURLToPath(new URL('../../main/engine/engine-process.ts', import.meta.url));

const spawnNodeEngine = () => nodeEngineChild(fork(ENTRY, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' }));

const xorProject = (epochs: number) =>
  builtinProject('xor', { n: 200, seed: 2 }, {
    optimizer: { type: 'adam', lr: 0.01 },
    training: { epochs, batchSize: 16, shuffle: true, earlyStopping: null },
    seed: 7,
  }).project;

/** Main's wiring: each new engine is connected to the window's client, each crash reported to it. */
function wire<C extends EngineChild>(supervisor: EngineSupervisor<C>, linkOf?: (child: C) => Parameters<EngineClient['connect']>[0]) {
  const client = new EngineClient();
  if (linkOf) supervisor.onStart((child) => client.connect(linkOf(child)));
  supervisor.onCrash((reason, restarting) => client.disconnect(reason, restarting));
  return client;
}

function watch<C extends EngineChild>(supervisor: EngineSupervisor<C>, client: EngineClient) {
  const messages: EngineMessage[] = [];
  const crashes: { reason: string; restarting: boolean }[] = [];
  client.onMessage((m) => messages.push(m));
  supervisor.onCrash((reason, restarting) => crashes.push({ reason, restarting }));
  const events = (runId: string): TrainingEvent[] =>
    messages.filter((m): m is MessageOf<'run-event'> => m.type === 'run-event' && m.runId === runId).map((m) => m.event);
  async function until<T>(what: string, find: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
    const start = Date.now();
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  const reply = (id: number) => until(`the reply to request ${id}`, () => messages.find((m) => 'id' in m && m.id === id));
  const end = (runId: string) => until(`run ${runId} to end`, () => events(runId).find((e) => e.type === 'done' || e.type === 'failed'));
  return { messages, crashes, events, until, reply, end };
}

const supervisors: { stop(): void }[] = [];
afterEach(() => {
  for (const s of supervisors.splice(0)) s.stop();
});

function supervise<C extends EngineChild>(spawn: () => C, options?: SupervisorOptions): EngineSupervisor<C> {
  const supervisor = new EngineSupervisor(spawn, options);
  supervisors.push(supervisor);
  return supervisor;
}

async function openXor(w: ReturnType<typeof watch>, client: EngineClient, id: number): Promise<string> {
  client.send({ type: 'open-dataset', id, source: { source: 'builtin', name: 'xor', params: { n: 200, seed: 2 } } });
  const reply = await w.reply(id);
  expect(reply.type).toBe('dataset');
  return (reply as MessageOf<'dataset'>).datasetId;
}

describe('EngineSupervisor with the engine in a child process', () => {
  it('trains end to end, survives a SIGKILL mid-run by failing that run and restarting, then trains again', async () => {
    const engine = supervise(spawnNodeEngine, { backoffMs: 50 });
    const client = wire(engine, (child) => child.link);
    const w = watch(engine, client);
    engine.start();

    // Sent before the engine is up: held until it says ready.
    const datasetId = await openXor(w, client, 1);
    client.send({ type: 'train', id: 2, runId: 'first', project: xorProject(3), datasetId });
    await w.end('first');
    const first = w.events('first');
    expect(first[0].type).toBe('started');
    expect(first.filter((e) => e.type === 'epoch')).toHaveLength(3);
    expect(first.at(-1)).toMatchObject({ type: 'done', reason: 'completed' });

    // Typed arrays cross the process boundary as typed arrays.
    client.send({ type: 'export-weights', id: 3, runId: 'first' });
    const weights = (await w.reply(3)) as MessageOf<'weights'>;
    expect(weights.tensors[0].data).toBeInstanceOf(Float32Array);
    expect(weights.tensors[0].shape).toEqual([2, 32]);

    client.send({ type: 'train', id: 4, runId: 'doomed', project: xorProject(100_000), datasetId });
    await w.until('an epoch of the doomed run', () => w.events('doomed').some((e) => e.type === 'epoch'));
    const killed = engine.child!.process;
    killed.kill('SIGKILL');

    const failed = await w.end('doomed');
    expect(failed.type).toBe('failed');
    expect((failed as { message: string }).message).toMatch(/engine stopped unexpectedly \(killed by signal SIGKILL\)/);
    expect((failed as { epoch: number }).epoch).toBeGreaterThanOrEqual(0);
    expect(w.crashes).toEqual([{ reason: 'killed by signal SIGKILL', restarting: true }]);
    expect(w.messages).toContainEqual({ type: 'engine-crashed', reason: 'killed by signal SIGKILL', restarting: true });

    // A new engine: the old datasets are gone, a new one trains to the end.
    await w.until('the restarted engine', () => w.messages.filter((m) => m.type === 'ready').length === 2);
    expect(engine.child!.process.pid).not.toBe(killed.pid);
    client.send({ type: 'train', id: 5, runId: 'orphan', project: xorProject(1), datasetId });
    expect(await w.reply(5)).toMatchObject({ type: 'error', message: expect.stringMatching(/Unknown datasetId/) });
    const again = await openXor(w, client, 6);
    client.send({ type: 'train', id: 7, runId: 'second', project: xorProject(2), datasetId: again });
    expect(await w.end('second')).toMatchObject({ type: 'done', reason: 'completed' });
    expect(w.crashes).toHaveLength(1);
  });
});

/** A scripted engine process: dies on demand. */
class FakeChild implements EngineChild {
  killed = false;
  private exitListener: (reason: string) => void = () => {};
  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
  }
  die(reason: string): void {
    this.exitListener(reason);
  }
}

describe('EngineSupervisor restarts', () => {
  it('stops restarting an engine that keeps crashing, and starts afresh on request', async () => {
    let spawned = 0;
    const spawn = () => {
      spawned++;
      const child = new FakeChild();
      setTimeout(() => child.die('exited with code 1'), 1);
      return child;
    };
    const supervisor = supervise(spawn, { maxRestarts: 5, windowMs: 60_000, backoffMs: 5 });
    const client = wire(supervisor);
    const w = watch(supervisor, client);
    supervisor.start();
    await w.until('giving up', () => w.crashes.some((c) => !c.restarting));
    await new Promise((r) => setTimeout(r, 100));
    expect(spawned).toBe(6);
    expect(w.crashes.map((c) => c.restarting)).toEqual([true, true, true, true, true, false]);
    const last = w.crashes.at(-1)!.reason;
    expect(last).toMatch(/^engine keeps crashing: 6 crashes within 60 s, the last because exited with code 1$/);
    expect(w.messages.at(-1)).toEqual({ type: 'engine-crashed', reason: last, restarting: false });
    client.send({ type: 'forget', id: 1, datasetId: 'd' });
    expect(await w.reply(1)).toMatchObject({ type: 'error', message: `The engine is not running: ${last}` });

    // A spawn that throws counts as a crash too, under the same limit.
    let throwing = 0;
    const broken = supervise(() => {
      throwing++;
      throw new Error('no such file');
    }, { backoffMs: 5 });
    const b = watch(broken, wire(broken));
    broken.start();
    await b.until('giving up on a broken spawn', () => b.crashes.some((c) => !c.restarting), 10_000);
    expect(throwing).toBe(6);
    expect(b.crashes[0].reason).toBe('it could not start: no such file');

    // start() after giving up tries again with a clean history.
    supervisor.start();
    await w.until('six more tries', () => spawned === 12);
  });
});
