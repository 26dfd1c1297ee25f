// Reading a saved canvas (the project's `canvas`, which the project schema checks only loosely)
// back into a graph. Types are checked here; ranges are not, because a half-built network may be
// saved with, say, units 0, and the chain check shows that on the block like any live fault.

import { z } from 'zod';
import { isActivationName } from '../../../../shared/engine/activations';
import { initializerConfigSchema } from '../../../../shared/engine/initializers';
import type { Block, BlockConfig, NetworkGraph } from './graph';

const init = initializerConfigSchema;
const activationName = z.string().refine(isActivationName, { message: 'unknown activation' });

const blockConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('input') }),
  z.strictObject({ kind: z.literal('dense'), units: z.number(), weightInit: init, biasInit: init }),
  z.strictObject({
    kind: z.literal('activation'),
    activation: activationName,
    slope: z.number().optional(),
    alpha: z.number().optional(),
    lambda: z.number().optional(),
  }),
  z.strictObject({ kind: z.literal('batchnorm'), momentum: z.number(), eps: z.number() }),
  z.strictObject({ kind: z.literal('dropout'), rate: z.number() }),
  z.strictObject({
    kind: z.literal('output'),
    activation: z.enum(['softmax', 'sigmoid', 'linear']),
    weightInit: init,
    biasInit: init,
  }),
]);

export interface SavedCanvas {
  blocks: { id: string; config: { kind: string } & Record<string, unknown>; position: { x: number; y: number } }[];
  links: { id: string; from: string; to: string }[];
}

/**
 * The graph a saved canvas describes. A block whose settings are not a block's (unknown kind,
 * wrong types) is left out with a message, and so are links to it and repeated ids.
 */
export function graphFromCanvas(canvas: SavedCanvas): { graph: NetworkGraph; dropped: string[] } {
  const dropped: string[] = [];
  const blocks: Block[] = [];
  for (const raw of canvas.blocks) {
    const parsed = blockConfigSchema.safeParse(raw.config);
    if (blocks.some((b) => b.id === raw.id)) dropped.push(`Block ${raw.id} appears twice; the second was left out.`);
    else if (!parsed.success) dropped.push(`Block ${raw.id} (${raw.config.kind}) was left out: ${parsed.error.issues[0].message}.`);
    else blocks.push({ id: raw.id, config: parsed.data as BlockConfig, position: { ...raw.position } });
  }
  const ids = new Set(blocks.map((b) => b.id));
  const linkIds = new Set<string>();
  const links = canvas.links.filter((l) => {
    const keep = ids.has(l.from) && ids.has(l.to) && !linkIds.has(l.id);
    linkIds.add(l.id);
    return keep;
  });
  return { graph: { blocks, links: links.map((l) => ({ ...l })) }, dropped };
}
