// The one IPC contract between the window and the main process: every channel with the zod
// schema of its single payload and of its result, the main-to-window events, and the typed API
// the preload exposes as `window.studio`. Main validates every payload against this table.

import { z } from 'zod';
import { COMMAND_IDS, type CommandId } from '../commands';

/** Largest project document main accepts (characters of JSON); weights inline make it big. */
export const MAX_DOCUMENT_CHARS = 256 * 1024 * 1024;
/** Largest separate weights blob main accepts. */
export const MAX_WEIGHTS_BYTES = 1024 * 1024 * 1024;

// An absolute path on any platform (POSIX '/', Windows 'C:\' or 'C:/', UNC '\\'), no NUL byte:
// the window only ever holds paths that main or a dropped file gave it, never relative ones.
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'must not contain a NUL byte')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), 'must be an absolute path');

const bytes = z.instanceof(Uint8Array);
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

/** A project as the window holds it: the document's JSON text and, optionally, packed weights. */
export const openedProjectSchema = z.strictObject({
  /** Where it lives on disk; null for a new or recovered project never saved. */
  path: absolutePath.nullable(),
  name: title,
  document: z.string().max(MAX_DOCUMENT_CHARS),
  weights: bytes.nullable(),
});
export type OpenedProject = z.output<typeof openedProjectSchema>;

export const savedProjectSchema = z.strictObject({ path: absolutePath, name: title });
export type SavedProject = z.output<typeof savedProjectSchema>;

const projectContent = {
  document: z.string().min(1).max(MAX_DOCUMENT_CHARS),
  weights: bytes.refine((b) => b.byteLength <= MAX_WEIGHTS_BYTES, 'weights are too large').nullable(),
};

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

export const recentProjectSchema = z.strictObject({
  path: absolutePath,
  name: title,
  /** When it was last opened, ms since the epoch. */
  openedAt: z.number().int().min(0),
});

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
  /** A new untitled project (main may first ask about unsaved changes); null when cancelled. */
  'project:new': { payload: noPayload, result: openedProjectSchema.nullable() },
  /** Shows the open dialog; null when cancelled. */
  'project:open': { payload: noPayload, result: openedProjectSchema.nullable() },
  'project:open-path': { payload: z.strictObject({ path: absolutePath }), result: openedProjectSchema },
  /** Saves to `path`, or to the project's own path; asks for one if it has none. Null when cancelled. */
  'project:save': {
    payload: z.strictObject({ ...projectContent, path: absolutePath.optional() }),
    result: savedProjectSchema.nullable(),
  },
  'project:save-as': { payload: z.strictObject(projectContent), result: savedProjectSchema.nullable() },
  'project:recent': { payload: noPayload, result: z.array(recentProjectSchema) },
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
  /** A project opened from outside the window (argv, a file association); payload: OpenedProject. */
  projectOpened: 'event:project-opened',
  /** The engine's MessagePort, transferred once per engine start; no payload. */
  enginePort: 'event:engine-port',
} as const;

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
  readonly onProjectOpened: (callback: (project: OpenedProject) => void) => () => void;
  /** The absolute path of a dropped or picked file ('' for one not on disk). */
  readonly getPathForFile: (file: FileLike) => string;
};
export const STUDIO_EXTRA_FUNCTIONS = ['onCommand', 'onProjectOpened', 'getPathForFile'] as const;
