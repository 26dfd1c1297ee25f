// The browser edition: the same renderer as the desktop app, with the engine in a Web Worker,
// built into out/web. `npm run web` builds and serves it; `npm run web:dev` serves it with hot reload.

import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';
import { cspMeta } from './build/csp-meta';
import { CROSS_ORIGIN_ISOLATION } from './main/security';

const at = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig(({ command }) => ({
  root: at('./renderer'),
  base: './',
  plugins: [vue(), cspMeta(command === 'serve')],
  worker: { format: 'es' },
  build: {
    outDir: at('./out/web'),
    emptyOutDir: true,
    // One chunk per heavy library keeps the first paint small; ECharts is the largest.
    chunkSizeWarningLimit: 1500,
  },
  // Cross-origin isolated, so the engine's worker threads can share memory (SharedArrayBuffer).
  server: { port: 5173, strictPort: true, headers: { ...CROSS_ORIGIN_ISOLATION } },
  preview: { port: 4173, strictPort: true, headers: { ...CROSS_ORIGIN_ISOLATION } },
}));
