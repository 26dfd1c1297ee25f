// The native dialogs behind ProjectService, attached to the studio window.

import { dialog, type BrowserWindow } from 'electron';
import type { ProjectDialogs, UnsavedAnswer } from './project-service';
import { PROJECT_EXTENSION } from './project-service';

const PROJECT_FILTERS = [
  { name: 'MLP Studio project', extensions: [PROJECT_EXTENSION.slice(1)] },
  { name: 'JSON project', extensions: ['json'] },
];

export function nativeDialogs(window: () => BrowserWindow | null): ProjectDialogs {
  // Modal to the window when there is one.
  const withWindow = <T>(show: (win: BrowserWindow | undefined) => Promise<T>) => show(window() ?? undefined);
  return {
    openProject: () =>
      withWindow(async (win) => {
        const options = { properties: ['openFile' as const], filters: PROJECT_FILTERS };
        const { canceled, filePaths } = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return canceled ? null : (filePaths[0] ?? null);
      }),
    saveProject: (suggested) =>
      withWindow(async (win) => {
        const options = { defaultPath: suggested, filters: PROJECT_FILTERS.slice(0, 1) };
        const { canceled, filePath } = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        return canceled || !filePath ? null : filePath;
      }),
    chooseDataset: () =>
      withWindow(async (win) => {
        const options = {
          title: 'Choose a dataset: a CSV/TSV table, or any IDX file of a dataset folder',
          properties: ['openFile' as const],
          filters: [
            { name: 'Datasets', extensions: ['csv', 'tsv', 'txt', 'gz', 'idx', 'idx1-ubyte', 'idx3-ubyte'] },
            { name: 'All files', extensions: ['*'] },
          ],
        };
        const { canceled, filePaths } = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return canceled ? null : (filePaths[0] ?? null);
      }),
    confirmUnsaved: (projectName) =>
      withWindow(async (win) => {
        const options = {
          type: 'warning' as const,
          buttons: ['Save', "Don't Save", 'Cancel'],
          defaultId: 0,
          cancelId: 2,
          message: `Do you want to save the changes you made to ${projectName}?`,
          detail: "Your changes will be lost if you don't save them.",
        };
        const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
        const answers: UnsavedAnswer[] = ['save', 'discard', 'cancel'];
        return answers[response] ?? 'cancel';
      }),
  };
}
