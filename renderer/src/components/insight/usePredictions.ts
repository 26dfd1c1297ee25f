// Predictions of the selected run for the insight view: the decision boundary on a grid of the
// input plane, redrawn at a bounded rate while the run trains, and a gallery of predictions once
// it has ended. Only runs the engine still holds can be asked.

import { onBeforeUnmount, shallowRef, watch, type Ref } from 'vue';
import { gridBounds, type BoundaryGrid, type BoundaryPoint } from '../../model/charts/boundary';
import type { GalleryItem } from '../../model/charts/image';
import type { DatasetSummary } from '../../stores/engine';
import { useEngineStore } from '../../stores/engine';
import type { RunEntry } from '../../stores/runs';

/** How often the boundary is recomputed while training: each is a forward pass over the grid. */
const BOUNDARY_INTERVAL_MS = 600;
const RESOLUTION = 60;
const GALLERY_SIZE = 24;

export function usePredictions(run: Ref<RunEntry | null>, summary: Ref<DatasetSummary | null>, tick: Ref<number>) {
  const engine = useEngineStore();
  const grid = shallowRef<BoundaryGrid | null>(null);
  const points = shallowRef<BoundaryPoint[]>([]);
  const gallery = shallowRef<GalleryItem[]>([]);
  let inFlight = false;
  /** Asked while a request was out: ask once more when it is back (the final picture). */
  let again: RunEntry | null = null;
  let lastAsked = 0;
  let galleryFor: string | null = null;
  let finalFor: string | null = null;

  watch(
    summary,
    (s) => {
      points.value =
        s && s.features === 2 && s.task === 'classification'
          ? s.samples.map((x) => ({ x: x.features[0], y: x.features[1], label: x.label ?? 0 }))
          : [];
    },
    { immediate: true },
  );

  async function askBoundary(entry: RunEntry): Promise<void> {
    const bounds = gridBounds(points.value);
    if (!bounds) return;
    if (inFlight) {
      again = entry;
      return;
    }
    inFlight = true;
    lastAsked = Date.now();
    try {
      const reply = await engine.client.request({ type: 'predict', runId: entry.id, target: { kind: 'grid', ...bounds, resolution: RESOLUTION } });
      if (run.value === entry) grid.value = { ...bounds, resolution: RESOLUTION, classes: reply.classes, probabilities: reply.probabilities };
    } catch {
      // The run is gone from the engine (a restart): keep the last picture.
    } finally {
      inFlight = false;
      const next = again;
      again = null;
      if (next) void askBoundary(next);
    }
  }

  async function askGallery(entry: RunEntry): Promise<void> {
    const s = summary.value;
    if (!s || s.task !== 'classification') return;
    galleryFor = entry.id;
    const split = s.sizes.validation > 0 ? 'validation' : s.sizes.test > 0 ? 'test' : 'train';
    try {
      const reply = await engine.client.request({ type: 'predict', runId: entry.id, target: { kind: 'samples', split, count: GALLERY_SIZE } });
      if (run.value !== entry || !reply.samples) return;
      const f = s.features;
      const items: GalleryItem[] = [];
      for (let i = 0; i < reply.predicted.length; i++) {
        const features = reply.samples.features.subarray(i * f, (i + 1) * f);
        const truth = reply.samples.labels[i];
        const predicted = reply.predicted[i];
        items.push({
          ...(s.imageShape ? { image: { height: s.imageShape[0], width: s.imageShape[1], pixels: features } } : { features: Array.from(features) }),
          trueLabel: s.classNames[truth] ?? String(truth),
          predictedLabel: s.classNames[predicted] ?? String(predicted),
          confidence: reply.probabilities[i * reply.classes + predicted],
          correct: truth === predicted,
        });
      }
      gallery.value = items;
    } catch {
      gallery.value = [];
    }
  }

  watch([run, tick], () => {
    const entry = run.value;
    if (!entry || !entry.live) return;
    const ended = entry.series.state === 'done';
    if (points.value.length) {
      // Once more at the end, so the picture shows the final weights.
      if (ended && finalFor !== entry.id) {
        finalFor = entry.id;
        void askBoundary(entry);
      } else if (!ended && Date.now() - lastAsked >= BOUNDARY_INTERVAL_MS) void askBoundary(entry);
    }
    if (ended && galleryFor !== entry.id) void askGallery(entry);
  });

  watch(run, (entry, previous) => {
    if (entry?.id !== previous?.id) {
      grid.value = null;
      gallery.value = [];
      galleryFor = null;
      finalFor = null;
    }
  });

  // Keep the boundary moving even when events are sparse (a slow epoch).
  const timer = setInterval(() => {
    const entry = run.value;
    if (entry?.live && entry.series.state === 'running' && Date.now() - lastAsked >= BOUNDARY_INTERVAL_MS) void askBoundary(entry);
  }, BOUNDARY_INTERVAL_MS);
  onBeforeUnmount(() => clearInterval(timer));

  return { grid, points, gallery };
}
