// The browser edition starts with its engine in a worker, shows the four views, and trains the
// default project end to end; a run stopped part way says so.

import { readFileSync } from 'node:fs';
import { expect, openStudio, test } from './fixtures';

test('starts, shows every view, and trains the default project', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  for (const name of ['Network', 'Data', 'Training', 'Insight']) {
    await page.getByRole('tab', { name }).click();
    await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
  }
  // Light and dark by choice, whatever the system says.
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  expect(await background()).toBe('rgb(30, 31, 34)');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('light');
  expect(await background()).toBe('rgb(255, 255, 255)');

  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('3');
  await page.getByRole('spinbutton', { name: 'Epochs' }).press('Enter');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished');
  await expect(page.getByRole('region', { name: 'Runs' }).or(page.getByLabel('Runs'))).toContainText('Run 1');

  // A run stopped part way says Stopped, and its bar shows how far it got.
  await page.getByRole('spinbutton', { name: 'Epochs' }).fill('100000');
  await page.getByRole('spinbutton', { name: 'Epochs' }).press('Enter');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Training');
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Stopped');
  expect(Number(await page.getByRole('progressbar', { name: 'Training progress' }).getAttribute('aria-valuenow'))).toBeLessThan(100);
  await page.getByRole('button', { name: 'Run 1', exact: true }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished');

  // Charts export as PNG and SVG files.
  await page.getByRole('tab', { name: 'Insight' }).click();
  const lossChart = page.getByRole('group', { name: 'Loss per epoch' });
  // A tooltip within the page's CSP (the fixture fails the story on any violation): readable,
  // the series name apart from its value.
  await lossChart.scrollIntoViewIfNeeded();
  const plot = lossChart.locator('canvas').first();
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5);
  await page.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.55);
  const tip = page.locator('.chart-tip').filter({ visible: true }).first();
  await expect(tip).toBeVisible();
  await expect(tip.locator('.chart-tip-row').first().locator('.chart-tip-name')).toHaveText(/loss/);
  await expect(tip.locator('.chart-tip-row').first().locator('.chart-tip-value')).toHaveText(/^\d+(\.\d+)?(e-?\d+)?$/);
  await page.mouse.move(0, 0);
  for (const [button, extension, magic] of [
    ['Export PNG', '.png', '\x89PNG'],
    ['Export SVG', '.svg', '<svg'],
  ] as const) {
    const download = page.waitForEvent('download');
    await lossChart.getByRole('button', { name: button }).click();
    const file = await download;
    expect(file.suggestedFilename().endsWith(extension)).toBe(true);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 64).toString('latin1')).toContain(magic);
  }
});
