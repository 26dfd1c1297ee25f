// A RunSeries as plain JSON and back, for the test that a series is nothing but its data: every
// field survives JSON, and a series rebuilt from them continues exactly as the original would.

import { BoundedSeries, type BoundedSeriesJSON } from '../../../renderer/src/model/charts/bounded';
import { RunSeries } from '../../../renderer/src/model/charts/series';

type Fields = Record<string, unknown> & { smoothing: number; batchCap: number; diagnosticsCap: number; batch: BoundedSeriesJSON; layerHistory: BoundedSeriesJSON[] };

/** Every field of the series, private ones included (its bounded series through their own toJSON). */
export function seriesJSON(series: RunSeries): Fields {
  return JSON.parse(JSON.stringify(series)) as Fields;
}

export function seriesFromJSON(json: Fields): RunSeries {
  const s = new RunSeries({ smoothing: json.smoothing, batchCap: json.batchCap, diagnosticsCap: json.diagnosticsCap });
  Object.assign(s, structuredClone(json), {
    batch: BoundedSeries.fromJSON(json.batch),
    layerHistory: json.layerHistory.map((h) => BoundedSeries.fromJSON(h)),
  });
  return s;
}
