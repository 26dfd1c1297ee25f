// Starting networks from the lecture (/shared/seed/lecture-notes.md, sections 3 and 5). The
// input and output widths always follow the dataset, and the output activation follows the loss,
// so each template is valid for whatever dataset is open; the names say which lecture network
// the shape comes from.

import { defaultConfig } from './blocks';
import { column } from './from-layers';
import type { BlockConfig, NetworkContext, NetworkGraph } from './graph';

export interface Template {
  id: 'fashion-784-256-10' | 'lecture-2-2-3' | 'empty';
  name: string;
  build(ctx: NetworkContext | null): NetworkGraph;
}

/** A new dense block of this width and a new activation block: the studio's hidden layer. */
function hidden(units: number): BlockConfig[] {
  return [{ ...defaultConfig('dense', null), units } as BlockConfig, defaultConfig('activation', null)];
}

const ends = (ctx: NetworkContext | null, ...middle: BlockConfig[]) =>
  column([defaultConfig('input', ctx), ...middle, defaultConfig('output', ctx)]);

export const TEMPLATES: readonly Template[] = [
  {
    // Section 3/4: 784 inputs (28x28 Fashion-MNIST), one fully connected hidden layer of 256 ReLU
    // units, 10 softmax outputs.
    id: 'fashion-784-256-10',
    name: 'Lecture 784-256-10',
    build: (ctx) => ends(ctx, ...hidden(256)),
  },
  {
    // Example 1: 2 features -> 2 ReLU hidden units -> 3 softmax classes. The example's fixed
    // starting weights (W_h, W_z) belong to the project's weights, not to the canvas, so the
    // template carries only the shape and the activations, with the studio's initializers.
    id: 'lecture-2-2-3',
    name: 'Lecture 2-2-3 example',
    build: (ctx) => ends(ctx, ...hidden(2)),
  },
  {
    // Input linked straight to output (softmax / logistic / linear regression): already a
    // network that trains, and "add a block" has a chain to insert into.
    id: 'empty',
    name: 'Empty canvas',
    build: (ctx) => ends(ctx),
  },
];
