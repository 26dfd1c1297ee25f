// Reading a saved canvas (the project's `canvas`, which the project schema checks only loosely)
// back into a graph. Types are checked here, by the engine's layer schemas with their number
// ranges taken out: a half-built network may be saved with, say, units 0, and the chain check
// shows that on the block like any live fault.

import { z } from 'zod';
import { isLayerKind, LAYERS } from '../../../../shared/engine/layers/registry';
import { blockOfLayer, outputBlockSchema } from './blocks';
import type { Block, BlockConfig, NetworkGraph } from './graph';

/** The same field with any number's range dropped; defaults and optionality kept. */
function typesOnly(field: z.ZodType): z.ZodType {
  if (field instanceof z.ZodDefault) return typesOnly(field.unwrap() as z.ZodType).default(field._zod.def.defaultValue);
  if (field instanceof z.ZodOptional) return typesOnly(field.unwrap() as z.ZodType).optional();
  return field instanceof z.ZodNumber ? z.number() : field;
}

const loose = (schema: z.ZodObject) =>
  z.strictObject(Object.fromEntries(Object.entries(schema.shape).map(([key, field]) => [key, typesOnly(field as z.ZodType)])));

const LOOSE_LAYERS = Object.fromEntries(Object.entries(LAYERS).map(([kind, def]) => [kind, loose(def.schema)]));

/** A saved block's settings, or why they are not a block's. */
function parseBlockConfig(raw: { kind: string } & Record<string, unknown>): { config: BlockConfig } | { error: string } {
  const { kind, ...rest } = raw;
  if (kind === 'input') return Object.keys(rest).length === 0 ? { config: { kind } } : { error: `unknown field '${Object.keys(rest)[0]}'` };
  if (kind === 'output') {
    const parsed = outputBlockSchema.safeParse(raw);
    return parsed.success ? { config: parsed.data } : { error: parsed.error.issues[0].message };
  }
  if (!isLayerKind(kind)) return { error: `unknown kind '${kind}'` };
  const parsed = LOOSE_LAYERS[kind].safeParse({ ...rest, type: kind });
  return parsed.success ? { config: blockOfLayer(parsed.data as never) } : { error: parsed.error.issues[0].message };
}

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
    const parsed = parseBlockConfig(raw.config);
    if (blocks.some((b) => b.id === raw.id)) dropped.push(`Block ${raw.id} appears twice; the second was left out.`);
    else if ('error' in parsed) dropped.push(`Block ${raw.id} (${raw.config.kind}) was left out: ${parsed.error}.`);
    else blocks.push({ id: raw.id, config: parsed.config, position: { ...raw.position } });
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
