// The browser's file chooser, as a promise: a hidden <input type=file>, resolved with the chosen
// files, or an empty list when the user cancels.

export interface PickOptions {
  accept?: string;
  multiple?: boolean;
  /** Pick a whole folder (its files carry webkitRelativePath 'folder/name'). */
  folder?: boolean;
}

export function pickFiles(options: PickOptions = {}): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.hidden = true;
    if (options.accept) input.accept = options.accept;
    input.multiple = options.multiple ?? false;
    if (options.folder) input.webkitdirectory = true;
    const done = (files: File[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => done([...(input.files ?? [])]), { once: true });
    input.addEventListener('cancel', () => done([]), { once: true });
    document.body.append(input);
    input.click();
  });
}

export async function readBytes(file: File): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await file.arrayBuffer());
}
