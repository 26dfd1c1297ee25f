// Serves the packaged renderer from app://studio/, a privileged standard scheme (a real origin
// for 'self' in the CSP, unlike file://), refusing every path outside the renderer folder.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Net, Protocol } from 'electron';
import { CROSS_ORIGIN_ISOLATION } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready: schemes are registered at startup only. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/**
 * The file under `rendererRoot` that an app:// URL names, or null for anything else: another
 * scheme or host, an undecodable path, NUL bytes, backslashes, or a path that resolves outside.
 */
export function resolveAppPath(requestUrl: string, rendererRoot: string): string | null {
  let url: URL;
  let pathname: string;
  try {
    url = new URL(requestUrl);
    // Decoded after URL parsing, so an encoded '..' or '/' is caught by the check below.
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = resolve(rendererRoot);
  const target = resolve(root, `.${pathname}`);
  const rel = relative(root, target);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return null;
  return target;
}

/** Answers app:// requests from the renderer folder, each response carrying the CSP and cross-origin isolation. */
export function serveRenderer(
  protocol: Pick<Protocol, 'handle'>,
  net: Pick<Net, 'fetch'>,
  rendererRoot: string,
  policy: string,
): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const path = resolveAppPath(request.url, rendererRoot);
    if (!path) return new Response('Not found', { status: 404 });
    let file: Response;
    try {
      file = await net.fetch(pathToFileURL(path).toString());
    } catch {
      return new Response('Not found', { status: 404 });
    }
    const headers = new Headers(file.headers);
    headers.set('Content-Security-Policy', policy);
    headers.set('X-Content-Type-Options', 'nosniff');
    for (const [name, value] of Object.entries(CROSS_ORIGIN_ISOLATION)) headers.set(name, value);
    return new Response(file.body, { status: file.status, headers });
  });
}
