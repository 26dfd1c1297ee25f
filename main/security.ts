// The window's security in one place (Electron's security checklist): web preferences, the
// Content-Security-Policy, and the refusals of navigation, new windows, permissions and webviews.
// Electron objects come in as arguments, so the build config can import the CSP from here.

import type { Session, WebContents, WebPreferences } from 'electron';

/** The window's web preferences: an isolated, sandboxed page without Node. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

export interface CspOptions {
  /** The electron-vite dev server (development only; 'http://localhost:*' allowed): its websocket carries hot reloads. */
  readonly devServerUrl?: string;
  /** For a <meta> tag, which ignores frame-ancestors (and warns about it). */
  readonly forMeta?: boolean;
}

/**
 * The page's Content-Security-Policy: everything from the app itself, no eval, no plugins, no
 * frames, no network beyond the app (the engine talks over a MessagePort, not the network).
 * Development adds the dev server's websocket and inline styles, which Vite injects for hot reload.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerUrl ? /^(https?):\/\/([^/?#]+)/.exec(options.devServerUrl) : null;
  if (options.devServerUrl && !dev) throw new Error(`Not a dev server URL: ${options.devServerUrl}`);
  // Parsed by hand rather than with URL, so the build config can pass a port wildcard.
  const devSocket = dev ? `${dev[1] === 'https' ? 'wss' : 'ws'}://${dev[2]}` : undefined;
  const directives: Array<[string, ...string[]]> = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", ...(dev ? ["'unsafe-inline'"] : [])],
    // Charts export PNGs as data: URLs and previews of image datasets are drawn from blobs.
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(devSocket ? [devSocket] : [])],
    ['worker-src', "'self'"],
    ['media-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ];
  if (!options.forMeta) directives.push(['frame-ancestors', "'none'"]);
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * Cross-origin isolation, so the page and its workers may share memory (SharedArrayBuffer): the
 * browser edition's engine splits each product between two worker threads that way. Everything
 * the studio loads is its own, so requiring CORP costs nothing.
 */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Sites whose links the app opens in the user's browser: exact https origins, nothing else.
 * Everything else a page tries to open or navigate to is dropped.
 */
export const EXTERNAL_ORIGINS: readonly string[] = [
  'https://github.com',
  'https://en.wikipedia.org',
  'https://pytorch.org',
  'https://docs.pytorch.org',
];

export function isAllowedExternalUrl(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && !u.username && !u.password && EXTERNAL_ORIGINS.includes(u.origin);
}

export type OpenExternal = (url: string) => Promise<void>;

/** Opens an allowlisted link with the given opener (shell.openExternal); false when refused. */
export async function openExternalIfAllowed(url: string, openExternal: OpenExternal): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await openExternal(url);
  return true;
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  readonly webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** Sends the policy, and cross-origin isolation, as response headers on every response the session loads. */
export function applyContentSecurityPolicy(session: SessionLike, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    const isolation = Object.fromEntries(Object.entries(CROSS_ORIGIN_ISOLATION).map(([k, v]) => [k, [v]]));
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy], ...isolation } });
  });
}

/** The studio needs no camera, location, notifications, clipboard reads or devices: deny them all. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export function hardenSession(session: SessionLike, policy: string): void {
  applyContentSecurityPolicy(session, policy);
  denyAllPermissions(session);
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * For every webContents (main wires it to app 'web-contents-created'): no navigation away from
 * the app, no new windows, no webviews. Allowlisted https links go to the browser instead.
 */
export function hardenWebContents(contents: ContentsLike, openExternal: OpenExternal): void {
  const toBrowser = (url: string): void => {
    // A refused or failed open changes nothing for the page, so there is nothing to report back.
    openExternalIfAllowed(url, openExternal).catch(() => undefined);
  };
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    toBrowser(event.url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    toBrowser(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
