// Each training becomes a run kept in the project, and two runs can be overlaid on the charts:
// two learning rates trained one after the other, then compared on one loss chart.

import type { Page } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';
import { setNumber } from './helpers';

async function train(page: Page, lr: number): Promise<void> {
  await page.getByRole('tab', { name: 'Training' }).click();
  await setNumber(page.getByRole('spinbutton', { name: 'Learning rate' }), lr);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished');
}

/** The loss chart's text alternative: one clause per run it shows. */
async function lossSummary(page: Page): Promise<string[]> {
  await page.getByRole('tab', { name: 'Insight' }).click();
  const chart = page.getByRole('img', { name: 'Loss per epoch' });
  await expect(chart).toBeVisible();
  const id = await chart.getAttribute('aria-describedby');
  return ((await page.locator(`[id="${id}"]`).textContent()) ?? '').split('; ');
}

test('two runs with different learning rates are kept and overlaid on the loss chart', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  await page.getByRole('button', { name: 'Lecture 2-2-3 example' }).click();
  await page.getByRole('tab', { name: 'Training' }).click();
  await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), 6);
  await train(page, 0.1);
  await train(page, 0.001);

  // The latest run is the one shown.
  const alone = await lossSummary(page);
  expect(alone).toHaveLength(1);
  expect(alone[0]).toMatch(/^Run 2: after epoch 6, train loss/);
  const chart = page.getByRole('img', { name: 'Loss per epoch' });
  const before = await chart.screenshot();

  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('checkbox', { name: 'Overlay Run 1' }).check();
  const both = await lossSummary(page);
  expect(both).toHaveLength(2);
  const loss = (clause: string) => Number(/train loss ([\d.e+-]+)/.exec(clause)![1]);
  const run1 = both.find((c) => c.startsWith('Run 1: after epoch 6'))!;
  const run2 = both.find((c) => c.startsWith('Run 2: after epoch 6'))!;
  // A hundred times the learning rate gets further in six epochs.
  expect(loss(run1)).toBeLessThan(loss(run2));
  await expect.poll(async () => (await chart.screenshot()).equals(before)).toBe(false);

  // Unticking takes it off again.
  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('checkbox', { name: 'Overlay Run 1' }).uncheck();
  expect(await lossSummary(page)).toHaveLength(1);
});
