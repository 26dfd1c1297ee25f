// From the canvas to the engine: walks input -> ... -> output and turns the blocks on that path into
// the project's layers, or says which block is at fault.
//
// Every problem is fatal (layers is null exactly when problems is non-empty), including a block
// that is on the canvas but not in the chain: training a network that silently leaves out a block
// the user can see would be more surprising than refusing to train until it is linked or deleted.

import { ACTIVATIONS } from '../../../../shared/engine/activations';
import { initializerConfigSchema, type InitializerConfig } from '../../../../shared/engine/initializers';
import { layerConfigSchema, type LayerConfig } from '../../../../shared/engine/network';
import { BLOCK_LABELS, outputUnits } from './blocks';
export { graphFromLayers } from './from-layers';
import type { Block, GraphProblem, NetworkContext, NetworkGraph } from './graph';
import { topology, walkForward } from './topology';

export const MAX_UNITS = 1 << 16;

export interface ChainResult {
  layers: LayerConfig[] | null;
  problems: GraphProblem[];
  /** Block ids from the input along the links, as far as the walk got. */
  path: string[];
  /** Each block on the path's output width (known only with a context). */
  sizes: Record<string, number>;
}

const LOSS_LABELS: Record<NetworkContext['loss'], string> = {
  'cross-entropy': 'Cross-entropy',
  'binary-cross-entropy': 'Binary cross-entropy',
  mse: 'Mean squared error',
  mae: 'Mean absolute error',
  huber: 'Huber loss',
};

export function layersOf(graph: NetworkGraph, ctx: NetworkContext | null): ChainResult {
  const problems: GraphProblem[] = [];
  const fault = (blockId: string | null, message: string) => problems.push({ blockId, message });
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
  if (inputs.length > 0) {
    const walk = walkForward(t, inputs[0].id);
    path = walk.path;
    const last = t.byId.get(path[path.length - 1])!;
    if (walk.repeated !== null) {
      fault(last.id, `Cycle: links back to ${name(t.byId.get(walk.repeated)!)}.`);
    } else if (last.config.kind !== 'output') {
      fault(last.id, `Broken chain: link ${name(last)} to the next block.`);
    }
    const onPath = new Set(path);
    for (const b of graph.blocks) {
      // Extra inputs and outputs already carry their own problem.
      if (onPath.has(b.id) || (b.config.kind === 'input' && inputs.length > 1)) continue;
      if (b.config.kind === 'output' && outputs.length > 1) continue;
      fault(b.id, 'Not connected to the chain from the input: link it in or delete it.');
    }
  }

  const output = outputs.length === 1 ? outputs[0] : null;
  if (ctx && output?.config.kind === 'output') {
    const message = lossMismatch(output.config.activation, ctx);
    if (message) fault(output.id, message);
  }

  const sizes: Record<string, number> = {};
  if (!ctx) return { layers: null, problems, path, sizes };
  const layers: LayerConfig[] = [];
  let size = ctx.inputSize;
  for (const id of path) {
    const block = t.byId.get(id)!;
    const own = layersOfBlock(block, ctx);
    for (const layer of own) {
      const parsed = layerConfigSchema.safeParse(layer);
      // A net under configProblems: anything the engine would still refuse lands on its block.
      if (!parsed.success && !problems.some((p) => p.blockId === id)) fault(id, parsed.error.issues[0].message);
      if (layer.type === 'dense') size = layer.units;
    }
    sizes[id] = size;
    layers.push(...own);
  }
  return { layers: problems.length === 0 ? layers : null, problems, path, sizes };
}

function name(block: Block): string {
  return `${BLOCK_LABELS[block.config.kind]} (${block.id})`;
}

