// The window's side of the engine protocol with a scripted engine: requests held until 'ready',
// replies matched to request(), and on a crash the runs in progress failed and the requests in
// flight answered; after the host gave up, requests fail at once.

import { describe, expect, it } from 'vitest';
import { EngineClient, type EngineLink } from '../../../shared/engine-host/client';
import type { TrainingEvent } from '../../../shared/engine/events';
import type { EngineMessage, MessageOf } from '../../../shared/protocol/engine';
import { builtinProject } from '../../helpers/run';

/** A scripted engine: records what it is sent, replies on demand. */
class FakeLink implements EngineLink {
  sent: unknown[] = [];
  transfers: (ArrayBuffer[] | undefined)[] = [];
  private listener: ((data: unknown) => void) | null = null;
  post(message: unknown, transfer?: ArrayBuffer[]): void {
    this.sent.push(message);
    this.transfers.push(transfer);
  }
  listen(listener: (data: unknown) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  reply(message: unknown): void {
    this.listener?.(message);
  }
  get listening(): boolean {
    return this.listener !== null;
  }
}

const project = builtinProject('xor', { n: 20, seed: 2 }, { training: { epochs: 1, batchSize: 4, shuffle: true, earlyStopping: null } }).project;
const started: TrainingEvent = { type: 'started', epochs: 1, stepsPerEpoch: 1, trainSize: 1, validationSize: 0, testSize: 0, parameterCount: 1, kernel: 'typescript', threads: 1, warnings: [] };

function record(client: EngineClient) {
  const messages: EngineMessage[] = [];
  client.onMessage((m) => messages.push(m));
  const events = (runId: string) =>
    messages.filter((m): m is MessageOf<'run-event'> => m.type === 'run-event' && m.runId === runId).map((m) => m.event);
  const errors = () => messages.filter((m): m is MessageOf<'error'> => m.type === 'error');
  return { messages, events, errors };
}

describe('EngineClient', () => {
  it('holds requests until ready, and on a crash fails runs in progress and answers pending requests', async () => {
    const client = new EngineClient();
    const r = record(client);
    const first = new FakeLink();
    // Before any engine is connected, requests wait too.
    client.send({ type: 'open-dataset', id: 1, source: { source: 'builtin', name: 'xor' } });
    client.connect(first);
    expect(first.sent).toEqual([]);
    first.reply({ type: 'ready' });
    expect(first.sent).toHaveLength(1);
    expect(client.isReady).toBe(true);

    client.send({ type: 'train', id: 2, runId: 'ended', project, datasetId: 'd' });
    client.send({ type: 'train', id: 3, runId: 'running', project, datasetId: 'd' });
    client.send({ type: 'train', id: 4, runId: 'refused', project, datasetId: 'd' });
    client.send({ type: 'inspect', id: 5, project, datasetId: 'd' });
    first.reply({ type: 'error', id: 4, message: 'Unknown datasetId' });
    first.reply({ type: 'run-event', runId: 'ended', event: started });
    first.reply({ type: 'run-event', runId: 'ended', event: { type: 'failed', message: 'diverged', epoch: 0, step: 1, layer: 0 } });
    first.reply({ type: 'run-event', runId: 'running', event: started });
    first.reply({ type: 'run-event', runId: 'running', event: { type: 'paused', epoch: 3, step: 40 } });
    first.reply({ type: 'dataset-typo', id: 1 });

    client.disconnect('exited with code 7', true);
    expect(first.listening).toBe(false);
    expect(r.events('running').at(-1)).toEqual({
      type: 'failed',
      message: expect.stringMatching(/engine stopped unexpectedly \(exited with code 7\)/),
      epoch: 3,
      step: 40,
      layer: null,
    });
    expect(r.events('ended')).toHaveLength(2);
    expect(r.events('refused')).toEqual([]);
    expect(r.errors().map((e) => e.id)).toEqual([4, 1, 5]);
    expect(r.errors()[1].message).toMatch(/invalid message: Unknown engine message type 'dataset-typo'/);
    expect(r.errors()[2].message).toMatch(/No reply: the engine stopped unexpectedly \(exited with code 7\)/);
    expect(r.messages).toContainEqual({ type: 'engine-crashed', reason: 'exited with code 7', restarting: true });

    // While it restarts, requests wait for the new engine; a late message from the old one is ignored.
    client.send({ type: 'control', id: 6, runId: 'x', action: 'stop' });
    first.reply({ type: 'ok', id: 6 });
    const second = new FakeLink();
    client.connect(second);
    second.reply({ type: 'ready' });
    expect(second.sent).toEqual([{ type: 'control', id: 6, runId: 'x', action: 'stop' }]);

    // The host gave up: pending requests fail, later ones at once.
    client.disconnect('engine keeps crashing', false);
    expect(r.errors().at(-1)).toMatchObject({ id: 6, message: 'No reply: the engine stopped unexpectedly (engine keeps crashing)' });
    await expect(client.request({ type: 'forget', datasetId: 'd' })).rejects.toThrow('The engine is not running: engine keeps crashing');
  });

  it('numbers requests, resolves them with their replies and rejects errors; a train resolves as its run streams', async () => {
    const client = new EngineClient();
    const link = new FakeLink();
    client.connect(link);
    link.reply({ type: 'ready' });
    const opened = client.request({ type: 'open-dataset', source: { source: 'builtin', name: 'xor' } });
    const refused = client.request({ type: 'forget', datasetId: 'nope' });
    const training = client.request({ type: 'train', runId: 'r', project, datasetId: 'd' });
    const [a, b, c] = link.sent as { id: number }[];
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    link.reply({ type: 'error', id: b.id, message: 'Unknown datasetId nope' });
    link.reply({ type: 'run-event', runId: 'r', event: started });
    link.reply({ type: 'dataset', id: a.id, datasetId: 'd1', summary: { name: 'xor', task: 'classification', features: 2, outputs: 2, classNames: ['0', '1'], sizes: { train: 1, validation: 0, test: 0 }, before: [], after: [], samples: [] } });
    await expect(refused).rejects.toThrow('Unknown datasetId nope');
    await expect(training).resolves.toEqual({ type: 'ok', id: c.id });
    const reply = await opened;
    expect(reply).toMatchObject({ type: 'dataset', datasetId: 'd1' });
  });

  it('rejects a reply of another type than the request gets, and hands replies over as the engine sent them', async () => {
    const client = new EngineClient();
    const link = new FakeLink();
    client.connect(link);
    link.reply({ type: 'ready' });
    const inspected = client.request({ type: 'inspect', project, datasetId: 'd' });
    const kept = client.request({ type: 'keep-runs', runIds: ['a'] });
    const tensors = [{ name: 'layers.0.bias', shape: [2], data: Float32Array.of(1, 2) }];
    const transfer = [tensors[0].data.buffer];
    void client.request({ type: 'train', runId: 'r', project, datasetId: 'd', weights: tensors }, transfer);
    const [a, b] = link.sent as { id: number }[];
    link.reply({ type: 'ok', id: a.id });
    link.reply({ type: 'ok', id: b.id });
    await expect(inspected).rejects.toThrow("The engine answered 'ok' to 'inspect' (expected 'inspection')");
    await expect(kept).resolves.toEqual({ type: 'ok', id: b.id });
    expect((link.sent[2] as { weights: unknown }).weights).toBe(tensors);
    expect(link.transfers[2]).toBe(transfer);
  });
});
