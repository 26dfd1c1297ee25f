// Bad files opened in the window get the one-line messages the command line prints for them,
// naming the file, and lose nothing: the open project and its data stay as they were.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openStudio, test } from './fixtures';

function file(name: string, content: string | Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'mlp-studio-bad-')), name);
  writeFileSync(path, content);
  return path;
}

async function choose(page: Page, button: string, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: button }).click();
  await (await chooser).setFiles(path);
}

test('a broken project and a one-class table get one line each naming the file, and the studio keeps working', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  const name = page.getByRole('textbox', { name: 'Project name' });
  await expect(name).toHaveValue('Untitled');

  await choose(page, 'Open…', file('broken.json', '{"format": "mlp-studio-project", "version": 1,\n  "dataset": '));
  const alert = page.getByRole('alert').filter({ hasText: 'broken.json' });
  await expect(alert).toHaveText(/broken\.json is not valid JSON: .*\(line 2, column \d+\)/);
  expect(((await alert.textContent()) ?? '').split('\n').filter((l) => l.trim()).length).toBe(1);
  await expect(name).toHaveValue('Untitled');
  await expect(page.getByText('Parameters: 354').filter({ visible: true })).toBeVisible();

  await page.getByRole('tab', { name: 'Data' }).click();
  await choose(page, 'Open dataset file…', file('one-class.csv', 'x,y,label\n1,2,cat\n3,4,cat\n5,6,cat\n'));
  await expect(page.getByText('one-class.csv').filter({ visible: true }).first()).toBeVisible();
  // Training on it is refused in one line that names the file, and nothing is lost.
  const start = page.getByRole('region', { name: 'Run bar' }).getByRole('button', { name: /^Start/ });
  await start.click();
  await expect(page.getByRole('alert').filter({ hasText: "every row has label 'cat'" })).toHaveText(
    /^Every row has label 'cat'; classification needs at least two classes \(dataset 'one-class\.csv'\)/,
  );
  await page.getByRole('combobox', { name: 'Built-in dataset' }).selectOption('spirals');
  await start.click();
  await expect(page.getByTestId('run-state')).toHaveText('Finished');
});
