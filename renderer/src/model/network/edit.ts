// Graph edits. Each returns a NEW graph and never touches its argument, so the parent can keep
// snapshots for undo; an edit that does not apply (unknown id, refused link) returns the SAME graph,
// which callers can test with === to skip an empty undo step.

import { ROW_HEIGHT } from './from-layers';
import type { Block, BlockConfig, BlockKind, Link, NetworkGraph } from './graph';
import { chainThrough, topology, walkForward } from './topology';

type Position = Block['position'];

/** Any subset of one kind's settings (never the kind itself). */
export type ConfigPatch = BlockConfig extends infer C ? (C extends BlockConfig ? Partial<Omit<C, 'kind'>> : never) : never;

/** The next free 'b<n>' (blocks) or 'l<n>' (links) id: one above the highest in use. */
export function nextId(graph: NetworkGraph, prefix: 'b' | 'l' = 'b'): string {
  return `${prefix}${highestNumber(prefix === 'b' ? graph.blocks : graph.links, prefix) + 1}`;
}

function highestNumber(items: readonly { id: string }[], prefix: string): number {
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  let max = 0;
  for (const { id } of items) {
    const m = pattern.exec(id);
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max;
}

/**
 * Makes links numbered above every link the graph had before the edit, so an id never comes back
 * with other ends (Vue Flow would patch the old edge in place).
 */
function linkMaker(graph: NetworkGraph): (from: string, to: string) => Link {
  let n = highestNumber(graph.links, 'l');
  return (from, to) => ({ id: `l${++n}`, from, to });
}

export interface AddOptions {
  /** Where to put it; otherwise below everything, or in the chain's column when linking. */
  position?: Position;
  /**
   * Link it into the chain the way a keyboard user expects: a layer goes at the end of the chain,
   * before the output; an output after the chain's last block; an input before a lone chain head.
   */
  intoChain?: boolean;
}

/** Adds a block (always last in `blocks`, with id nextId(graph) taken before the call). */
export function addBlock(graph: NetworkGraph, config: BlockConfig, options: AddOptions = {}): NetworkGraph {
  const block: Block = { id: nextId(graph), config, position: options.position ?? belowAll(graph) };
  const plain = { blocks: [...graph.blocks, block], links: graph.links };
  if (!options.intoChain) return plain;
  return config.kind === 'input' ? linkInput(graph, block, options) : linkIntoChain(graph, block, options);
}

function linkInput(graph: NetworkGraph, block: Block, options: AddOptions): NetworkGraph {
  const t = topology(graph);
  const heads = graph.blocks.filter((b) => b.config.kind !== 'input' && !t.incoming.has(b.id));
  const hasInput = graph.blocks.some((b) => b.config.kind === 'input');
  if (hasInput || heads.length !== 1) return { blocks: [...graph.blocks, block], links: graph.links };
  const head = heads[0];
  const placed = { ...block, position: options.position ?? { x: head.position.x, y: head.position.y - ROW_HEIGHT } };
  return { blocks: [...graph.blocks, placed], links: [...graph.links, linkMaker(graph)(placed.id, head.id)] };
}

function linkIntoChain(graph: NetworkGraph, block: Block, options: AddOptions): NetworkGraph {
  const t = topology(graph);
  const input = graph.blocks.find((b) => b.config.kind === 'input');
  const walk = input ? walkForward(t, input.id) : null;
  // No chain to join, or one that loops: dropping the block unlinked is all that is safe.
  if (!walk || walk.repeated !== null) return { blocks: [...graph.blocks, block], links: graph.links };
  const last = t.byId.get(walk.path[walk.path.length - 1])!;
  const newLink = linkMaker(graph);

  if (last.config.kind === 'output') {
    if (block.config.kind === 'output') return { blocks: [...graph.blocks, block], links: graph.links };
    // Take the output's place and push the output one row down.
    const tail = walk.path[walk.path.length - 2];
    const placed = { ...block, position: options.position ?? last.position };
    const blocks = graph.blocks.map((b) =>
      b.id === last.id && !options.position ? { ...b, position: { x: b.position.x, y: b.position.y + ROW_HEIGHT } } : b,
    );
    const links = graph.links.filter((l) => !(l.from === tail && l.to === last.id));
    return { blocks: [...blocks, placed], links: [...links, newLink(tail, placed.id), newLink(placed.id, last.id)] };
  }

  const below = { x: last.position.x, y: last.position.y + ROW_HEIGHT };
  const placed = { ...block, position: options.position ?? freeSpot(graph, below) };
  const links = [...graph.links, newLink(last.id, placed.id)];
  let blocks = [...graph.blocks, placed];
  // A chain that stops short of a lone, unlinked output: close the gap through the new block.
  const outputs = graph.blocks.filter((b) => b.config.kind === 'output');
  if (block.config.kind !== 'output' && outputs.length === 1 && !t.incoming.has(outputs[0].id)) {
    const output = outputs[0];
    links.push(newLink(placed.id, output.id));
    if (output.position.y <= placed.position.y) {
      const below = { x: placed.position.x, y: placed.position.y + ROW_HEIGHT };
      blocks = blocks.map((b) => (b.id === output.id ? { ...b, position: below } : b));
    }
  }
  return { blocks, links };
}

/**
 * Deletes blocks and their links. Where a removed block sat inside a chain (p -> x -> n), p is
 * linked to n so the chain stays whole; runs of removed blocks are bridged the same way.
 */
export function removeBlocks(graph: NetworkGraph, ids: readonly string[]): NetworkGraph {
  const gone = new Set(ids.filter((id) => graph.blocks.some((b) => b.id === id)));
  if (gone.size === 0) return graph;
  const t = topology(graph);
  const links = graph.links.filter((l) => !gone.has(l.from) && !gone.has(l.to));
  const newLink = linkMaker(graph);
  for (const link of graph.links) {
    if (gone.has(link.from) || !gone.has(link.to) || !t.byId.has(link.from)) continue;
    const target = throughRemoved(t, link.to, gone);
    if (target === null || target === link.from) continue;
    if (links.some((l) => l.from === link.from || l.to === target)) continue;
    links.push(newLink(link.from, target));
  }
  return { blocks: graph.blocks.filter((b) => !gone.has(b.id)), links };
}

/** The first surviving block after a run of removed ones, if the run is a plain chain. */
function throughRemoved(t: ReturnType<typeof topology>, start: string, gone: Set<string>): string | null {
  let current = start;
  const seen = new Set<string>();
  while (gone.has(current)) {
    if (seen.has(current)) return null;
    seen.add(current);
    const outs = t.outgoing.get(current);
    if (!outs || outs.length !== 1) return null;
    current = outs[0].to;
  }
  return current;
}

const FIXED_KINDS: ReadonlySet<BlockKind> = new Set(['input', 'output']);

/**
 * Links `from` -> `to`, replacing any link out of `from` and any link into `to`, since a chain
 * block has one of each. Refuses self-links, links into an input and links out of an output.
 */
export function connect(graph: NetworkGraph, from: string, to: string): NetworkGraph {
  const a = graph.blocks.find((b) => b.id === from);
  const b = graph.blocks.find((b) => b.id === to);
  if (!a || !b || from === to || b.config.kind === 'input' || a.config.kind === 'output') return graph;
  const others = graph.links.filter((l) => l.from !== from && l.to !== to);
  const same = graph.links.filter((l) => l.from === from || l.to === to);
  if (same.length === 1 && same[0].from === from && same[0].to === to) return graph;
  return { blocks: graph.blocks, links: [...others, linkMaker(graph)(from, to)] };
}

export function disconnect(graph: NetworkGraph, linkId: string): NetworkGraph {
  const links = graph.links.filter((l) => l.id !== linkId);
  return links.length === graph.links.length ? graph : { blocks: graph.blocks, links };
}

export function moveBlock(graph: NetworkGraph, id: string, position: Position): NetworkGraph {
  const block = graph.blocks.find((b) => b.id === id);
  if (!block || (block.position.x === position.x && block.position.y === position.y)) return graph;
  return {
    blocks: graph.blocks.map((b) => (b.id === id ? { ...b, position: { x: position.x, y: position.y } } : b)),
    links: graph.links,
  };
}

/**
 * Swaps a block with its neighbour up (-1) or down (+1) its chain, relinking the chain and
 * swapping the two positions so the drawing follows. Input and output blocks stay at the ends.
 */
export function moveInChain(graph: NetworkGraph, id: string, direction: -1 | 1): NetworkGraph {
  const t = topology(graph);
  if (!t.byId.has(id)) return graph;
  const chain = chainThrough(t, id);
  const i = chain.indexOf(id);
  const j = i + direction;
  if (j < 0 || j >= chain.length) return graph;
  const a = t.byId.get(chain[i])!;
  const b = t.byId.get(chain[j])!;
  if (FIXED_KINDS.has(a.config.kind) || FIXED_KINDS.has(b.config.kind)) return graph;

  const chainLinks = new Set(chain.slice(0, -1).map((from) => t.outgoing.get(from)![0]));
  const order = chain.slice();
  [order[i], order[j]] = [order[j], order[i]];
  const links = graph.links.filter((l) => !chainLinks.has(l));
  const newLink = linkMaker(graph);
  for (let k = 0; k + 1 < order.length; k++) {
    const kept = [...chainLinks].find((l) => l.from === order[k] && l.to === order[k + 1]);
    links.push(kept ?? newLink(order[k], order[k + 1]));
  }
  const blocks = graph.blocks.map((blk) =>
    blk.id === a.id ? { ...blk, position: b.position } : blk.id === b.id ? { ...blk, position: a.position } : blk,
  );
  return { blocks, links };
}

/** Merges settings into a block's config; a key set to undefined is removed (e.g. back to a default). */
export function updateConfig(graph: NetworkGraph, id: string, patch: ConfigPatch): NetworkGraph {
  const block = graph.blocks.find((b) => b.id === id);
  if (!block) return graph;
  const merged: Record<string, unknown> = { ...block.config, ...patch, kind: block.config.kind };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  const config = merged as BlockConfig;
  return { blocks: graph.blocks.map((b) => (b.id === id ? { ...b, config } : b)), links: graph.links };
}

/** Rough size of a drawn block, to keep a new one from landing on another. */
const BLOCK_WIDTH = 220;

/** The spot, or the first one a row further down that no block covers. */
function freeSpot(graph: NetworkGraph, spot: Position): Position {
  const taken = (p: Position) =>
    graph.blocks.some((b) => Math.abs(b.position.x - p.x) < BLOCK_WIDTH && Math.abs(b.position.y - p.y) < ROW_HEIGHT);
  let p = spot;
  while (taken(p)) p = { x: p.x, y: p.y + ROW_HEIGHT };
  return p;
}

function belowAll(graph: NetworkGraph): Position {
  if (graph.blocks.length === 0) return { x: 0, y: 0 };
  const lowest = graph.blocks.reduce((a, b) => (b.position.y > a.position.y ? b : a));
  return { x: lowest.position.x, y: lowest.position.y + ROW_HEIGHT };
}
