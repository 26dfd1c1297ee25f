// A run's state in a word, as the run bar shows it.

import type { RunSeries } from './series';

/** A run the user stopped says Stopped, not Finished; one its early-stopping rule ended says so too. */
export function runStateLabel(series: Pick<RunSeries, 'state' | 'done'>): string {
  switch (series.state) {
    case 'idle':
      return 'Starting';
    case 'running':
      return 'Training';
    case 'paused':
      return 'Paused';
    case 'failed':
      return 'Failed';
    case 'interrupted':
      return 'Interrupted';
    case 'done':
      return series.done?.reason === 'stopped' ? 'Stopped' : series.done?.reason === 'early-stopped' ? 'Stopped early' : 'Finished';
  }
}
