// End-to-end tests of the browser edition in Debian's Chromium (Playwright's own browser
// downloads are not available here): the built edition served by `vite preview`.

import { defineConfig } from '@playwright/test';

const PORT = 4173;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  // Two cores: the engine worker and the page already share them.
  workers: 1,
  fullyParallel: false,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  retries: 0,
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    },
    viewport: { width: 1400, height: 900 },
    // No DOM snapshots and no screencast: a snapshot runs in the page's main thread at every
    // action, and the screencast encodes frames on the same two cores the window and the engine
    // share; the stories measure that thread's long tasks. The action log stays.
    trace: { mode: 'retain-on-failure', snapshots: false, screenshots: false },
  },
  webServer: {
    command: `npx vite preview --config vite.web.config.ts --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
