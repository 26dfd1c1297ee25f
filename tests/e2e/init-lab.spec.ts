// The initialization lab: the lecture's networks one click each, measured before any training.
// A 7-layer sigmoid network's activation spread shrinks layer after layer and its first layer
// gets a vanishing share of the gradient; He initialization keeps a 7-layer ReLU network's
// spread roughly constant; zero initialization is named as symmetric, not as dead units.

import type { Page } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';

/** A depth chart's numbers, from its text alternative: initializer -> values by depth. */
async function depthValues(page: Page, chart: string): Promise<Map<string, number[]>> {
  const img = page.getByRole('img', { name: chart });
  await expect(img).toBeVisible();
  const id = await img.getAttribute('aria-describedby');
  const text = (await page.locator(`[id="${id}"]`).textContent()) ?? '';
  return new Map(
    text.split('; ').map((line) => {
      const [name, values] = line.split(': ');
      return [name, values.split(', ').map((pair) => Number(pair.split(' ')[1]))];
    }),
  );
}

test('the initialization lab shows sigmoid layers fading with depth and He keeping a ReLU network alive', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  await page.getByRole('tab', { name: 'Init lab' }).click();
  const lab = page.getByRole('region', { name: 'Initialization lab' });
  const presets = lab.getByRole('group', { name: "The lecture's networks" });

  await presets.getByRole('button', { name: 'Sigmoid, 7 hidden layers', exact: true }).click();
  await expect(lab.getByText(/Activation: sigmoid/)).toBeVisible();
  await expect(lab.getByRole('status')).toHaveCount(0);
  const sigmoid = await depthValues(page, 'Activation spread by depth');
  const torch = sigmoid.get('PyTorch default')!;
  expect(torch).toHaveLength(7);
  for (let i = 1; i < 7; i++) expect(torch[i]).toBeLessThan(torch[i - 1]);
  expect(torch[6] / torch[0]).toBeLessThan(0.05);
  const gradients = (await depthValues(page, 'Weight gradient by depth')).get('PyTorch default')!;
  expect(gradients[0] / gradients[gradients.length - 1]).toBeLessThan(1e-3);
  const findings = page.getByRole('region', { name: 'Findings' });
  await expect(findings).toContainText('PyTorch default: vanishing gradients');
  await expect(findings).toContainText('Zeros: every unit of');
  await expect(findings).not.toContainText('Zeros: 100%');

  await presets.getByRole('button', { name: 'ReLU, 7 hidden layers' }).click();
  await expect(lab.getByText(/Activation: relu/)).toBeVisible();
  await expect(lab.getByRole('status')).toHaveCount(0);
  const relu = await depthValues(page, 'Activation spread by depth');
  const he = relu.get('He normal')!;
  expect(he).toHaveLength(7);
  for (const s of he) expect(s / he[0]).toBeGreaterThan(0.4);
  const xavier = relu.get('Xavier normal')!;
  expect(xavier[6] / xavier[0]).toBeLessThan(0.1);

  // The preset is an edit of the project: undo brings the sigmoid network back.
  await page.keyboard.press('Control+z');
  await expect(lab.getByText(/Activation: sigmoid/)).toBeVisible();
});
