// The workbench, the view the studio opens on: the network and the live charts are on screen
// together while a run trains, at 1440x900, with the run bar (Start, Pause, Stop, Step, the
// epoch, loss, accuracy, samples/s, the kernel) above every view, and no long task meanwhile.

import { expect, longTasksSince, openStudio, pageNow, test } from './fixtures';
import { setNumber } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

/** Records how long each click on a tab took to show (Event Timing: input to the next paint). */
async function watchTabClicks(page: import('@playwright/test').Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __tabClicks: { tab: string; duration: number }[] };
    w.__tabClicks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { target?: Element | null })[]) {
        if (e.name !== 'click' || e.target?.getAttribute('role') !== 'tab') continue;
        w.__tabClicks.push({ tab: e.target.textContent?.trim() ?? '', duration: e.duration });
      }
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  });
}

test('shows the network and a live loss chart together while a run trains, with the run bar on every view', async ({ page, watched }) => {
  void watched;
  await watchTabClicks(page);
  await openStudio(page);
  await expect(page.getByRole('tab', { name: 'Workbench' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Training' }).click();
  await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), 100000);
  await page.getByRole('tab', { name: 'Workbench' }).click();

  const bar = page.getByRole('region', { name: 'Run bar' });
  const started = await pageNow(page);
  await bar.getByRole('button', { name: /^Start/ }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Training');
  const canvas = page.getByRole('region', { name: 'Network canvas' });
  const loss = page.getByRole('img', { name: 'Loss per epoch' });
  await expect(canvas).toBeInViewport();
  await expect(loss).toBeInViewport({ ratio: 0.9 });
  await expect(page.getByRole('img', { name: 'Gradient size per layer (log scale)' })).toBeInViewport({ ratio: 0.9 });
  // The bar's figures move while it trains.
  await expect(page.getByTestId('run-loss')).toHaveText(/^Loss \d+\.\d{4}$/);
  await expect(page.getByTestId('run-kernel')).toHaveText(/x\d$/);
  const first = await loss.screenshot();
  await expect.poll(async () => (await loss.screenshot()).equals(first), { timeout: 10_000 }).toBe(false);

  // Watching the run on the workbench: no task over 50 ms. Showing another view has its own
  // budget: the bar stays on screen in every view, and each tab shows within 100 ms of its click
  // while the run trains (Event Timing reports only clicks over 16 ms).
  expect(await longTasksSince(page, started, await pageNow(page))).toEqual([]);
  const clicksBefore = await page.evaluate(() => (window as unknown as { __tabClicks: unknown[] }).__tabClicks.length);
  for (const view of ['Network', 'Data', 'Training', 'Insight', 'Step', 'Init lab', 'Workbench']) {
    await page.getByRole('tab', { name: view }).click();
    await expect(bar.getByRole('button', { name: 'Pause' })).toBeInViewport();
    await expect(page.getByTestId('run-state')).toHaveText('Training');
  }
  const slow = (await page.evaluate(() => (window as unknown as { __tabClicks: { tab: string; duration: number }[] }).__tabClicks))
    .slice(clicksBefore)
    .filter((c) => c.duration >= 100);
  expect(slow).toEqual([]);
  await bar.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Stopped');
});

test('the first view shows Start and trains the opening project to at least 95% in under 10 s', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  const start = page.getByRole('region', { name: 'Run bar' }).getByRole('button', { name: /^Start/ });
  await expect(start).toBeInViewport();
  const began = Date.now();
  await start.click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished', { timeout: 10_000 });
  expect(Date.now() - began).toBeLessThan(10_000);
  const accuracy = Number(/([\d.]+)%/.exec((await page.getByTestId('run-accuracy').textContent()) ?? '')![1]);
  expect(accuracy).toBeGreaterThanOrEqual(95);
});

test('a start-here strip points along the lecture, and once dismissed stays away', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  const strip = page.getByRole('complementary', { name: 'Start here' });
  await expect(strip).toBeVisible();
  await strip.getByRole('button', { name: 'Init lab' }).click();
  await expect(page.getByRole('tab', { name: 'Init lab' })).toHaveAttribute('aria-selected', 'true');
  await strip.getByRole('button', { name: 'Dismiss these tips' }).click();
  await expect(strip).toBeHidden();
  await page.reload();
  await expect(page.getByRole('status', { name: 'Engine status' })).toHaveText('Engine ready');
  await expect(page.getByRole('tab', { name: 'Workbench' })).toHaveAttribute('aria-selected', 'true');
  await expect(strip).toBeHidden();
});
