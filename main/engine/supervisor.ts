// Main's watch over the engine process: relays the protocol both ways, and when the engine dies
// unexpectedly marks its runs failed with the reason, answers its pending requests with errors,
// tells the listeners, and starts a new engine, giving up when it keeps crashing.

import type { ChildProcess, Serializable } from 'node:child_process';
import { parseEngineMessage, readRequestId, type EngineMessage, type EngineRequestInput } from '../../shared/protocol/engine';

/**
 * One engine process as the supervisor sees it. In Electron, spawn wraps utilityProcess.fork:
 * a MessageChannelMain whose port2 is handed over with child.postMessage(null, [port2]), the
 * supervisor speaking on port1 and onExit following the child's 'exit' event. For Node (tests),
 * nodeEngineChild below wraps child_process.fork.
 */
export interface EngineChild {
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  onMessage(listener: (data: unknown) => void): void;
  /** Called once, when the process is gone, with why in words ('killed by signal SIGKILL'). */
  onExit(listener: (reason: string) => void): void;
  kill(): void;
}

export interface SupervisorOptions {
  /** Restarts allowed within windowMs; one more crash and the supervisor gives up. */
  maxRestarts?: number;
  windowMs?: number;
  /** Delay before the second restart within the window, doubling after each (the first is immediate). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

type CrashListener = (reason: string, restarting: boolean) => void;
type State = 'stopped' | 'running' | 'restarting' | 'gave-up';

interface TrackedRun {
  requestId: number;
  epoch: number;
  step: number;
}

export class EngineSupervisor<C extends EngineChild = EngineChild> {
  private current: C | null = null;
  private ready = false;
  private state: State = 'stopped';
  private downReason = 'the engine has not been started';
  private queue: { message: unknown; transfer?: ArrayBuffer[] }[] = [];
  private restartTimes: number[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  /** Runs asked for and not yet ended, by runId: they fail with the engine. */
  private readonly runs = new Map<string, TrackedRun>();
  /** Requests sent and not yet answered, by id (a train request counts as answered once its run streams). */
  private readonly pending = new Set<number>();
  private readonly messageListeners = new Set<(message: EngineMessage) => void>();
  private readonly crashListeners = new Set<CrashListener>();
  private readonly options: Required<SupervisorOptions>;

  constructor(
    private readonly spawn: () => C,
    options: SupervisorOptions = {},
  ) {
    this.options = { maxRestarts: 5, windowMs: 60_000, backoffMs: 250, maxBackoffMs: 10_000, ...options };
  }

  /** The live engine process, if any (for diagnostics and tests). */
  get child(): C | null {
    return this.current;
  }

  /** Starts the engine; after giving up, starts afresh with a clean crash history. */
  start(): void {
    if (this.state === 'running' || this.state === 'restarting') return;
    this.restartTimes = [];
    this.launch();
  }

