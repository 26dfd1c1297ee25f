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
    const w = window as unknown as { __cspViolations: string[]; __longTasks: { start: number; duration: number }[] };
    w.__cspViolations = [];
    w.__longTasks = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  return watch;
}

export const test = base.extend<{ watched: Watch }>({
  watched: async ({ page }, use) => {
    const watch = await watchPage(page);
    await use(watch);
    const csp = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations).catch(() => []);
    expect(csp, 'CSP violations').toEqual([]);
    expect(watch.errors, 'console errors').toEqual([]);
  },
});

/** Long tasks recorded since `since` (performance.now() in the page). */
export async function longTasksSince(page: Page, since: number): Promise<{ start: number; duration: number }[]> {
  return page.evaluate((t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((x) => x.start >= t), since);
}

export async function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Opens the studio and waits for its engine. */
export async function openStudio(page: Page): Promise<void> {
  await page.goto('./');
  await expect(page.getByRole('status', { name: 'Engine status' })).toHaveText('Engine ready');
}

export { expect };
