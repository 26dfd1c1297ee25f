// Small DOM helpers the builder's components share.

/** dataTransfer type a palette block carries while dragged; its data is the block kind. */
export const BLOCK_DRAG_TYPE = 'application/x-mlp-studio-block';

/** Keys typed into a field edit the field: Delete and Backspace must not delete the block too. */
export function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName);
}
