// Who links to whom, and the chain a block sits in. Shared by validation (chain.ts) and the edits
// (edit.ts), which must agree on what "the chain" is.

import type { Block, Link, NetworkGraph } from './graph';

export interface Topology {
  byId: Map<string, Block>;
  /** Links whose both ends exist, by source and by target block id. */
  outgoing: Map<string, Link[]>;
  incoming: Map<string, Link[]>;
}

export function topology(graph: NetworkGraph): Topology {
  const byId = new Map(graph.blocks.map((b) => [b.id, b]));
  const outgoing = new Map<string, Link[]>();
  const incoming = new Map<string, Link[]>();
  for (const link of graph.links) {
    // A link to a block that is gone (e.g. a hand-edited project) joins nothing.
    if (!byId.has(link.from) || !byId.has(link.to)) continue;
    push(outgoing, link.from, link);
    push(incoming, link.to, link);
  }
  return { byId, outgoing, incoming };
}

function push(map: Map<string, Link[]>, key: string, link: Link): void {
  const list = map.get(key);
  if (list) list.push(link);
  else map.set(key, [link]);
}

/** Follows the first outgoing link from `start` until a block has none or a block repeats. */
export function walkForward(t: Topology, start: string): { path: string[]; repeated: string | null } {
  const path = [start];
  const seen = new Set(path);
  let current = start;
  for (;;) {
    const next = t.outgoing.get(current)?.[0]?.to;
    if (next === undefined) return { path, repeated: null };
    if (seen.has(next)) return { path, repeated: next };
    path.push(next);
    seen.add(next);
    current = next;
  }
}

/** The chain through `id`: back along single incoming links to its head, then forward. */
export function chainThrough(t: Topology, id: string): string[] {
  let head = id;
  const seen = new Set([id]);
  for (;;) {
    const into = t.incoming.get(head);
    if (!into || into.length !== 1 || seen.has(into[0].from)) break;
    head = into[0].from;
    seen.add(head);
  }
  return walkForward(t, head).path;
}
