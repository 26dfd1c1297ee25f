// Electron's security checklist, item by item, for the studio window, its session and every
// webContents: web preferences, the Content-Security-Policy, navigation, new windows,
// shell.openExternal, permissions and webviews.

import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EXTERNAL_ORIGINS,
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  isAllowedExternalUrl,
  openExternalIfAllowed,
  secureWebPreferences,
} from '../../main/security';
import { createMainWindow } from '../../main/window';
import { BrowserWindow, FakeSession, FakeWebContents, fakeEvent } from './electron-stub';

vi.mock('electron', () => import('./electron-stub'));

function windowPreferences(): Record<string, unknown> {
  const win = createMainWindow({ preloadPath: '/app/out/preload/index.cjs', url: 'app://studio/index.html' }) as unknown as BrowserWindow;
  return win.options['webPreferences'] as Record<string, unknown>;
}

/** Each directive of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('checklist 2: no Node.js integration in the page', () => {
  it('nodeIntegration, in workers and subframes, is off in the window created', () => {
    const prefs = windowPreferences();
    expect(prefs['nodeIntegration']).toBe(false);
    expect(prefs['nodeIntegrationInWorker']).toBe(false);
    expect(prefs['nodeIntegrationInSubFrames']).toBe(false);
  });
});

describe('checklist 3: context isolation', () => {
  it('contextIsolation is on, with our preload', () => {
    const prefs = windowPreferences();
    expect(prefs['contextIsolation']).toBe(true);
    expect(prefs['preload']).toBe('/app/out/preload/index.cjs');
  });
});

describe('checklist 4: process sandboxing', () => {
  it('sandbox is on', () => {
    expect(windowPreferences()['sandbox']).toBe(true);
  });
});

describe('checklist 6: webSecurity stays on', () => {
  it('webSecurity is true', () => {
    expect(windowPreferences()['webSecurity']).toBe(true);
  });
});

describe('checklist 8: no allowRunningInsecureContent', () => {
  it('allowRunningInsecureContent is false', () => {
    expect(windowPreferences()['allowRunningInsecureContent']).toBe(false);
  });
});

describe('checklist 9 and 10: no experimental or Blink features', () => {
  it('experimentalFeatures is off and no enableBlinkFeatures is set', () => {
    const prefs = secureWebPreferences('/p.cjs');
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });
});

describe('checklist 7: a Content-Security-Policy', () => {
  const policy = contentSecurityPolicy();
  const d = directives(policy);

  it("default-src and script-src are 'self' only, without unsafe-eval or unsafe-inline", () => {
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).not.toContain('unsafe-inline');
  });

  it("object-src, frames, base-uri and form-action are 'none'", () => {
    for (const name of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action']) {
      expect(d.get(name), name).toEqual(["'none'"]);
    }
  });

  it('names no remote host: connect-src is the app itself', () => {
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(policy).not.toMatch(/https?:|wss?:|\*/);
  });

  it('development adds only the dev server websocket and inline styles', () => {
    const dev = directives(contentSecurityPolicy({ devServerUrl: 'http://localhost:5173/' }));
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173']);
    expect(dev.get('script-src')).toEqual(["'self'"]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('the meta-tag version leaves out frame-ancestors, which meta tags ignore', () => {
    expect(directives(contentSecurityPolicy({ forMeta: true })).has('frame-ancestors')).toBe(false);
  });

  it('is sent as a header on every response of the session, with cross-origin isolation', () => {
    const s = new FakeSession();
    hardenSession(s as never, policy);
    const callback = vi.fn();
    s.headersListener?.({ url: 'app://studio/index.html', responseHeaders: { 'Content-Type': ['text/html'] } }, callback);
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: {
        'Content-Type': ['text/html'],
        'Content-Security-Policy': [policy],
        'Cross-Origin-Opener-Policy': ['same-origin'],
        'Cross-Origin-Embedder-Policy': ['require-corp'],
      },
    });
  });
});

describe('checklist 5: permission requests are denied', () => {
  it('every permission request, check and device request is refused', () => {
    const s = new FakeSession();
    hardenSession(s as never, contentSecurityPolicy());
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fileSystem']) {
      const callback = vi.fn();
      s.permissionRequestHandler?.({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledWith(false);
      expect(s.permissionCheckHandler?.({}, permission, 'app://studio', {}), permission).toBe(false);
    }
    expect(s.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://studio' })).toBe(false);
  });
});

describe('checklist 13: navigation is disabled', () => {
  let contents: FakeWebContents;
  const openExternal = vi.fn(async (_url: string) => undefined);
  beforeEach(() => {
    contents = new FakeWebContents();
    openExternal.mockClear();
    hardenWebContents(contents as never, openExternal);
  });

  it('will-navigate is prevented for any URL, the app’s own included', () => {
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://studio/other.html', 'javascript:alert(1)']) {
      const event = fakeEvent({ url });
      contents.emit('will-navigate', event, url);
      expect(event.defaultPrevented(), url).toBe(true);
    }
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('a link to an allowlisted site opens in the browser instead', async () => {
    const event = fakeEvent({ url: 'https://github.com/pytorch/pytorch' });
    contents.emit('will-navigate', event, event.url);
    expect(event.defaultPrevented()).toBe(true);
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalledWith('https://github.com/pytorch/pytorch'));
  });
});

describe('checklist 14: new windows are denied', () => {
  it('window.open is denied, allowlisted https links go to the browser, the rest nowhere', async () => {
    const contents = new FakeWebContents();
    const openExternal = vi.fn(async (_url: string) => undefined);
    hardenWebContents(contents as never, openExternal);
    const handler = contents.windowOpenHandler!;
    expect(handler({ url: 'https://en.wikipedia.org/wiki/Rectifier_(neural_networks)' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://studio/index.html' })).toEqual({ action: 'deny' });
    await vi.waitFor(() => expect(openExternal).toHaveBeenCalledTimes(1));
    expect(openExternal).toHaveBeenCalledWith('https://en.wikipedia.org/wiki/Rectifier_(neural_networks)');
  });
});

describe('checklist 15: shell.openExternal only for allowlisted content', () => {
  it('accepts exact https origins on the allowlist only', () => {
    for (const origin of EXTERNAL_ORIGINS) expect(isAllowedExternalUrl(`${origin}/x`), origin).toBe(true);
    for (const url of [
      'http://github.com/',
      'https://github.com.evil.example/',
      'https://evil.example/?u=https://github.com',
      'https://user:pass@github.com/',
      'https://gist.github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('refuses without calling the opener', async () => {
    const openExternal = vi.fn(async (_url: string) => undefined);
    expect(await openExternalIfAllowed('https://evil.example/', openExternal)).toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
    expect(await openExternalIfAllowed('https://pytorch.org/docs', openExternal)).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://pytorch.org/docs');
  });
});

describe('checklist 11 and 12: no webviews', () => {
  it('the webview tag is off and attaching one is prevented', () => {
    expect(secureWebPreferences('/p.cjs').webviewTag).toBe(false);
    const contents = new FakeWebContents();
    hardenWebContents(contents as never, vi.fn());
    const event = fakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented()).toBe(true);
  });
});
