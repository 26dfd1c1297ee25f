// Steps the end-to-end stories share: building a chain of blocks on the canvas, setting fields,
// and reading a run's outcome.

import { expect, type Locator, type Page } from '@playwright/test';

export const canvas = (page: Page) => page.getByRole('region', { name: 'Network canvas' });
export const block = (page: Page, id: string) => page.getByRole('group', { name: new RegExp(`block ${id}\\b`) });

/** Drags a block from the palette onto the canvas at (x, y) and returns its new id. */
export async function dragBlock(page: Page, kind: string, x: number, y: number): Promise<string> {
  const before = await blockIds(page);
  await page.getByRole('button', { name: `Add ${kind} block` }).dragTo(canvas(page), { targetPosition: { x, y } });
  await expect.poll(async () => (await blockIds(page)).length).toBe(before.length + 1);
  const after = await blockIds(page);
  return after.find((id) => !before.includes(id))!;
}

export async function blockIds(page: Page): Promise<string[]> {
  const names = await canvas(page).getByRole('group', { name: /block b\d+/ }).evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  return names.map((n) => /block (b\d+)/.exec(n)![1]);
}

/** Selects a block and makes `next` the block it feeds, through the inspector. */
export async function link(page: Page, from: string, next: string): Promise<void> {
  await block(page, from).click();
  const select = page.getByRole('combobox', { name: 'Next block' });
  const option = select.locator('option', { hasText: new RegExp(`\\b${next}$`) });
  await select.selectOption((await option.getAttribute('value'))!);
}

export async function setNumber(field: Locator, value: number | string): Promise<void> {
  await field.fill(String(value));
  await field.press('Enter');
}

/** The id of the only block of a kind ('Input', 'Output'). */
export async function onlyBlock(page: Page, kind: string): Promise<string> {
  const name = await canvas(page).getByRole('group', { name: new RegExp(`^${kind} block b\\d+`) }).getAttribute('aria-label');
  return /block (b\d+)/.exec(name!)![1];
}

/** The finished run's last accuracy as the run list states it (validation when there is one). */
export async function runAccuracy(page: Page, runName: string): Promise<number> {
  const row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: runName, exact: true }) });
  const text = (await row.textContent()) ?? '';
  const m = /accuracy ([\d.]+)%/.exec(text);
  if (!m) throw new Error(`no accuracy in '${text}'`);
  return Number(m[1]) / 100;
}
