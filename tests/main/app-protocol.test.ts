// Checklist 18, avoid file:// and serve from a custom protocol: app://studio/ serves the renderer
// folder only, refusing every path that leads outside it, with the CSP header on each response.

import { join, resolve, sep } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { APP_INDEX_URL, registerAppScheme, resolveAppPath, serveRenderer } from '../../main/app-protocol';
import { net, protocol, protocolHandlers } from './electron-stub';

vi.mock('electron', () => import('./electron-stub'));

const ROOT = resolve('/opt/mlp-studio/resources/app.asar/out/renderer');
const POLICY = "default-src 'self'";

const ESCAPES = [
  'app://studio/../../../etc/passwd',
  'app://studio/%2e%2e/%2e%2e/etc/passwd',
  'app://studio/assets/..%2f..%2f..%2fetc%2fpasswd',
  'app://studio/..%5c..%5cwindows%5csystem32',
  'app://studio/assets%5c..%5c..%5csecret',
  'app://studio/index.html%00.png',
  'app://studio/%E0%A4%A',
  'app://other/index.html',
  'app://studio:8080/index.html',
  'file:///etc/passwd',
  'https://studio/index.html',
];

describe('checklist 18: the app:// scheme serves the renderer folder and nothing else', () => {
  it('registers app as a privileged, standard, secure scheme', () => {
    registerAppScheme(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
  });

  it('maps app:// paths into the renderer folder', () => {
    expect(resolveAppPath(APP_INDEX_URL, ROOT)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppPath('app://studio/', ROOT)).toBe(join(ROOT, 'index.html'));
    expect(resolveAppPath('app://studio/assets/index-abc.js?v=1#x', ROOT)).toBe(join(ROOT, 'assets', 'index-abc.js'));
    expect(resolveAppPath('app://studio/assets/a%20b.css', ROOT)).toBe(join(ROOT, 'assets', 'a b.css'));
    // URL parsing folds '..' that stays inside the folder.
    expect(resolveAppPath('app://studio/assets/../index.html', ROOT)).toBe(join(ROOT, 'index.html'));
  });

  it.each(ESCAPES)('never leaves the folder for %s', (url) => {
    const path = resolveAppPath(url, ROOT);
    // Null, or (when URL parsing already folded the '..' away) a path still inside the folder.
    if (path !== null) expect(path.startsWith(ROOT + sep)).toBe(true);
    expect(path).not.toBe('/etc/passwd');
  });

  it('refuses encoded separators, backslashes, NUL bytes, bad escapes and other origins outright', () => {
    for (const url of ESCAPES.slice(2)) expect(resolveAppPath(url, ROOT), url).toBeNull();
  });

  it.each(ESCAPES.slice(2).filter((u) => u.startsWith('app:')))('answers %s with 404 without reading a file', async (url) => {
    serveRenderer(protocol, net, ROOT, POLICY);
    net.fetch.mockClear();
    const response = await protocolHandlers.get('app')!(new Request(url));
    expect(response.status).toBe(404);
    expect(net.fetch).not.toHaveBeenCalled();
  });
});

describe('serving', () => {
  beforeAll(() => {
    protocolHandlers.clear();
    serveRenderer(protocol, net, ROOT, POLICY);
  });
  beforeEach(() => net.fetch.mockClear());

  it('reads the file through net.fetch and adds the CSP and cross-origin isolation headers', async () => {
    const response = await protocolHandlers.get('app')!(new Request(APP_INDEX_URL));
    expect(net.fetch).toHaveBeenCalledWith(`file://${join(ROOT, 'index.html')}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toBe(POLICY);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Content-Type')).toBe('text/html');
    // Isolated, so the page's workers may share memory (the engine's threads in the browser edition).
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
  });

  it('refuses methods other than GET and HEAD, and missing files', async () => {
    const post = await protocolHandlers.get('app')!(new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    net.fetch.mockRejectedValueOnce(new Error('net::ERR_FILE_NOT_FOUND'));
    const missing = await protocolHandlers.get('app')!(new Request('app://studio/nope.js'));
    expect(missing.status).toBe(404);
  });
});
