// The window's theme: follow the system (the default), or light or dark by choice, remembered
// across sessions. theme.css reads data-theme on <html>; the charts observe it.

export type ThemeChoice = 'system' | 'light' | 'dark';
export const THEME_CHOICES: readonly ThemeChoice[] = ['system', 'light', 'dark'];
const KEY = 'mlp-studio.theme';

export function savedTheme(storage: Pick<Storage, 'getItem'> | null): ThemeChoice {
  const v = storage?.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function applyTheme(choice: ThemeChoice, root: HTMLElement, storage: Pick<Storage, 'setItem'> | null): void {
  if (choice === 'system') delete root.dataset['theme'];
  else root.dataset['theme'] = choice;
  try {
    storage?.setItem(KEY, choice);
  } catch {
    // Storage can be full or off; the choice still holds for this session.
  }
}
