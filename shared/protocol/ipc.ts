// The one IPC contract between the window and the main process: every channel with the zod
// schema of its single payload and of its result, the main-to-window events, and the typed API
// the preload exposes as `window.studio`. Main validates every payload against this table.

import { z } from 'zod';
import { COMMAND_IDS, type CommandId } from '../commands';

/** Largest project file main accepts from the window (the file format's own limit is larger). */
export const MAX_PROJECT_BYTES = 1024 ** 3;

// An absolute path on any platform (POSIX '/', Windows 'C:\' or 'C:/', UNC '\\'), no NUL byte:
// the window only ever holds paths that main or a dropped file gave it, never relative ones.
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain a NUL byte')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'must be an absolute path');

// Typed as any Uint8Array (not only one over a plain ArrayBuffer), as encoders return.
const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'must be bytes (a Uint8Array)');
const noPayload = z.undefined();
// A result with no value; void so that handlers may simply return.
const nothing = z.void();

/** A recovery snapshot's key: a plain token, so it can never name a path. */
export const recoveryKeySchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a recovery key');

/** Printable text for a title: no control characters that could spoof the title bar. */
const title = z
  .string()
  .max(200)
  .refine((t) => !/[\u0000-\u001f\u007f]/.test(t), 'must not contain control characters');

/**
 * A project file's bytes (shared/project/container.ts: the project, its runs and its weights),
 * the same bytes the browser edition downloads. Main decodes them before it writes anything.
 */
const projectFile = bytes.refine((b) => b.byteLength > 0 && b.byteLength <= MAX_PROJECT_BYTES, 'must be a project file of at most 1 GiB');

/** A project main read for the window, migrated to the current format version. */
export const openedProjectSchema = z.strictObject({
  /** Where it lives on disk; null for a recovered project never saved. */
  path: absolutePath.nullable(),
  name: title,
  file: projectFile,
});
export type OpenedProject = z.output<typeof openedProjectSchema>;

export const savedProjectSchema = z.strictObject({ path: absolutePath, name: title });
export type SavedProject = z.output<typeof savedProjectSchema>;

const projectContent = { file: projectFile };

export const datasetKindSchema = z.enum(['idx-folder', 'csv', 'tsv']);
export type DatasetKind = z.output<typeof datasetKindSchema>;

export const checkedDatasetSchema = z.strictObject({
  path: absolutePath,
  kind: datasetKindSchema,
  sizeBytes: z.number().int().min(0),
});
export type CheckedDataset = z.output<typeof checkedDatasetSchema>;

export const datasetCheckSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), dataset: checkedDatasetSchema }),
  z.strictObject({ ok: z.literal(false), reason: z.string() }),
]);
export type DatasetCheck = z.output<typeof datasetCheckSchema>;

/** A recently opened project file; the list is newest first. */
export const recentProjectSchema = z.strictObject({ path: absolutePath, name: title });

export const recoveryEntrySchema = z.strictObject({
  key: recoveryKeySchema,
  name: title,
  /** The file it was autosaved from, if it had one. */
  path: absolutePath.nullable(),
  savedAt: z.number().int().min(0),
});

export const commandIdSchema = z.enum(COMMAND_IDS);

/** Every invoke channel: the schema of its one payload (undefined when it takes none) and result. */
export const IPC_CHANNELS = {
  /** The window started a new untitled project: main forgets the file path and the old autosave. */
  'project:new': { payload: noPayload, result: nothing },
  /** Shows the open dialog; null when cancelled. */
  'project:open': { payload: noPayload, result: openedProjectSchema.nullable() },
  'project:open-path': { payload: z.strictObject({ path: absolutePath }), result: openedProjectSchema },
  /**
   * Saves to the file main opened or last saved (the window never names a path to write); asks
   * for one if there is none. Null when cancelled.
   */
  'project:save': { payload: z.strictObject(projectContent), result: savedProjectSchema.nullable() },
  'project:save-as': { payload: z.strictObject(projectContent), result: savedProjectSchema.nullable() },
  'project:recent': { payload: noPayload, result: z.array(recentProjectSchema) },
  /** The unsaved project, written to the recovery folder so a crash loses at most a few seconds. */
  'project:autosave': { payload: z.strictObject(projectContent), result: nothing },
  /** The window's title and unsaved state, shown by the title bar (and macOS's dirty dot). */
  'project:set-dirty': { payload: z.strictObject({ dirty: z.boolean(), title }), result: nothing },
  /** Shows the dataset dialog; main checks the choice as 'dataset:check-path' does. Null when cancelled. */
  'dataset:choose': { payload: noPayload, result: checkedDatasetSchema.nullable() },
  /** Size and type checks in main for a path the window got from a drop. */
  'dataset:check-path': { payload: z.strictObject({ path: absolutePath }), result: datasetCheckSchema },
  /** Opens an https link in the browser when main's allowlist has it; false when refused. */
  'shell:open-external': {
    payload: z.strictObject({ url: z.url({ protocol: /^https$/, hostname: z.regexes.domain }).max(2048) }),
    result: z.boolean(),
  },
  'app:recovery-list': { payload: noPayload, result: z.array(recoveryEntrySchema) },
  'app:recovery-restore': { payload: z.strictObject({ key: recoveryKeySchema }), result: openedProjectSchema },
  'app:recovery-discard': { payload: z.strictObject({ key: recoveryKeySchema }), result: nothing },
  /** Runs a command as its menu item would (a command palette, a toolbar button). */
  'command:invoke': { payload: z.strictObject({ id: commandIdSchema }), result: nothing },
} as const satisfies Record<string, { payload: z.ZodType; result: z.ZodType }>;

