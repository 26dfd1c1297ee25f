// The studio is usable by keyboard alone: every step of this story is a key press (Tab to reach a
// control, Enter or Space to press it, typing, arrows, shortcuts); no click, no fill.

import type { Locator, Page } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';
import { block, blockIds } from './helpers';

const isFocused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails if it is not reachable. */
async function tabTo(page: Page, target: Locator, direction: 'forward' | 'backward' = 'forward'): Promise<void> {
  await expect(target).toBeVisible();
  for (let presses = 0; presses < 120; presses++) {
    if (await isFocused(target)) {
      // Focus must be seen: a visible outline (or the browser's focus ring) on the control.
      const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline, 'focused control shows an outline').not.toBe('none');
      return;
    }
    await page.keyboard.press(direction === 'forward' ? 'Tab' : 'Shift+Tab');
  }
  throw new Error(`${target.toString()} cannot be reached with the Tab key`);
}

/** Replaces a focused field's text by typing, and commits it with Enter. */
async function typeInto(page: Page, value: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

test('builds, edits, undoes, trains and reads a network with the keyboard alone', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  const start = await blockIds(page);

  // Add a Dense block from the palette with Enter: it joins the chain and is selected.
  await tabTo(page, page.getByRole('button', { name: 'Add Dense block' }));
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await blockIds(page)).length).toBe(start.length + 1);
  const dense = (await blockIds(page)).find((id) => !start.includes(id))!;
  await tabTo(page, page.getByRole('spinbutton', { name: 'Units' }));
  await typeInto(page, '12');
  await expect(block(page, dense)).toHaveAttribute('aria-label', /12 units/);

  // An Activation block with Space, then tanh chosen by typing in the closed list.
  await tabTo(page, page.getByRole('button', { name: 'Add Activation block' }), 'backward');
  await page.keyboard.press('Space');
  await expect.poll(async () => (await blockIds(page)).length).toBe(start.length + 2);
  const activation = (await blockIds(page)).find((id) => !start.includes(id) && id !== dense)!;
  const picker = page.getByRole('combobox', { name: 'Activation' });
  await tabTo(page, picker);
  await page.keyboard.type('Tanh');
  await expect(picker).toHaveValue('tanh');
  await expect(block(page, activation)).toHaveAttribute('aria-label', /Tanh/i);

  // On the canvas: focus the Dense block, select it with Enter, delete it with Delete.
  await tabTo(page, block(page, dense), 'backward');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('spinbutton', { name: 'Units' })).toHaveValue('12');
  await page.keyboard.press('Delete');
  await expect.poll(() => blockIds(page)).not.toContain(dense);
  // Undo brings it back with its units; redo deletes it again; undo once more to keep it.
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => blockIds(page)).toContain(dense);
  await expect(block(page, dense)).toHaveAttribute('aria-label', /12 units/);
  await page.keyboard.press('ControlOrMeta+Shift+Z');
  await expect.poll(() => blockIds(page)).not.toContain(dense);
  await page.keyboard.press('ControlOrMeta+Z');
  await expect.poll(() => blockIds(page)).toContain(dense);
  // Escape clears the selection, and with it the inspector.
  await tabTo(page, block(page, dense), 'backward');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('spinbutton', { name: 'Units' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('spinbutton', { name: 'Units' })).toBeHidden();

  // Views by arrow keys in the tab list, then the Training view's fields.
  // The story so far ran on the workbench, the view the studio opens on.
  const workbenchTab = page.getByRole('tab', { name: 'Workbench' });
  await tabTo(page, workbenchTab, 'backward');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Network' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Data' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Training' })).toHaveAttribute('aria-selected', 'true');
  await tabTo(page, page.getByRole('spinbutton', { name: 'Epochs' }));
  await typeInto(page, '8');
  await expect(page.getByRole('spinbutton', { name: 'Epochs' })).toHaveValue('8');

  // Start with its shortcut, and read the outcome on the Insight view (also by shortcut).
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(page.getByTestId('run-state')).toHaveText('Finished', { timeout: 60_000 });
  await page.keyboard.press('ControlOrMeta+5');
  await expect(page.getByRole('tab', { name: 'Insight' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('img', { name: 'Loss per epoch' })).toBeVisible();

  // Save with its shortcut: the browser edition downloads the project.
  const download = page.waitForEvent('download');
  await page.keyboard.press('ControlOrMeta+S');
  expect((await download).suggestedFilename()).toMatch(/\.mlpstudio$/);

  // The shortcuts themselves are one key away, and Escape puts the dialog away.
  await page.keyboard.press('ControlOrMeta+/');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: 'Ctrl+Z Undo' })).toBeVisible();
  await expect(help.getByRole('table', { name: 'Network canvas' })).toContainText('Alt+↑ / Alt+↓');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
