// The engine in a real child process (the Node entry under tsx) behind the supervisor: training
// end to end, a SIGKILL mid-run reported as the run's failure and followed by a working restart,
// and, with a fake child, the bookkeeping of requests in flight and the crash-loop limit.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../shared/engine/events';
import type { EngineMessage, MessageOf } from '../../shared/protocol/engine';
import { EngineSupervisor, nodeEngineChild, type EngineChild, type SupervisorOptions } from '../../main/engine/supervisor';
import { builtinProject } from '../helpers/run';

const ENTRY = fileURLToPath(new URL('../../main/engine/engine-process.ts', import.meta.url));

const spawnNodeEngine = () => nodeEngineChild(fork(ENTRY, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced' }));

const xorProject = (epochs: number) =>
  builtinProject('xor', { n: 200, seed: 2 }, {
    optimizer: { type: 'adam', lr: 0.01 },
    training: { epochs, batchSize: 16, shuffle: true, earlyStopping: null },
    seed: 7,
  }).project;

function watch<C extends EngineChild>(supervisor: EngineSupervisor<C>) {
  const messages: EngineMessage[] = [];
  const crashes: { reason: string; restarting: boolean }[] = [];
  supervisor.onMessage((m) => messages.push(m));
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

const supervisors: EngineSupervisor[] = [];
afterEach(() => {
  for (const s of supervisors.splice(0)) s.stop();
});

function supervise<C extends EngineChild>(spawn: () => C, options?: SupervisorOptions): EngineSupervisor<C> {
  const supervisor = new EngineSupervisor(spawn, options);
  supervisors.push(supervisor);
  return supervisor;
}

async function openXor(w: ReturnType<typeof watch>, supervisor: EngineSupervisor, id: number): Promise<string> {
  supervisor.send({ type: 'open-dataset', id, source: { source: 'builtin', name: 'xor', params: { n: 200, seed: 2 } } });
  const reply = await w.reply(id);
  expect(reply.type).toBe('dataset');
  return (reply as MessageOf<'dataset'>).datasetId;
}

describe('EngineSupervisor with the engine in a child process', () => {
  it('trains end to end, survives a SIGKILL mid-run by failing that run and restarting, then trains again', async () => {
    const supervisor = supervise(spawnNodeEngine, { backoffMs: 50 });
    const w = watch(supervisor);
    supervisor.start();

    // Sent before the engine is up: held until it says ready.
    const datasetId = await openXor(w, supervisor, 1);
    supervisor.send({ type: 'train', id: 2, runId: 'first', project: xorProject(3), datasetId });
    await w.end('first');
    const first = w.events('first');
    expect(first[0].type).toBe('started');
    expect(first.filter((e) => e.type === 'epoch')).toHaveLength(3);
    expect(first.at(-1)).toMatchObject({ type: 'done', reason: 'completed' });

    // Typed arrays cross the process boundary as typed arrays.
    supervisor.send({ type: 'export-weights', id: 3, runId: 'first' });
    const weights = (await w.reply(3)) as MessageOf<'weights'>;
    expect(weights.tensors[0].data).toBeInstanceOf(Float32Array);
    expect(weights.tensors[0].shape).toEqual([2, 32]);

    supervisor.send({ type: 'train', id: 4, runId: 'doomed', project: xorProject(100_000), datasetId });
    await w.until('an epoch of the doomed run', () => w.events('doomed').some((e) => e.type === 'epoch'));
    const killed = supervisor.child!.process;
    killed.kill('SIGKILL');

    const failed = await w.end('doomed');
    expect(failed.type).toBe('failed');
    expect((failed as { message: string }).message).toMatch(/engine stopped unexpectedly \(killed by signal SIGKILL\)/);
    expect((failed as { epoch: number }).epoch).toBeGreaterThanOrEqual(0);
    expect(w.crashes).toEqual([{ reason: 'killed by signal SIGKILL', restarting: true }]);
    expect(w.messages).toContainEqual({ type: 'engine-crashed', reason: 'killed by signal SIGKILL', restarting: true });

    // A new engine: the old datasets are gone, a new one trains to the end.
    await w.until('the restarted engine', () => w.messages.filter((m) => m.type === 'ready').length === 2);
    expect(supervisor.child!.process.pid).not.toBe(killed.pid);
    supervisor.send({ type: 'train', id: 5, runId: 'orphan', project: xorProject(1), datasetId });
    expect(await w.reply(5)).toMatchObject({ type: 'error', message: expect.stringMatching(/Unknown datasetId/) });
    const again = await openXor(w, supervisor, 6);
    supervisor.send({ type: 'train', id: 7, runId: 'second', project: xorProject(2), datasetId: again });
    expect(await w.end('second')).toMatchObject({ type: 'done', reason: 'completed' });
    expect(w.crashes).toHaveLength(1);
  });
});

/** A scripted engine: records what it is sent, replies on demand, dies on demand. */
class FakeChild implements EngineChild {
  sent: unknown[] = [];
  killed = false;
  private messageListener: (data: unknown) => void = () => {};
  private exitListener: (reason: string) => void = () => {};
  send(message: unknown): void {
    this.sent.push(message);
  }
  onMessage(listener: (data: unknown) => void): void {
    this.messageListener = listener;
  }
  onExit(listener: (reason: string) => void): void {
    this.exitListener = listener;
  }
  kill(): void {
    this.killed = true;
  }
  reply(message: unknown): void {
    this.messageListener(message);
  }
  die(reason: string): void {
    this.exitListener(reason);
  }
}

describe('EngineSupervisor bookkeeping', () => {
  it('holds requests until ready, and on a crash fails runs in progress and answers pending requests', async () => {
    const children: FakeChild[] = [];
    const supervisor = supervise(() => {
      children.push(new FakeChild());
      return children.at(-1)!;
    });
    const w = watch(supervisor);
    supervisor.start();
    const project = xorProject(1);
    supervisor.send({ type: 'open-dataset', id: 1, source: { source: 'builtin', name: 'xor' } });
    expect(children[0].sent).toEqual([]);
    children[0].reply({ type: 'ready' });
    expect(children[0].sent).toHaveLength(1);

    supervisor.send({ type: 'train', id: 2, runId: 'ended', project, datasetId: 'd' });
    supervisor.send({ type: 'train', id: 3, runId: 'running', project, datasetId: 'd' });
    supervisor.send({ type: 'train', id: 4, runId: 'refused', project, datasetId: 'd' });
    supervisor.send({ type: 'inspect', id: 5, project, datasetId: 'd' });
    children[0].reply({ type: 'error', id: 4, message: 'Unknown datasetId' });
    const started: TrainingEvent = { type: 'started', epochs: 1, stepsPerEpoch: 1, trainSize: 1, validationSize: 0, testSize: 0, parameterCount: 1, warnings: [] };
    children[0].reply({ type: 'run-event', runId: 'ended', event: started });
    children[0].reply({ type: 'run-event', runId: 'ended', event: { type: 'failed', message: 'diverged', epoch: 0, step: 1, layer: 0 } });
    children[0].reply({ type: 'run-event', runId: 'running', event: started });
    children[0].reply({ type: 'run-event', runId: 'running', event: { type: 'paused', epoch: 3, step: 40 } });
    children[0].reply({ type: 'dataset-typo', id: 1 });

    children[0].die('exited with code 7');
    expect(w.events('running').at(-1)).toEqual({
      type: 'failed',
      message: expect.stringMatching(/engine stopped unexpectedly \(exited with code 7\)/),
      epoch: 3,
      step: 40,
      layer: null,
    });
    expect(w.events('ended')).toHaveLength(2);
    expect(w.events('refused')).toEqual([]);
    const errors = w.messages.filter((m): m is MessageOf<'error'> => m.type === 'error');
    expect(errors.map((e) => e.id)).toEqual([4, 1, 5]);
    expect(errors[1].message).toMatch(/invalid message: Unknown engine message type 'dataset-typo'/);
    expect(errors[2].message).toMatch(/No reply: the engine stopped unexpectedly \(exited with code 7\)/);

    // Restarted at once (the first restart has no delay); requests wait for the new engine.
    await w.until('a new child', () => children.length === 2);
    supervisor.send({ type: 'control', id: 6, runId: 'x', action: 'stop' });
    children[1].reply({ type: 'ready' });
    expect(children[1].sent).toEqual([{ type: 'control', id: 6, runId: 'x', action: 'stop' }]);

    supervisor.stop();
    expect(children[1].killed).toBe(true);
    expect(await w.reply(6)).toMatchObject({ type: 'error', message: 'No reply: the engine was stopped' });
    supervisor.send({ type: 'control', id: 7, runId: 'x', action: 'stop' });
    expect(await w.reply(7)).toMatchObject({ type: 'error', message: 'The engine is not running: it was stopped' });
    expect(w.crashes).toEqual([{ reason: 'exited with code 7', restarting: true }]);
  });

  it('stops restarting an engine that keeps crashing, and starts afresh on request', async () => {
    let spawned = 0;
    const spawn = () => {
      spawned++;
      const child = new FakeChild();
      setTimeout(() => child.die('exited with code 1'), 1);
      return child;
    };
    const supervisor = supervise(spawn, { maxRestarts: 5, windowMs: 60_000, backoffMs: 5 });
    const w = watch(supervisor);
    supervisor.start();
    await w.until('giving up', () => w.crashes.some((c) => !c.restarting));
    await new Promise((r) => setTimeout(r, 100));
    expect(spawned).toBe(6);
    expect(w.crashes.map((c) => c.restarting)).toEqual([true, true, true, true, true, false]);
    const last = w.crashes.at(-1)!.reason;
    expect(last).toMatch(/^engine keeps crashing: 6 crashes within 60 s, the last because exited with code 1$/);
    expect(w.messages.at(-1)).toEqual({ type: 'engine-crashed', reason: last, restarting: false });
    supervisor.send({ type: 'forget', id: 1, datasetId: 'd' });
    expect(await w.reply(1)).toMatchObject({ type: 'error', message: `The engine is not running: ${last}` });

    // A spawn that throws counts as a crash too, under the same limit.
    let throwing = 0;
    const broken = supervise(() => {
      throwing++;
      throw new Error('no such file');
    }, { backoffMs: 5 });
    const b = watch(broken);
    broken.start();
    await b.until('giving up on a broken spawn', () => b.crashes.some((c) => !c.restarting), 10_000);
    expect(throwing).toBe(6);
    expect(b.crashes[0].reason).toBe('it could not start: no such file');

    // start() after giving up tries again with a clean history.
    supervisor.start();
    await w.until('six more tries', () => spawned === 12);
  });
});
