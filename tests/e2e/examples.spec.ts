// The lecture's worked examples open in the studio and show the lecture's numbers: Example 2's
// single SGD step (loss 0.989, then 0.972; the second hidden unit dead; the updated weights), and
// Example 6's zero-initialized MLP, whose training stays at log 3 = 1.0986 for 100 epochs.

import type { Page } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';

async function openExample(page: Page, name: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Lecture examples' }).selectOption({ label: name });
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue(name);
}

const numberIn = async (page: Page, testId: string) => Number(await page.getByTestId(testId).textContent());

test('Example 2 shows one SGD step with the lecture’s numbers, and Example 6 stays stuck at log 3', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  await openExample(page, 'Example 2: dying ReLU');
  await expect(page.getByRole('tab', { name: 'Step' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByText(/second hidden unit outputs 0/)).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Start from' }).first()).toHaveValue('weights');

  await page.getByRole('button', { name: 'Inspect one step' }).click();
  await expect(page.getByTestId('loss-before')).toBeVisible();
  // The lecture prints three decimals: 0.989 before, 0.972 after.
  expect(Math.abs((await numberIn(page, 'loss-before')) - 0.989)).toBeLessThanOrEqual(0.0005);
  expect(Math.abs((await numberIn(page, 'loss-after')) - 0.972)).toBeLessThanOrEqual(0.0005);
  await expect(page.getByRole('region', { name: 'Step summary' })).toContainText('Unit 2 of 2 of layer 2 (ReLU) output 0 for every row and pass back no gradient');
  // W_h after the update: [[0.8611, -1.04], [0.4102, -0.65]]; dL/dW_h = [[-0.114, 0], [-0.0152, 0]].
  const after = page.getByRole('table', { name: /^Layer 1 weight after/ });
  await expect(after.getByRole('row')).toHaveText(['0.8611-1.04', '0.4102-0.65']);
  const gradient = (await page.getByRole('table', { name: /^dL\/d Layer 1 weight/ }).getByRole('cell').allTextContents()).map(Number);
  [-0.114, 0, -0.0152, 0].forEach((lecture, i) => expect(Math.abs(gradient[i] - lecture), `dL/dW_h[${i}]`).toBeLessThanOrEqual(0.00005 + 0.0005 * (i === 0 ? 1 : 0.1)));

  // The diagram carries the lecture's numbers: h = [1.372, -1.69], ReLU = [1.372, 0].
  const diagram = page.getByRole('img', { name: 'Network diagram with the step\'s numbers' });
  await expect(diagram).toContainText('z 1.372');
  await expect(diagram).toContainText('z -1.69');
  await expect(diagram).toContainText('a 0');

  // Walking on: step 2 starts from the weights step 1 left, so its loss before the update is the
  // lecture's "forward again" loss, 0.972, and its first hidden unit the lecture's h1 = 1.3745.
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('step-number')).toHaveText('Step 2');
  expect(Math.abs((await numberIn(page, 'loss-before')) - 0.972)).toBeLessThanOrEqual(0.0005);
  const h1 = Number(/z (-?[\d.]+)/.exec((await diagram.locator('text', { hasText: /^z / }).first().textContent()) ?? '')?.[1]);
  expect(Math.abs(h1 - 1.3745)).toBeLessThanOrEqual(0.0006);
  await page.getByRole('button', { name: 'Next step' }).click();
  await expect(page.getByTestId('step-number')).toHaveText('Step 3');
  // Still dead: the second hidden unit outputs 0 and gets no gradient, step after step.
  await expect(page.getByRole('region', { name: 'Step summary' })).toContainText('Unit 2 of 2 of layer 2 (ReLU) output 0 for every row');
  expect(await numberIn(page, 'loss-before')).toBeLessThan(0.972);

  // Example 6: every weight zero. No gradient reaches the hidden layer, and the loss stays log 3.
  await openExample(page, 'Example 6: zero initialization breaks an MLP');
  await page.getByRole('button', { name: 'Inspect one step' }).click();
  await expect(page.getByRole('region', { name: 'Step summary' })).toContainText('No gradient reaches Layer 1 weight, Layer 1 bias, Layer 3 weight');
  // Its hidden units are copies of one another, which is not dying ReLU.
  await expect(page.getByRole('region', { name: 'Step summary' })).toContainText('copies of one another');
  await expect(page.getByRole('region', { name: 'Step summary' })).not.toContainText('dead');
  expect(Math.abs((await numberIn(page, 'loss-before')) - Math.log(3))).toBeLessThanOrEqual(0.00005);

  await page.getByRole('tab', { name: 'Training' }).click();
  await expect(page.getByRole('spinbutton', { name: 'Epochs' })).toHaveValue('100');
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished');
  await page.getByRole('tab', { name: 'Insight' }).click();
  const chart = page.getByRole('img', { name: 'Loss per epoch' });
  const summary = (await page.locator(`[id="${await chart.getAttribute('aria-describedby')}"]`).textContent()) ?? '';
  const printed = /after epoch 100, train loss ([\d.]+)/.exec(summary)?.[1] ?? '';
  // As printed on the chart (to its last digit), and then exactly: one step from the trained
  // weights still starts at log 3, with the hidden weights still all zero.
  expect(Math.abs(Number(printed) - Math.log(3))).toBeLessThanOrEqual(0.5 * 10 ** -(printed.split('.')[1]?.length ?? 0));
  await page.getByRole('tab', { name: 'Step' }).click();
  await expect(page.getByRole('combobox', { name: 'Start from' }).first()).toHaveValue('weights');
  await page.getByRole('button', { name: 'Inspect one step' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'has changed' })).toHaveCount(0);
  expect(Math.abs((await numberIn(page, 'loss-before')) - Math.log(3))).toBeLessThanOrEqual(0.00005);
  const hidden = await page.getByRole('table', { name: /^Layer 1 weight before/ }).getByRole('cell').allTextContents();
  expect(hidden).toEqual(['0', '0', '0', '0']);
});
