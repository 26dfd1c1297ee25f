// The UI's side of the engine protocol, whichever process hosts the engine: it holds requests
// until the engine says it is ready, matches replies to requests, and when the engine dies fails
// the runs in progress and answers the requests in flight, so no caller waits forever. The same
// class serves the desktop window (a MessagePort from main) and the browser edition (a Worker).

import {
  REPLY_OF,
  parseEngineMessage,
  readRequestId,
  type EngineMessage,
  type EngineRequestInput,
  type EngineRequestType,
  type ReplyOf,
  type RequestInputOf,
} from '../protocol/engine';

/** One connection to a running engine. */
export interface EngineLink {
  post(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Starts delivering the engine's messages; returns the function that stops it. */
  listen(listener: (data: unknown) => void): () => void;
}

interface TrackedRun {
  requestId: number;
  epoch: number;
  step: number;
}

type Replies = Exclude<EngineMessage, { type: 'ready' | 'run-event' | 'engine-crashed' }>;
/** A request without its id: request() numbers it. */
export type UnnumberedRequest<T extends EngineRequestType> = Omit<RequestInputOf<T>, 'id'> & { type: T };

export class EngineClient {
  private link: EngineLink | null = null;
  private unlisten: (() => void) | null = null;
  private ready = false;
  /** Why requests fail at once, after main gave up on the engine; null while one is (or will be) there. */
  private gone: string | null = null;
  private queue: { message: EngineRequestInput; transfer?: ArrayBuffer[] }[] = [];
  private readonly runs = new Map<string, TrackedRun>();
  /** Requests sent and not yet answered (a train request counts as answered once its run streams). */
  private readonly pending = new Set<number>();
  private readonly listeners = new Set<(message: EngineMessage) => void>();
  private readonly waiting = new Map<number, (message: Replies) => void>();
  private nextId = 1;

  /** Talks to a (new) engine from now on; requests wait for its 'ready'. */
  connect(link: EngineLink): void {
    this.unlisten?.();
    this.link = link;
    this.ready = false;
    this.gone = null;
    this.unlisten = link.listen((data) => {
      if (this.link === link) this.receive(data);
    });
  }

  /**
   * The engine is gone: its runs fail and its requests are answered with `why`. While it restarts,
   * new requests wait for the next connect(); once its host gave up they fail at once.
   */
  disconnect(why: string, restarting: boolean): void {
    this.unlisten?.();
    this.unlisten = null;
    this.link = null;
    this.ready = false;
    this.gone = restarting ? null : why;
    this.failInFlight(`the engine stopped unexpectedly (${why})`);
    this.emit({ type: 'engine-crashed', reason: why, restarting });
  }

  /** True once the engine said it is ready on the current link. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Sends a request as is; its reply reaches onMessage listeners. */
  send(message: EngineRequestInput, transfer?: ArrayBuffer[]): void {
    const id = readRequestId(message);
    if (this.gone !== null) {
      const error = { type: 'error' as const, id, message: `The engine is not running: ${this.gone}` };
      if (id >= 0) void Promise.resolve().then(() => this.settle(error));
      return;
    }
    if (id >= 0) {
      this.pending.add(id);
      const runId = (message as { runId?: unknown }).runId;
      // A second train with a running run's id is the engine's to refuse; it must not replace the first.
      if (message.type === 'train' && typeof runId === 'string' && !this.runs.has(runId)) {
        this.runs.set(runId, { requestId: id, epoch: 0, step: 0 });
      }
    }
    if (this.link && this.ready) this.link.post(message, transfer);
    else this.queue.push({ message, transfer });
  }

  /**
   * Numbers a request, sends it and resolves with its reply, the one REPLY_OF names; an 'error'
   * reply rejects with its message, and so does a reply of another type (an engine bug). A train
   * request resolves with 'ok' once its run streams (run events go to onMessage).
   */
  request<T extends EngineRequestType>(message: UnnumberedRequest<T>, transfer?: ArrayBuffer[]): Promise<ReplyOf<T>> {
    const id = this.nextId++;
    const expected = REPLY_OF[message.type];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => {
        if (reply.type === 'error') reject(new Error(reply.message));
        else if (reply.type !== expected) reject(new Error(`The engine answered '${reply.type}' to '${message.type}' (expected '${expected}')`));
        else resolve(reply as ReplyOf<T>);
      });
      this.send({ ...message, id } as EngineRequestInput, transfer);
    });
  }

  onMessage(listener: (message: EngineMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(data: unknown): void {
    let message: EngineMessage;
    try {
      message = parseEngineMessage(data);
    } catch (e) {
      // A malformed reply is an engine bug; the request it answered still gets an answer.
      const id = readRequestId(data);
      message = { type: 'error', id, message: `The engine sent an invalid message: ${(e as Error).message}` };
    }
    if (message.type === 'ready') {
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      for (const q of queued) this.link!.post(q.message, q.transfer);
    } else if (message.type === 'run-event') {
      const run = this.runs.get(message.runId);
      if (run) {
        this.answer({ type: 'ok', id: run.requestId });
        const { event } = message;
        if ('epoch' in event) run.epoch = event.epoch;
        if ('step' in event) run.step = event.step;
        if (event.type === 'done' || event.type === 'failed') this.runs.delete(message.runId);
      }
    } else if ('id' in message) {
      // A refused train request never started its run.
      if (message.type === 'error') {
        for (const [runId, run] of this.runs) if (run.requestId === message.id) this.runs.delete(runId);
      }
      this.answer(message);
    }
    this.emit(message);
  }

  private settle(reply: Replies): void {
    this.answer(reply);
    this.emit(reply);
  }

  /** Settles request()'s promise for a reply, once. */
  private answer(reply: Replies): void {
    this.pending.delete(reply.id);
    const settle = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    settle?.(reply);
  }

  /** Everything the dead engine held: each run ends failed, each unanswered request errs. */
  private failInFlight(why: string): void {
    const runs = [...this.runs];
    this.runs.clear();
    for (const [runId, run] of runs) {
      this.pending.delete(run.requestId);
      this.emit({
        type: 'run-event',
        runId,
        event: { type: 'failed', message: `Training failed: ${why}. The run and its weights are lost.`, epoch: run.epoch, step: run.step, layer: null },
      });
    }
    // Queued requests were never sent; they are answered now rather than sent to a new engine
    // that does not know the datasets they name.
    this.queue = [];
    const pending = [...this.pending];
    for (const id of pending) {
      this.settle({ type: 'error', id, message: `No reply: ${why}` });
    }
  }

  private emit(message: EngineMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (e) {
        // One broken listener must not stop the others; it surfaces as an unhandled rejection.
        void Promise.reject(e);
      }
    }
  }
}
