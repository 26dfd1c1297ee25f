// What the canvas hands each block node to draw (Vue Flow passes it as the node's `data`).

import type { Block } from '../../model/network/graph';

export interface BlockNodeData {
  block: Block;
  /** The block's kind and settings in words, e.g. 'Dense, 256 units'. */
  title: string;
  /** Its output width along the chain, when known. */
  size: number | null;
  problems: string[];
  /** Id of the element holding the problems, for aria-describedby. */
  faultId: string;
}
