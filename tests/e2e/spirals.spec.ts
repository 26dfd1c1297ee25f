// The first story: build a 2-hidden-layer network by dragging blocks from the palette,
// set units and activations in the inspector, train on the spirals set watching the loss chart
// and the decision boundary change, pause and resume, and reach 0.9 accuracy. No main-thread
// task over 50 ms while it trains, from the moment the charts are on screen to the end of the run.

import { expect, longTasksSince, openStudio, pageNow, runFinishedAt, test } from './fixtures';
import { block, dragBlock, link, onlyBlock, runAccuracy, setNumber } from './helpers';

test('builds a 2-hidden-layer tanh network by drag and drop and trains it on spirals past 0.9', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByRole('combobox', { name: 'Built-in dataset' }).selectOption('spirals');
  await expect(page.getByRole('img', { name: 'Scatter plot of the dataset' })).toBeVisible();

  await page.getByRole('tab', { name: 'Network' }).click();
  const input = await onlyBlock(page, 'Input');
  const output = await onlyBlock(page, 'Output');
  const dense1 = await dragBlock(page, 'Dense', 520, 120);
  const act1 = await dragBlock(page, 'Activation', 520, 210);
  const dense2 = await dragBlock(page, 'Dense', 520, 300);
  const act2 = await dragBlock(page, 'Activation', 520, 390);
  await link(page, input, dense1);
  await link(page, dense1, act1);
  await link(page, act1, dense2);
  await link(page, dense2, act2);
  await link(page, act2, output);
  for (const dense of [dense1, dense2]) {
    await block(page, dense).click();
    await setNumber(page.getByRole('spinbutton', { name: 'Units' }), 32);
    await expect(block(page, dense)).toHaveAttribute('aria-label', /32 units/);
  }
  for (const act of [act1, act2]) {
    await block(page, act).click();
    await page.getByRole('combobox', { name: 'Activation' }).selectOption('tanh');
  }
  // A whole chain (2 classes): 2·32+32 + 32·32+32 + 32·2+2 parameters.
  await expect(page.getByText('Parameters: 1,218')).toBeVisible();

  await page.getByRole('tab', { name: 'Training' }).click();
  await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), 2000);
  await page.getByRole('button', { name: 'Start' }).click();

  await page.getByRole('tab', { name: 'Insight' }).click();
  const loss = page.getByRole('img', { name: 'Loss per epoch' });
  const boundary = page.getByRole('img', { name: 'Decision boundary' });
  await expect(boundary).toBeVisible();
  const firstLoss = await loss.screenshot();
  const firstBoundary = await expect.poll(async () => (await boundary.getAttribute('aria-describedby')) !== null).toBe(true).then(() => boundary.screenshot());
  await page.waitForTimeout(1500);
  // Both change while it trains.
  expect((await loss.screenshot()).equals(firstLoss)).toBe(false);
  expect((await boundary.screenshot()).equals(firstBoundary)).toBe(false);
  const steady = await pageNow(page);

  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Paused');
  const progress = page.getByRole('progressbar', { name: 'Training progress' });
  const held = await progress.getAttribute('aria-valuenow');
  await page.waitForTimeout(800);
  expect(await progress.getAttribute('aria-valuenow')).toBe(held);
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Training');

  const finished = await runFinishedAt(page);
  expect(await runAccuracy(page, 'Run 1')).toBeGreaterThanOrEqual(0.9);
  expect(await longTasksSince(page, steady, finished)).toEqual([]);
});
