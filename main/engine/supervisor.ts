// Main's watch over the engine process: starts it, and when it dies unexpectedly tells the
// listeners (who fail its runs and tell the window) and starts a new one, backing off and giving
// up when it keeps crashing. Messages never pass through here: each new engine is handed to
// onStart listeners, which connect it to the window (a MessageChannelMain in the app).

/**
 * One engine process as the supervisor sees it: in the app a utilityProcess.fork
 * (spawnUtilityEngine in main/engine/utility-engine.ts), in tests a child_process.fork.
 */
export interface EngineChild {
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

export class EngineSupervisor<C extends EngineChild = EngineChild> {
  private current: C | null = null;
  private state: State = 'stopped';
  private restartTimes: number[] = [];
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly startListeners = new Set<(child: C) => void>();
  private readonly crashListeners = new Set<CrashListener>();
  private readonly options: Required<SupervisorOptions>;

  constructor(
    private readonly spawn: () => C,
    options: SupervisorOptions = {},
  ) {
    this.options = { maxRestarts: 5, windowMs: 60_000, backoffMs: 250, maxBackoffMs: 10_000, ...options };
  }

  /** The live engine process, if any. */
  get child(): C | null {
    return this.current;
  }

  /** Starts the engine; after giving up, starts afresh with a clean crash history. */
  start(): void {
    if (this.state === 'running' || this.state === 'restarting') return;
    this.restartTimes = [];
    this.launch();
  }

  /** Called with each engine started, the first and every restart. */
  onStart(listener: (child: C) => void): () => void {
    this.startListeners.add(listener);
    return () => this.startListeners.delete(listener);
  }

  /** Called at every unexpected exit; `restarting` is false when the supervisor gave up. */
  onCrash(listener: CrashListener): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** Stops the engine for good (until start()), as the app quits. */
  stop(): void {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.current;
    this.current = null;
    this.state = 'stopped';
    child?.kill();
  }

  private launch(): void {
    this.state = 'running';
    let child: C;
    try {
      child = this.spawn();
    } catch (e) {
      // Deferred, so a spawn that always throws goes through the same limit without recursing.
      queueMicrotask(() => this.crashed(`it could not start: ${e instanceof Error ? e.message : String(e)}`));
      return;
    }
    this.current = child;
    // A child replaced or stopped since is ignored: its exit belongs to no one.
    child.onExit((reason) => {
      if (this.current !== child) return;
      this.current = null;
      this.crashed(reason);
    });
    this.notify(this.startListeners, (listener) => listener(child));
  }

  private crashed(reason: string): void {
    const now = Date.now();
    this.restartTimes = this.restartTimes.filter((t) => now - t < this.options.windowMs);
    const { maxRestarts, windowMs, backoffMs, maxBackoffMs } = this.options;
    if (this.restartTimes.length >= maxRestarts) {
      this.state = 'gave-up';
      const why = `engine keeps crashing: ${this.restartTimes.length + 1} crashes within ${windowMs / 1000} s, the last because ${reason}`;
      this.notify(this.crashListeners, (listener) => listener(why, false));
      return;
    }
    const n = this.restartTimes.length;
    const delay = n === 0 ? 0 : Math.min(backoffMs * 2 ** (n - 1), maxBackoffMs);
    this.restartTimes.push(now);
    this.state = 'restarting';
    this.notify(this.crashListeners, (listener) => listener(reason, true));
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'restarting') this.launch();
    }, delay);
  }

  private notify<L>(listeners: Set<L>, call: (listener: L) => void): void {
    for (const listener of listeners) {
      try {
        call(listener);
      } catch (e) {
        // One broken listener must not stop supervision or the other listeners; report it apart.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}
