// Registers main's handlers for the IPC contract (shared/protocol/ipc.ts). A call runs only when
// it comes from the studio window's top frame at an app origin and its payload matches the
// channel's schema; anything else is rejected with an error and executes nothing.

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { z } from 'zod';
import {
  IPC_CHANNELS,
  IPC_CHANNEL_NAMES,
  type IpcChannel,
  type IpcParsedPayload,
  type IpcResult,
} from '../shared/protocol/ipc';

export type IpcHandler<C extends IpcChannel> = (payload: IpcParsedPayload<C>) => IpcResult<C> | Promise<IpcResult<C>>;
export type IpcHandlers = { readonly [C in IpcChannel]: IpcHandler<C> };

export interface TrustedSender {
  /** The studio window's webContents, or null while it has none. */
  webContents(): WebContents | null;
  /** Origins ('scheme://host[:port]') allowed to call: the app scheme, the dev server in development. */
  readonly origins: readonly string[];
}

/** 'scheme://host[:port]' of a URL. Node's URL.origin is 'null' for custom schemes like app://. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * Electron's "validate the sender of all IPC messages": the call comes from our window's
 * webContents, from its top frame (never an iframe), and that frame shows an app origin.
 */
export function isTrustedSender(event: SenderEvent, trust: TrustedSender): boolean {
  const frame = event.senderFrame;
  const contents = trust.webContents();
  if (!frame || !contents || event.sender !== contents) return false;
  if (frame.parent !== null) return false;
  const origin = originOf(frame.url);
  return origin !== null && trust.origins.includes(origin);
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'payload'}: ${i.message}`).join('; ');
}

/** Checks a call and parses its payload; throws without running anything when either fails. */
export function checkCall<C extends IpcChannel>(
  channel: C,
  event: SenderEvent,
  args: readonly unknown[],
  trust: TrustedSender,
): IpcParsedPayload<C> {
  if (!isTrustedSender(event, trust)) throw new Error(`'${channel}' refused: the caller is not the studio window`);
  if (args.length > 1) throw new Error(`Invalid payload for '${channel}': expected one argument, got ${args.length}`);
  const parsed = IPC_CHANNELS[channel].payload.safeParse(args[0]);
  if (!parsed.success) throw new Error(`Invalid payload for '${channel}': ${describe(parsed.error)}`);
  return parsed.data as IpcParsedPayload<C>;
}

export function registerIpcHandlers(ipcMain: Pick<IpcMain, 'handle'>, handlers: IpcHandlers, trust: TrustedSender): void {
  for (const channel of IPC_CHANNEL_NAMES) {
    const handler = handlers[channel] as (payload: unknown) => unknown;
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const payload = checkCall(channel, event, args, trust);
      const result = IPC_CHANNELS[channel].result.safeParse(await handler(payload));
      // A handler's bug must not hand the window a value outside the contract.
      if (!result.success) throw new Error(`'${channel}' produced an invalid result: ${describe(result.error)}`);
      return result.data;
    });
  }
}
