// The theme choice: remembered, applied as data-theme, and 'system' leaves the attribute off.

import { describe, expect, it } from 'vitest';
import { applyTheme, savedTheme } from '../../renderer/src/model/theme-choice';

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe('theme choice', () => {
  it('applies and remembers light, dark and system', () => {
    const storage = memoryStorage();
    const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement;
    expect(savedTheme(storage)).toBe('system');
    applyTheme('dark', root, storage);
    expect(root.dataset['theme']).toBe('dark');
    expect(savedTheme(storage)).toBe('dark');
    applyTheme('system', root, storage);
    expect(root.dataset['theme']).toBeUndefined();
    expect(savedTheme(storage)).toBe('system');
  });

  it('ignores a stored value it does not know', () => {
    expect(savedTheme({ getItem: () => 'neon' })).toBe('system');
    expect(savedTheme(null)).toBe('system');
  });
});
