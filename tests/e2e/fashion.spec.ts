// The second story: the lecture's 784-256-10 trained on a Fashion-MNIST file set picked
// through the file chooser, then the gallery of predictions and the confusion matrix. No
// main-thread task over 50 ms from the press of Start to the end of the run. The page is
// cross-origin isolated, so the engine trains with its WebAssembly kernel on two threads.

import { expect, longTasksSince, openStudio, pageNow, runFinishedAt, test } from './fixtures';
import { fashionSubset } from './fashion-files';
import { runAccuracy, setNumber } from './helpers';

test('trains 784-256-10 on Fashion-MNIST files from the chooser and shows the gallery and confusion matrix', async ({ page, watched }) => {
  void watched;
  const folder = fashionSubset(3000, 500);
  await openStudio(page);

  await page.getByRole('tab', { name: 'Data' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open dataset folder…' }).click();
  await (await chooser).setFiles(folder);
  // The folder's name says Fashion-MNIST: the samples carry its class names.
  await expect(page.getByRole('img', { name: /Trouser/ }).first()).toBeVisible();
  // 3000 training images, about 20% held out for validation (stratified per class); the t10k
  // pair is the test split.
  const sizes = page.getByText(/^training \d+, validation \d+, test \d+$/).first();
  await expect(sizes).toBeVisible();
  const [train, validation, test500] = ((await sizes.textContent()) ?? '').match(/\d+/g)!.map(Number);
  expect(train + validation).toBe(3000);
  expect(Math.abs(validation - 600)).toBeLessThanOrEqual(10);
  expect(test500).toBe(500);

  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: 'Lecture 784-256-10' }).click();
  // 784·256+256 + 256·10+10 parameters.
  await expect(page.getByText('Parameters: 203,530').filter({ visible: true })).toBeVisible();

  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('combobox', { name: 'Optimizer' }).selectOption('sgd');
  await setNumber(page.getByRole('spinbutton', { name: 'Learning rate' }), 0.01);
  await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), 3);
  const started = await pageNow(page);
  await page.getByRole('button', { name: 'Start' }).click();
  const finished = await runFinishedAt(page);
  expect(await longTasksSince(page, started, finished)).toEqual([]);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('run-kernel')).toHaveText(/^wasm-simd(-fma)? x2$/);
  // Three epochs on 2,400 images: far above the 10% of guessing, far below the lecture's 87%.
  expect(await runAccuracy(page, 'Run 1')).toBeGreaterThan(0.6);

  await page.getByRole('tab', { name: 'Insight' }).click();
  await expect(page.getByRole('img', { name: 'Confusion matrix heatmap' })).toBeVisible();
  const gallery = page.getByRole('list', { name: 'Predictions on held-out samples' });
  await expect(gallery.getByRole('listitem', { name: /^Predicted .*, true .*, (correct|wrong)/ }).first()).toBeVisible();
  const items = await gallery.getByRole('listitem', { name: /^Predicted / }).count();
  expect(items).toBe(24);
  const right = await gallery.getByRole('listitem', { name: /, correct/ }).count();
  expect(right).toBeGreaterThan(items / 2);
});

test('trains 784-256-10 for 40 epochs on two engine threads with no long task in the window', async ({ page, watched }) => {
  void watched;
  await openStudio(page);
  await page.getByRole('tab', { name: 'Data' }).click();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open dataset folder…' }).click();
  await (await chooser).setFiles(fashionSubset(3000, 500));
  await expect(page.getByRole('img', { name: /Trouser/ }).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Network' }).click();
  await page.getByRole('button', { name: 'Lecture 784-256-10' }).click();
  await page.getByRole('tab', { name: 'Training' }).click();
  await page.getByRole('combobox', { name: 'Optimizer' }).selectOption('sgd');
  await setNumber(page.getByRole('spinbutton', { name: 'Learning rate' }), 0.01);
  await setNumber(page.getByRole('spinbutton', { name: 'Epochs' }), 40);
  const started = await pageNow(page);
  await page.getByRole('button', { name: 'Start' }).click();
  // The kernel and its threads stand next to samples/s while the run trains.
  await expect(page.getByTestId('run-kernel')).toHaveText(/^wasm-simd(-fma)? x2$/);
  await expect(page.getByTestId('run-state')).toHaveText('Training');
  const finished = await runFinishedAt(page);
  expect(await longTasksSince(page, started, finished)).toEqual([]);
  // 40 epochs of 2,400 images (96,000 samples): far above guessing, whichever thread count.
  expect(await runAccuracy(page, 'Run 1')).toBeGreaterThan(0.6);
});
