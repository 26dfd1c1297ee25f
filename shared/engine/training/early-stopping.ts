// Early stopping: after each epoch, the monitored loss (validation, else training) either improves
// on the best by more than minDelta, and those weights are kept, or counts toward the patience;
// when that runs out the run stops, with the best epoch's weights back when restoreBest is set.

import type { Network } from '../network';
import type { TrainingConfig } from '../training-config';
import { Snapshot } from './snapshot';

export class EarlyStopping {
  /** The epoch of the best monitored loss; -1 before the first epoch. */
  bestEpoch = -1;
  private bestLoss = Infinity;
  private sinceBest = 0;
  private readonly best: Snapshot;

  constructor(
    private readonly config: NonNullable<TrainingConfig['earlyStopping']>,
    net: Network,
  ) {
    this.best = new Snapshot(net);
  }

  /** True when the run should stop after this epoch. */
  shouldStop(epoch: number, monitored: number): boolean {
    if (monitored < this.bestLoss - this.config.minDelta) {
      this.bestLoss = monitored;
      this.bestEpoch = epoch;
      this.sinceBest = 0;
      this.best.save();
      return false;
    }
    if (++this.sinceBest < this.config.patience) return false;
    if (this.config.restoreBest) this.best.restore();
    return true;
  }
}