/** The engine layers one block stands for: none for the input, two for a softmax/sigmoid output. */
function layersOfBlock(block: Block, ctx: NetworkContext): LayerConfig[] {
  const c = block.config;
  switch (c.kind) {
    case 'input':
      return [];
    case 'dense':
      return [{ type: 'dense', units: c.units, weightInit: c.weightInit, biasInit: c.biasInit }];
    case 'activation': {
      const layer: LayerConfig = { type: 'activation', activation: c.activation };
      // Only the constants that are set, so a round trip does not grow `slope: undefined` keys.
      if (c.slope !== undefined) layer.slope = c.slope;
      if (c.alpha !== undefined) layer.alpha = c.alpha;
      if (c.lambda !== undefined) layer.lambda = c.lambda;
      return [layer];
    }
    case 'batchnorm':
      return [{ type: 'batchnorm', momentum: c.momentum, eps: c.eps }];
    case 'dropout':
      return [{ type: 'dropout', rate: c.rate }];
    case 'output': {
      const dense: LayerConfig = {
        type: 'dense',
        units: outputUnits(c.activation, ctx),
        weightInit: c.weightInit,
        biasInit: c.biasInit,
      };
      return c.activation === 'linear' ? [dense] : [dense, { type: 'activation', activation: c.activation }];
    }
  }
}

/** Settings the engine would refuse, in words for the inspector's user. */
export function configProblems(block: Block): string[] {
  const c = block.config;
  const out: string[] = [];
  switch (c.kind) {
    case 'dense':
      if (!Number.isInteger(c.units) || c.units < 1 || c.units > MAX_UNITS) {
        out.push(`Units must be a whole number from 1 to ${MAX_UNITS}.`);
      }
      out.push(...initProblems(c.weightInit, c.biasInit));
      break;
    case 'activation':
      if (!(c.activation in ACTIVATIONS)) out.push(`Unknown activation '${c.activation}'.`);
      if (c.slope !== undefined && !Number.isFinite(c.slope)) out.push('Slope must be a number.');
      if (c.alpha !== undefined && !(c.alpha > 0 && Number.isFinite(c.alpha))) out.push('Alpha must be above 0.');
      if (c.lambda !== undefined && !(c.lambda > 0 && Number.isFinite(c.lambda))) out.push('Lambda must be above 0.');
      break;
    case 'batchnorm':
      if (!(c.momentum > 0 && c.momentum <= 1)) out.push('Momentum must be above 0 and at most 1.');
      if (!(c.eps > 0 && Number.isFinite(c.eps))) out.push('Epsilon must be above 0.');
      break;
    case 'dropout':
      if (!(c.rate >= 0 && c.rate < 1)) out.push('Dropout rate must be at least 0 and below 1.');
      break;
    case 'output':
      out.push(...initProblems(c.weightInit, c.biasInit));
      break;
    case 'input':
      break;
  }
  return out;
}

function initProblems(weightInit: InitializerConfig, biasInit: InitializerConfig): string[] {
  const out: string[] = [];
  for (const [label, init] of [
    ['Weight initializer', weightInit],
    ['Bias initializer', biasInit],
  ] as const) {
    const parsed = initializerConfigSchema.safeParse(init);
    if (!parsed.success) out.push(`${label}: ${parsed.error.issues[0].message}.`);
  }
  return out;
}

/** Which output activation each loss is fused with, as buildLayers pairs them. */
function lossMismatch(activation: 'softmax' | 'sigmoid' | 'linear', ctx: NetworkContext): string | null {
  const loss = LOSS_LABELS[ctx.loss];
  const classLoss = ctx.loss === 'cross-entropy' || ctx.loss === 'binary-cross-entropy';
  if (classLoss && ctx.task === 'regression') return `${loss} needs class labels, but this dataset is regression.`;
  if (ctx.loss === 'cross-entropy' && activation !== 'softmax') return `${loss} needs a softmax output.`;
  if (ctx.loss === 'binary-cross-entropy' && activation !== 'sigmoid') return `${loss} needs a sigmoid output.`;
  if (!classLoss && activation !== 'linear') {
    return `${loss} compares raw values, so the output must be linear, not ${ACTIVATIONS[activation].label}.`;
  }
  return null;
}
