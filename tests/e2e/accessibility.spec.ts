// Every view, with a dataset loaded, a run finished and a step inspected (so every control,
// chart and table is on screen), passes axe-core's WCAG 2 A and AA rules: every control has an
// accessible name, images and charts have text, ARIA is used as specified, and text contrast
// is sufficient, in the light theme and the dark one; the Keyboard Shortcuts dialog too.

import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';
import { setNumber } from './helpers';

const VIEWS = ['Network', 'Data', 'Training', 'Insight', 'Step', 'Init lab'] as const;

/** axe's findings on the shown view, one line each: rule, what is wrong, where. */
async function violations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Views not shown are kept laid out off screen (charts keep their size); they are checked when shown.
    .exclude('.panel.off')
    .analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim()} at ${n.target.join(' ')}`));
}

test('every view passes the WCAG 2 A and AA checks in both themes', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  await page.getByRole('tab', { name: 'Data' }).click();
  await page.getByRole('combobox', { name: 'Built-in dataset' }).selectOption('spirals');
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: 'Lecture 2-2-3 example' }).click();
  await page.getByRole('tab', { name: 'Training' }).click();
  await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), 10);
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished');
  await page.getByRole('tab', { name: 'Step' }).click();
  await page.getByRole('button', { name: 'Inspect one step' }).click();
  await expect(page.getByRole('region', { name: 'Step summary' })).toBeVisible();
  await page.getByRole('tab', { name: 'Network' }).click();
  // The inspector's controls are on screen only with a block selected.
  await page.getByRole('group', { name: /^Dense block/ }).first().click();

  for (const theme of ['light', 'dark']) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption(theme);
    for (const view of VIEWS) {
      await page.getByRole('tab', { name: view }).click();
      await expect(page.getByRole('tab', { name: view })).toHaveAttribute('aria-selected', 'true');
      expect(await violations(page), `${view} view, ${theme} theme`).toEqual([]);
    }
    await page.getByRole('button', { name: 'Shortcuts' }).click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    expect(await violations(page), `Keyboard shortcuts dialog, ${theme} theme`).toEqual([]);
    await page.getByRole('button', { name: 'Close' }).click();
  }
});
