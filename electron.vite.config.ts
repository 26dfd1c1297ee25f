// electron-vite's build of the three bundles into out/: the main process (ESM, as package.json
// is "type": "module"), the preload (CommonJS: a sandboxed preload cannot be an ES module) and
// the renderer page, which gets the Content-Security-Policy as a <meta> tag too.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { cspMeta } from './build/csp-meta';

// Paths from this file, not the working directory.
const root = fileURLToPath(new URL('.', import.meta.url));
const at = (path: string): string => resolve(root, path);

export default defineConfig(({ command }) => ({
  main: {
    build: {
      // The app's main process, the engine it forks as a utility process (out/main/engine.js) and
      // the engine's kernel helper thread (out/main/gemm-helper.js).
      lib: {
        entry: {
          index: at('main/index.ts'),
          engine: at('main/engine/engine-process.ts'),
          'gemm-helper': at('main/engine/gemm-helper.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron' (and a few Node builtins), so zod,
      // which it uses to check what main sends, is bundled in.
      externalizeDeps: false,
      lib: { entry: { index: at('main/preload.ts') }, formats: ['cjs'] },
    },
  },
  renderer: {
    root: at('renderer'),
    plugins: [vue(), cspMeta(command === 'serve')],
    build: {
      rolldownOptions: { input: at('renderer/index.html') },
    },
  },
}));
