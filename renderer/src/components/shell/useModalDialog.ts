// A native modal <dialog> shown while `isOpen` holds: the browser then keeps the focus inside it,
// gives it back on close, and closes it on Escape.
import { nextTick, ref, watch, type Ref } from 'vue';

export function useModalDialog(isOpen: () => boolean): Ref<HTMLDialogElement | null> {
  const dialog = ref<HTMLDialogElement | null>(null);
  watch(isOpen, async (open) => {
    // The dialog's content renders with the state that opened it; show it after that render.
    await nextTick();
    if (open && !dialog.value?.open) dialog.value?.showModal();
    if (!open && dialog.value?.open) dialog.value.close();
  });
  return dialog;
}
