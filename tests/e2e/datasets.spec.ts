// One project through three datasets, each trained: the spirals it opens on, Iris, then a
// Fashion-MNIST file set picked through the chooser. The network's ends follow each dataset, the
// runs stay listed, and every chart on the Insight view can be hovered, all without a console
// error or a CSP violation (the fixture fails the story on either).

import type { Page } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';
import { fashionSubset } from './fashion-files';
import { setNumber } from './helpers';

async function trainTo(page: Page, state: string, epochs?: number): Promise<void> {
  if (epochs !== undefined) {
    await page.getByRole('tab', { name: 'Training' }).click();
    await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), epochs);
  }
  await page.getByRole('region', { name: 'Run bar' }).getByRole('button', { name: /^Start/ }).click();
  await expect(page.getByTestId('run-state')).toHaveText(state, { timeout: 60_000 });
}

/** Moves the pointer over the middle of every chart on the Insight view, each scrolled into view. */
async function hoverEveryChart(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'Insight' }).click();
  const charts = page.getByRole('region', { name: 'Live insight' }).locator('figure canvas');
  const count = await charts.count();
  for (let i = 0; i < count; i++) {
    const canvas = charts.nth(i);
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) continue;
    for (const [fx, fy] of [[0.5, 0.5], [0.7, 0.6]]) await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
  }
  await page.mouse.move(0, 0);
  return count;
}

test('spirals, then Iris, then Fashion-MNIST files: each trains, every chart hovers cleanly', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  await trainTo(page, 'Finished');
  expect(await hoverEveryChart(page)).toBeGreaterThanOrEqual(6);

  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByRole('combobox', { name: 'Built-in dataset' }).selectOption('iris');
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByRole('group', { name: /^Input block/ })).toHaveAttribute('aria-label', /4 features/);
  await trainTo(page, 'Finished', 30);
  await hoverEveryChart(page);

  const folder = fashionSubset(600, 100);
  await page.getByRole('tab', { name: 'Data' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open dataset folder…' }).click();
  await (await chooser).setFiles(folder);
  await expect(page.getByRole('img', { name: /Trouser/ }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Network' }).click();
  await expect(page.getByRole('group', { name: /^Input block/ })).toHaveAttribute('aria-label', /784 features/);
  await trainTo(page, 'Finished', 2);
  expect(await hoverEveryChart(page)).toBeGreaterThanOrEqual(7);

  // All three runs are kept, each saying how it ended.
  await page.getByRole('tab', { name: 'Training' }).click();
  for (const name of ['Run 1', 'Run 2', 'Run 3']) await expect(page.getByRole('button', { name, exact: true })).toBeVisible();
});
