// A network: an ordered chain of layers built from a plain JSON config, with its buffers sized
// once for a maximum batch ("capacity") so that training allocates nothing per step.

import { z } from 'zod';
import { initialize } from './initializers';
import type { MatrixKernel } from './kernel/types';
import { getKernel } from './kernel/registry';
import { DenseLayer } from './layers/dense';
import type { Layer } from './layers/layer';
import { buildLayer, layerConfigSchema } from './layers/registry';
import type { Param } from './params';
import { Random, STREAM } from './random';
import { allocator, type Allocator, type DType, type Floats } from './tensor';

export { layerConfigSchema, type LayerConfig, type LayerConfigInput } from './layers/registry';

export const networkConfigSchema = z.strictObject({
  layers: z.array(layerConfigSchema).min(1, 'a network needs at least one layer'),
});
export type NetworkConfig = z.infer<typeof networkConfigSchema>;

export interface NetworkOptions {
  inputSize: number;
  /** Largest batch a forward or backward will see; every buffer is sized for it. */
  capacity: number;
  dtype?: DType;
  /** The matrix kernel (default: the fastest this runtime has); float64 networks use it too. */
  kernel?: MatrixKernel;
  /** Seeds the initializers and the dropout masks. */
  seed: number;
}

/** Sees dL/d(output of layer i) as backward reaches each layer (used by inspection). */
export type GradientObserver = (layer: number, outputGrad: Floats) => void;

export interface NamedTensor {
  shape: number[];
  data: Floats;
}

export class Network {
  readonly layers: readonly Layer[];
  readonly params: readonly Param[];
  /** Non-trained state (batch-norm running statistics), saved with the weights. */
  readonly buffers: readonly Param[];
  readonly inputSize: number;
  readonly outputSize: number;
  readonly capacity: number;
  readonly dtype: DType;
  readonly kernel: MatrixKernel;
  /** Makes the network's arrays (float32 ones in the kernel's memory). */
  readonly alloc: Allocator;
  /** What each layer saw and produced in the last forward, needed by backward and inspection. */
  private readonly inputs: Floats[];
  private readonly outputs: Floats[];

  constructor(
    readonly config: NetworkConfig,
    options: NetworkOptions,
  ) {
    const dtype = options.dtype ?? 'float32';
    const kernel = options.kernel ?? getKernel();
    const alloc = allocator(dtype, kernel);
    const dropoutRng = new Random(options.seed, STREAM.dropout);
    if (!Number.isInteger(options.inputSize) || options.inputSize < 1) {
      throw new Error(`Network input size must be a positive integer, got ${options.inputSize}`);
    }
    const layers: Layer[] = [];
    let size = options.inputSize;
    config.layers.forEach((spec, i) => {
      const layer = buildLayer(spec, { index: i, inSize: size, capacity: options.capacity, alloc, kernel, dropoutRng });
      layers.push(layer);
      size = layer.outSize;
    });
    this.layers = layers;
    this.params = layers.flatMap((l) => l.params);
    this.buffers = layers.flatMap((l) => l.buffers);
    this.inputSize = options.inputSize;
    this.outputSize = size;
    this.capacity = options.capacity;
    this.dtype = dtype;
    this.kernel = kernel;
    this.alloc = alloc;
    this.inputs = new Array<Floats>(layers.length);
    this.outputs = new Array<Floats>(layers.length);
    this.initialize(options.seed);
  }

  /** (Re)draws every dense layer's weights and biases from its initializers. */
  initialize(seed: number): void {
    const rng = new Random(seed, STREAM.init);
    this.layers.forEach((layer, i) => {
      const spec = this.config.layers[i];
      if (layer instanceof DenseLayer && spec.type === 'dense') {
        initialize(spec.weightInit, layer.weight.value, layer.inSize, layer.outSize, rng);
        initialize(spec.biasInit, layer.bias.value, layer.inSize, layer.outSize, rng);
      }
    });
  }

  /** Runs the first `batch` rows of x through every layer; returns the output buffer. */
  forward(x: Floats, batch: number, training: boolean): Floats {
    if (batch > this.capacity) throw new Error(`Batch of ${batch} exceeds the network's capacity ${this.capacity}`);
    let h = x;
    for (let i = 0; i < this.layers.length; i++) {
      this.inputs[i] = h;
      h = this.layers[i].forward(h, batch, training);
      this.outputs[i] = h;
    }
    return h;
  }

  /** The input layer i saw in the last forward (for a fused loss: the logits of the last layer). */
  layerInput(i: number): Floats {
    return this.inputs[i];
  }

  /** The output of layer i in the last forward. */
  layerOutput(i: number): Floats {
    return this.outputs[i];
  }

  /**
   * Backpropagates dL/d(output of layer `from`) down to the first layer, writing every param's
   * grad. Layers above `from` (a fused output activation) are skipped.
   */
  backward(grad: Floats, batch: number, from = this.layers.length - 1, observe?: GradientObserver): void {
    let g = grad;
    for (let i = from; i >= 0; i--) {
      observe?.(i, g);
      g = this.layers[i].backward(this.inputs[i], this.outputs[i], g, batch, i > 0);
    }
    // Layers above `from` have no gradient this step.
    for (let i = from + 1; i < this.layers.length; i++) for (const p of this.layers[i].params) p.grad.fill(0);
  }

  /** Trained values as built (the layer registry's parameterCount predicts it from the config). */
  get parameterCount(): number {
    return this.params.reduce((s, p) => s + p.value.length, 0);
  }

  /** Parameters and buffers by name, e.g. 'layers.0.weight', as views (not copies). */
  tensors(): Map<string, NamedTensor> {
    const map = new Map<string, NamedTensor>();
    for (const p of [...this.params, ...this.buffers]) map.set(p.name, { shape: [...p.shape], data: p.value });
    return map;
  }

  /** Copies named values in, checking every name and shape; unknown or missing names are errors. */
  setTensors(values: ReadonlyMap<string, { shape: readonly number[]; data: ArrayLike<number> }>, requireAll = true): void {
    const own = this.tensors();
    for (const [name, t] of values) {
      const target = own.get(name);
      if (!target) throw new Error(`Weights name '${name}' does not exist in this network`);
      const expected = target.shape.join('x');
      if (t.shape.join('x') !== expected) {
        throw new Error(`Weights '${name}' have shape [${t.shape.join(', ')}], the network needs [${target.shape.join(', ')}]`);
      }
      if (t.data.length !== target.data.length) throw new Error(`Weights '${name}' hold ${t.data.length} values, expected ${target.data.length}`);
    }
    if (requireAll) {
      for (const p of this.params) if (!values.has(p.name)) throw new Error(`Weights are missing '${p.name}'`);
    }
    for (const [name, t] of values) own.get(name)!.data.set(t.data);
  }
}