export type IpcChannel = keyof typeof IPC_CHANNELS;
export const IPC_CHANNEL_NAMES = Object.keys(IPC_CHANNELS) as IpcChannel[];
/** What the window passes. */
export type IpcPayload<C extends IpcChannel> = z.input<(typeof IPC_CHANNELS)[C]['payload']>;
/** What main's handler receives after validation. */
export type IpcParsedPayload<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['payload']>;
export type IpcResult<C extends IpcChannel> = z.output<(typeof IPC_CHANNELS)[C]['result']>;

/** Main-to-window events (webContents.send / postMessage), each on its own channel. */
export const MAIN_EVENTS = {
  /** A menu item or shortcut the window carries out; payload: a CommandId. */
  command: 'event:command',
  /**
   * A project file named from outside the window (argv, a file association, Open Recent);
   * payload: OpenRequest. The page asks about its unsaved changes, then calls openProjectPath.
   */
  openRequested: 'event:open-requested',
  /** The engine's MessagePort, transferred once per engine start; no payload. */
  enginePort: 'event:engine-port',
  /** The engine crashed (and is restarting, or main gave up); payload: EngineStatus. */
  engineStatus: 'event:engine-status',
} as const;

export const openRequestSchema = z.strictObject({ path: absolutePath });
export type OpenRequest = z.output<typeof openRequestSchema>;

export const engineStatusSchema = z.strictObject({ reason: z.string().max(2000), restarting: z.boolean() });
export type EngineStatus = z.output<typeof engineStatusSchema>;

/** The `window.postMessage` type the preload uses to hand the engine port to the page. */
export const ENGINE_PORT_MESSAGE = 'mlp-studio:engine-port';

/** The preload's method for each channel: one function per channel and nothing else. */
export const STUDIO_METHODS = {
  newProject: 'project:new',
  openProject: 'project:open',
  openProjectPath: 'project:open-path',
  saveProject: 'project:save',
  saveProjectAs: 'project:save-as',
  recentProjects: 'project:recent',
  autosaveProject: 'project:autosave',
  setDirty: 'project:set-dirty',
  chooseDataset: 'dataset:choose',
  checkDatasetPath: 'dataset:check-path',
  openExternal: 'shell:open-external',
  listRecovery: 'app:recovery-list',
  restoreRecovery: 'app:recovery-restore',
  discardRecovery: 'app:recovery-discard',
  invokeCommand: 'command:invoke',
} as const satisfies Record<string, IpcChannel>;
export type StudioMethod = keyof typeof STUDIO_METHODS;

type ChannelFunction<C extends IpcChannel> =
  undefined extends IpcPayload<C> ? () => Promise<IpcResult<C>> : (payload: IpcPayload<C>) => Promise<IpcResult<C>>;

/** Enough of a DOM File for the type; shared/ has no DOM types. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
}

/**
 * `window.studio`, as the preload exposes it. The engine's MessagePort arrives separately, as a
 * window 'message' event whose data is `{ type: ENGINE_PORT_MESSAGE }` and whose ports[0] is it.
 */
export type StudioApi = { readonly [M in StudioMethod]: ChannelFunction<(typeof STUDIO_METHODS)[M]> } & {
  /** Calls back for each command main sends; returns the function that stops it. */
  readonly onCommand: (callback: (id: CommandId) => void) => () => void;
  readonly onOpenRequest: (callback: (request: OpenRequest) => void) => () => void;
  /** Calls back when the engine crashed; the page's EngineClient fails its runs with the reason. */
  readonly onEngineStatus: (callback: (status: EngineStatus) => void) => () => void;
  /** The absolute path of a dropped or picked file ('' for one not on disk). */
  readonly getPathForFile: (file: FileLike) => string;
};
export const STUDIO_EXTRA_FUNCTIONS = ['onCommand', 'onOpenRequest', 'onEngineStatus', 'getPathForFile'] as const;
