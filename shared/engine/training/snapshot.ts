// A copy of everything a trained network is: its parameters and its buffers (batch-norm running
// statistics), allocated once, for the checkpoint a failed update falls back to and the best
// epoch early stopping restores.

import type { Network } from '../network';
import type { Param } from '../params';
import { allocFloats, type Floats } from '../tensor';

export class Snapshot {
  private readonly state: readonly Param[];
  private readonly copy: Floats[];

  constructor(net: Network) {
    this.state = [...net.params, ...net.buffers];
    this.copy = this.state.map((p) => allocFloats(net.dtype, p.value.length));
  }

  save(): void {
    this.state.forEach((p, i) => this.copy[i].set(p.value));
  }

  restore(): void {
    this.state.forEach((p, i) => p.value.set(this.copy[i]));
  }
}
