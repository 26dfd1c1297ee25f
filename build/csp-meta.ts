// The Content-Security-Policy as a <meta> tag in index.html, for both editions: the desktop app
// also sends it as a header (main/security.ts); the browser edition has only the tag.

import type { Plugin } from 'vite';
import { contentSecurityPolicy } from '../main/security';

/** In development the exact dev-server port is unknown here; main's header names it. */
export function cspMeta(devServer: boolean): Plugin {
  return {
    name: 'mlp-studio:csp-meta',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: contentSecurityPolicy({ forMeta: true, devServerUrl: devServer ? 'http://localhost:*' : undefined }),
        },
        injectTo: 'head-prepend',
      },
    ],
  };
}
