// Checklist 19, check which fuses you can change: electron-builder.yml flips the fuses that turn
// the packaged binary into an app loader only, and keeps the .mlpstudio file association.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8')) as Record<string, unknown>;

describe('checklist 19: fuses present in electron-builder.yml', () => {
  it('flips each fuse the right way', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the app into an asar archive, which integrity validation and onlyLoadAppFromAsar need', () => {
    expect(config['asar']).toBe(true);
    expect(config['files']).toEqual(expect.arrayContaining(['out/**', 'package.json']));
  });

  it('keeps the .mlpstudio file association', () => {
    expect(config['fileAssociations']).toEqual([expect.objectContaining({ ext: 'mlpstudio', role: 'Editor' })]);
  });
});
