// Main's control messages to the engine process (never the window's): they travel on the utility
// process's parent port, apart from the window's MessagePort, so the window cannot send them.

import { z } from 'zod';

export const ENGINE_CONTROL = { connect: 'connect', grantPath: 'grant-path' } as const;

export const engineControlSchema = z.discriminatedUnion('type', [
  /** Carries the window's MessagePort in the message's ports. */
  z.strictObject({ type: z.literal(ENGINE_CONTROL.connect) }),
  /** A dataset file or folder main checked and the window may now open. */
  z.strictObject({ type: z.literal(ENGINE_CONTROL.grantPath), path: z.string().min(1).max(4096) }),
]);
export type EngineControl = z.output<typeof engineControlSchema>;
