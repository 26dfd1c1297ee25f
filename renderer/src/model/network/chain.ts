// From the canvas to the engine: walks input -> ... -> output and turns the blocks on that path into
// the project's layers, or says which block is at fault. The settings and the model are checked by
// the engine's own rules (the layer schemas, validateModel), pinned to the block that holds the layer.
//
// Every problem is fatal (layers is null exactly when problems is non-empty), including a block
// that is on the canvas but not in the chain: training a network that silently leaves out a block
// the user can see would be more surprising than refusing to train until it is linked or deleted.

import type { z } from 'zod';
import { LAYERS, layerOutSize, type LayerConfig } from '../../../../shared/engine/layers/registry';
import { parseLossConfig } from '../../../../shared/engine/losses';
import { MAX_RUN_BYTES } from '../../../../shared/engine/budget';
import { validateModel } from '../../../../shared/engine/validate';
import { BLOCK_LABELS, layerOfBlock, outputBlockSchema, outputLayers } from './blocks';
export { graphFromLayers } from './from-layers';
import type { Block, GraphProblem, NetworkContext, NetworkGraph } from './graph';
import { topology, walkForward } from './topology';

export { MAX_UNITS } from '../../../../shared/engine/layers/dense';

export interface ChainResult {
  layers: LayerConfig[] | null;
  problems: GraphProblem[];
  /** Block ids from the input along the links, as far as the walk got. */
  path: string[];
  /** Each block on the path's output width (known only with a context). */
  sizes: Record<string, number>;
}

export function layersOf(graph: NetworkGraph, ctx: NetworkContext | null): ChainResult {
  const problems: GraphProblem[] = [];
  const fault = (blockId: string | null, message: string) => problems.push({ blockId, message: sentence(message) });
  const t = topology(graph);
  const inputs = graph.blocks.filter((b) => b.config.kind === 'input');
  const outputs = graph.blocks.filter((b) => b.config.kind === 'output');

  if (!ctx) fault(null, 'No dataset yet: the input and output sizes come from the dataset.');
  if (inputs.length === 0) fault(null, 'No input block: add one from the palette.');
  if (inputs.length > 1) for (const b of inputs) fault(b.id, 'Several input blocks: a network has exactly one.');
  if (outputs.length === 0) fault(null, 'No output block: add one from the palette.');
  if (outputs.length > 1) for (const b of outputs) fault(b.id, 'Several output blocks: a network has exactly one.');

  for (const b of graph.blocks) {
    const outs = t.outgoing.get(b.id) ?? [];
    const ins = t.incoming.get(b.id) ?? [];
    if (b.config.kind === 'output' && outs.length > 0) fault(b.id, 'The output block cannot feed another block.');
    else if (outs.length > 1) fault(b.id, `Branches into ${outs.length} blocks: a block feeds only one next block.`);
    if (b.config.kind === 'input' && ins.length > 0) fault(b.id, 'The input block cannot take an incoming link.');
    else if (ins.length > 1) fault(b.id, `${ins.length} links come in: a block takes only one previous block.`);
    for (const message of configProblems(b)) fault(b.id, message);
  }

  let path: string[] = [];
  let complete = false;
  if (inputs.length > 0) {
    const walk = walkForward(t, inputs[0].id);
    path = walk.path;
    const last = t.byId.get(path[path.length - 1])!;
    if (walk.repeated !== null) {
      fault(last.id, `Cycle: links back to ${name(t.byId.get(walk.repeated)!)}.`);
    } else if (last.config.kind !== 'output') {
      fault(last.id, `Broken chain: link ${name(last)} to the next block.`);
    } else complete = true;
    const onPath = new Set(path);
    for (const b of graph.blocks) {
      // Extra inputs and outputs already carry their own problem.
      if (onPath.has(b.id) || (b.config.kind === 'input' && inputs.length > 1)) continue;
      if (b.config.kind === 'output' && outputs.length > 1) continue;
      fault(b.id, 'Not connected to the chain from the input: link it in or delete it.');
    }
  }

  const sizes: Record<string, number> = {};
  if (!ctx) return { layers: null, problems, path, sizes };
  const layers: LayerConfig[] = [];
  /** The block each layer came from, so an engine issue about layer i lands on its block. */
  const owners: string[] = [];
  let size = ctx.inputSize;
  for (const id of path) {
    const own = layersOfBlock(t.byId.get(id)!, ctx);
    for (const layer of own) size = layerOutSize(layer, size);
    sizes[id] = size;
    layers.push(...own);
    owners.push(...own.map(() => id));
  }
  // A whole chain, input to output: the engine says whether it trains this data with this loss.
  if (complete) {
    const data = { inputSize: ctx.inputSize, task: ctx.task, targetSize: ctx.outputSize };
    // The window knows neither the engine's memory nor the batch and optimizer: it refuses only a
    // network that no host could run even at one row with SGD; the engine checks the real run.
    const budget = { limit: MAX_RUN_BYTES, capacity: 1 };
    for (const issue of validateModel(layers, parseLossConfig(ctx.loss), data, budget)) {
      // Issues of the loss as a whole show where the loss meets the network: the output block.
      if (issue.severity === 'error') fault(issue.layer === null ? path[path.length - 1] : owners[issue.layer], issue.message);
    }
  }
  return { layers: problems.length === 0 ? layers : null, problems, path, sizes };
}

function name(block: Block): string {
  return `${BLOCK_LABELS[block.config.kind]} (${block.id})`;
}

/** The engine layers one block stands for: none for the input, two for a softmax/sigmoid output. */
function layersOfBlock(block: Block, ctx: NetworkContext): LayerConfig[] {
  const c = block.config;
  if (c.kind === 'input') return [];
  return c.kind === 'output' ? outputLayers(c, ctx) : [layerOfBlock(c)];
}

/** Settings the engine would refuse, in the words its schemas give for the inspector's user. */
export function configProblems(block: Block): string[] {
  const c = block.config;
  if (c.kind === 'input') return [];
  const [schema, config]: [z.ZodObject, unknown] = c.kind === 'output' ? [outputBlockSchema, c] : [LAYERS[c.kind].schema, layerOfBlock(c)];
  const result = schema.safeParse(config);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    // A field with a name of its own (an initializer) says which field; the others' messages do.
    const field = issue.path.length > 0 ? schema.shape[String(issue.path[0])]?.description : undefined;
    return sentence(field ? `${field}: ${issue.message}` : issue.message);
  });
}

function sentence(message: string): string {
  return message.endsWith('.') ? message : `${message}.`;
}
