// The third story: the dying-ReLU and vanishing-gradient warnings appear on networks
// built to cause them, in plain language, on the insight view.

import { expect, openStudio, test } from './fixtures';
import { block, blockIds, setNumber } from './helpers';

/** Appends blocks with the palette's keyboard route (each goes before the output, linked). */
async function append(page: import('@playwright/test').Page, kinds: string[]): Promise<string[]> {
  // From the bare chain (input straight to output), not the opening project's own network.
  if ((await blockIds(page)).length > 2) await page.getByRole('button', { name: 'Empty canvas' }).click();
  await expect.poll(async () => (await blockIds(page)).length).toBe(2);
  const added: string[] = [];
  for (const kind of kinds) {
    const before = await blockIds(page);
    await page.getByRole('button', { name: `Add ${kind} block` }).click();
    await expect.poll(async () => (await blockIds(page)).length).toBe(before.length + 1);
    added.push((await blockIds(page)).find((id) => !before.includes(id))!);
  }
  return added;
}

async function train(page: import('@playwright/test').Page, epochs: number): Promise<void> {
  await page.getByRole('tab', { name: 'Training' }).click();
  await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), epochs);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Insight' }).click();
}

test('warns of vanishing gradients in a 7-hidden-layer sigmoid network', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  const blocks = await append(page, Array.from({ length: 7 }, () => ['Dense', 'Activation']).flat());
  for (const id of blocks.filter((_, i) => i % 2 === 1)) {
    await block(page, id).click();
    await page.getByRole('combobox', { name: 'Activation' }).selectOption('sigmoid');
  }
  await expect(page.getByText(/^Parameters: [\d,]+/).filter({ visible: true })).toBeVisible();
  await train(page, 2);
  await expect(page.getByText(/vanishing gradients/i).filter({ visible: true })).toBeVisible();
});

test('warns of dying ReLU units when a layer\u2019s biases start at a large negative constant', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  const [dense] = await append(page, ['Dense', 'Activation']);
  await block(page, dense).click();
  await page.getByRole('combobox', { name: 'Bias initializer' }).selectOption('constant');
  await setNumber(page.getByRole('spinbutton', { name: 'Bias value' }), -10);
  await expect(block(page, dense)).toBeVisible();
  await train(page, 2);
  await expect(page.getByText(/units are dead/)).toBeVisible();
  // The dead units explain the silent first layer: no second warning calls it vanishing.
  const list = page.getByRole('region', { name: 'Training warnings' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('Start the biases at 0 instead of -10');
});
