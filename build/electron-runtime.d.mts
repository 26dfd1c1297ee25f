// Types of build/electron-runtime.mjs (plain JavaScript: `npm start` runs it before anything is built).

export interface InstallResult {
  ok: boolean;
  stderr: string;
}

export function findElectron(): string | null;
export function runElectronInstaller(): Promise<InstallResult>;
export class RuntimeMissing extends Error {}
export function ensureElectron(options?: {
  find?: () => string | null;
  install?: () => Promise<InstallResult>;
  log?: (line: string) => void;
  env?: Record<string, string | undefined>;
}): Promise<string>;