  /** Sends a request, held until the engine is ready; answered with an error when there is no engine. */
  send(message: EngineRequestInput, transfer?: ArrayBuffer[]): void {
    const id = readRequestId(message);
    if (this.state === 'stopped' || this.state === 'gave-up') {
      if (id >= 0) queueMicrotask(() => this.emit({ type: 'error', id, message: `The engine is not running: ${this.downReason}` }));
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
    if (this.current && this.ready) this.current.send(message, transfer);
    else this.queue.push({ message, transfer });
  }

  onMessage(listener: (message: EngineMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  /** Called at every unexpected exit; `restarting` is false when the supervisor gave up. */
  onCrash(listener: CrashListener): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Stops the engine for good (until start()); what it was doing fails as stopped. */
  stop(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.current;
    this.current = null;
    this.ready = false;
    this.state = 'stopped';
    this.downReason = 'it was stopped';
    child?.kill();
    this.failInFlight('the engine was stopped');
  }

  private launch(): void {
    this.state = 'running';
    this.ready = false;
    let child: C;
    try {
      child = this.spawn();
    } catch (e) {
      // Deferred, so a spawn that always throws goes through the same limit without recursing.
      queueMicrotask(() => this.crashed(`it could not start: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    this.current = child;
    // A child replaced or stopped since is ignored: its late messages and exit belong to no one.
    child.onMessage((data) => {
      if (this.current === child) this.receive(data);
    });
    child.onExit((reason) => {
      if (this.current !== child) return;
      this.current = null;
      this.crashed(reason);
    });
  }

  private receive(data: unknown): void {
    let message: EngineMessage;
    try {
      message = parseEngineMessage(data);
    } catch (e) {
      // A malformed reply is an engine bug; the request it answered still gets an answer.
      const id = readRequestId(data);
      this.pending.delete(id);
      message = { type: 'error', id, message: `The engine sent an invalid message: ${(e as Error).message}` };
    }
    if (message.type === 'ready') {
      this.ready = true;
      const queued = this.queue;
      this.queue = [];
      for (const q of queued) this.current!.send(q.message, q.transfer);
    } else if (message.type === 'run-event') {
      const run = this.runs.get(message.runId);
      if (run) {
        this.pending.delete(run.requestId);
        const { event } = message;
        if ('epoch' in event) run.epoch = event.epoch;
        if ('step' in event) run.step = event.step;
        if (event.type === 'done' || event.type === 'failed') this.runs.delete(message.runId);
      }
    } else if ('id' in message) {
      this.pending.delete(message.id);
      // A refused train request never started its run.
      if (message.type === 'error') {
        for (const [runId, run] of this.runs) if (run.requestId === message.id) this.runs.delete(runId);
      }
    }
    this.emit(message);
  }

  private crashed(reason: string): void {
    this.ready = false;
    this.failInFlight(`the engine stopped unexpectedly (${reason})`);
    const now = Date.now();
    this.restartTimes = this.restartTimes.filter((t) => now - t < this.options.windowMs);
    const { maxRestarts, windowMs, backoffMs, maxBackoffMs } = this.options;
    if (this.restartTimes.length >= maxRestarts) {
      this.state = 'gave-up';
      this.downReason = `engine keeps crashing: ${this.restartTimes.length + 1} crashes within ${windowMs / 1000} s, the last because ${reason}`;
      this.emit({ type: 'engine-crashed', reason: this.downReason, restarting: false });
      this.notifyCrash(this.downReason, false);
      return;
    }
    const n = this.restartTimes.length;
    const delay = n === 0 ? 0 : Math.min(backoffMs * 2 ** (n - 1), maxBackoffMs);
    this.restartTimes.push(now);
    this.state = 'restarting';
    this.downReason = `it is restarting after a crash (${reason})`;
    this.emit({ type: 'engine-crashed', reason, restarting: true });
    this.notifyCrash(reason, true);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'restarting') this.launch();
    }, delay);
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
    const pending = [...this.pending];
    this.pending.clear();
    // Queued requests were never sent; they are answered now rather than sent to a new engine
    // that does not know the datasets they name.
    this.queue = [];
    for (const id of pending) this.emit({ type: 'error', id, message: `No reply: ${why}` });
  }

  private emit(message: EngineMessage): void {
    for (const listener of this.messageListeners) {
      try {
        listener(message);
      } catch (e) {
        // One broken listener must not stop supervision or the other listeners; report it apart.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  private notifyCrash(reason: string, restarting: boolean): void {
    for (const listener of this.crashListeners) {
      try {
        listener(reason, restarting);
      } catch (e) {
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}

/** Wraps a child_process.fork of the engine entry (forked with serialization: 'advanced'). */
export function nodeEngineChild(child: ChildProcess): EngineChild & { readonly process: ChildProcess } {
  return {
    process: child,
    send: (message) => {
      // A send racing the child's death fails in the callback; the 'exit' that follows reports it.
      if (child.connected) child.send(message as Serializable, () => {});
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => {
      let told = false;
      const tell = (reason: string) => {
        if (!told) listener(reason);
        told = true;
      };
      child.once('exit', (code, signal) => tell(signal ? `killed by signal ${signal}` : `exited with code ${code}`));
      // 'error' without a pid: the process never started, and no 'exit' may follow. Listening
      // with on() also keeps any later 'error' from being thrown in main.
      child.on('error', (e) => {
        if (child.pid === undefined) tell(`could not start: ${e.message}`);
      });
    },
    kill: () => {
      child.kill();
    },
  };
}
