// What every end-to-end test checks besides its own story: no console error, no CSP violation,
// and no main-thread task over 50 ms while training (PerformanceObserver 'longtask').

import { test as base, expect, type Page } from '@playwright/test';

interface Watch {
  errors: string[];
}

/** Installs the observers before any page script runs. */
async function watchPage(page: Page): Promise<Watch> {
  const watch: Watch = { errors: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => watch.errors.push(`page error: ${error.message}`));
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[]; __longTasks: { start: number; duration: number }[]; __longFrames: LongFrame[] };
    w.__cspViolations = [];
    w.__longTasks = [];
    w.__longFrames = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
    // What ran in a long task, to name it when a story fails: the scripts of the long animation
    // frame that holds it (Long Animation Frames API).
    new PerformanceObserver((list) => {
      type Frame = PerformanceEntry & { renderStart?: number; styleAndLayoutStart?: number; scripts?: { invoker: string; sourceFunctionName: string; duration: number; forcedStyleAndLayoutDuration?: number }[] };
      for (const entry of list.getEntries() as Frame[]) {
        if (entry.duration <= 50) continue;
        const scripts = (entry.scripts ?? []).map((x) => `${x.invoker} ${x.sourceFunctionName} ${Math.round(x.duration)} ms (forced layout ${Math.round(x.forcedStyleAndLayoutDuration ?? 0)} ms)`);
        // Time outside scripts: the frame's style, layout and paint (from renderStart to its end).
        if (entry.renderStart) scripts.push(`rendering ${Math.round(entry.startTime + entry.duration - entry.renderStart)} ms`);
        w.__longFrames.push({ start: entry.startTime, end: entry.startTime + entry.duration, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  });
  return watch;
}

export const test = base.extend<{ watched: Watch }>({
  watched: async ({ page }, use) => {
    const watch = await watchPage(page);
    // E2E_CPU_SLOWDOWN=2.5 runs the page's main thread that many times slower (Chromium's CPU
    // throttling), to see locally how the stories fare on a slower machine such as CI's.
    const slowdown = Number(process.env['E2E_CPU_SLOWDOWN'] ?? 1);
    if (slowdown > 1) await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    await use(watch);
    const csp = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations).catch(() => []);
    expect(csp, 'CSP violations').toEqual([]);
    expect(watch.errors, 'console errors').toEqual([]);
  },
});

interface LongFrame {
  start: number;
  end: number;
  scripts: string[];
}

/**
 * Long tasks that started from `since` (performance.now() in the page) up to `until`, each with
 * its start counted from `since` and the scripts that ran in it as far as the browser tells, so
 * a failure names when and what.
 */
export async function longTasksSince(page: Page, since: number, until = Infinity): Promise<{ start: number; duration: number; scripts: string[] }[]> {
  return page.evaluate(
    ([from, to]) => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __longFrames: LongFrame[] };
      return w.__longTasks
        .filter((x) => x.start >= from && x.start <= to)
        .map((x) => ({
          start: Math.round(x.start - from),
          duration: x.duration,
          scripts: w.__longFrames.filter((f) => f.start <= x.start + x.duration && f.end >= x.start).flatMap((f) => f.scripts),
        }));
    },
    [since, until] as const,
  );
}

export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/**
 * Waits for the run to show Finished and returns when it did, in page time (checked every
 * frame): training ends there, and what its end draws afterwards is not "during training".
 */
export async function runFinishedAt(page: Page, timeout = 90_000): Promise<number> {
  const at = await page.waitForFunction(
    () => (document.querySelector('[data-testid="run-state"]')?.textContent?.trim() === 'Finished' ? performance.now() : false),
    undefined,
    { polling: 'raf', timeout },
  );
  return (await at.jsonValue()) as number;
}

/** Opens the studio and waits for its engine. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByRole('status', { name: 'Engine status' })).toHaveText('Engine ready');
}

export { expect };
