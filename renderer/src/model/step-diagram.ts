// The Step view's diagram of a small network, laid out from an inspected step: a column of
// units per stage (the input, then each dense layer with the activation that follows it), each
// unit with its numbers for the batch's first row, and each link with its weight before the
// update. Layers are numbered from 1, as everywhere in the Step view.

import type { StepResult } from '../stores/step';

/** Larger networks are read in the tables: their diagram would be a tangle of unreadable numbers. */
export const MAX_DIAGRAM_UNITS = 8;

export interface DiagramUnit {
  x: number;
  y: number;
  /** The unit's numbers: the input value, or "z" and, after an activation, "a". */
  lines: string[];
  dead: boolean;
}

export interface DiagramLink {
  from: [number, number];
  to: [number, number];
  weight: number;
}

export interface Diagram {
  width: number;
  height: number;
  columns: { x: number; title: string; units: DiagramUnit[] }[];
  links: DiagramLink[];
}

const COLUMN_GAP = 220;
const ROW_GAP = 78;
const MARGIN = 70;

/** The diagram, or null when a layer is wider than MAX_DIAGRAM_UNITS. */
export function stepDiagram(step: StepResult, format: (v: number) => string): Diagram | null {
  const stages: { title: string; z: number[]; a: number[] | null; index: number | null }[] = [
    { title: 'Input', z: step.input[0] ?? [], a: null, index: null },
  ];
  step.layers.forEach((l, i) => {
    if (l.type !== 'dense') return;
    const next = step.layers[i + 1];
    const act = next?.type === 'activation' ? next : null;
    stages.push({
      title: `Layer ${l.index + 1}${act ? `-${act.index + 1}` : ''} (${act ? act.label : 'Dense'})`,
      z: l.output[0] ?? [],
      a: act ? (act.output[0] ?? []) : null,
      index: l.index,
    });
  });
  if (stages.some((s) => s.z.length > MAX_DIAGRAM_UNITS)) return null;
  const tallest = Math.max(...stages.map((s) => s.z.length));
  const height = MARGIN * 2 + (tallest - 1) * ROW_GAP;
  const columns = stages.map((s, c) => {
    const x = MARGIN + c * COLUMN_GAP;
    const top = height / 2 - ((s.z.length - 1) * ROW_GAP) / 2;
    const units = s.z.map((z, j): DiagramUnit => {
      const lines = s.index === null ? [format(z)] : s.a ? [`z ${format(z)}`, `a ${format(s.a[j])}`] : [`z ${format(z)}`];
      return { x, y: top + j * ROW_GAP, lines, dead: s.a !== null && s.a[j] === 0 && z <= 0 };
    });
    return { x, title: s.title, units };
  });
  const links: DiagramLink[] = [];
  for (let c = 1; c < stages.length; c++) {
    const w = step.parameters[`layers.${stages[c].index}.weight`]?.before.value as number[][] | undefined;
    if (!w) continue;
    columns[c - 1].units.forEach((from, i) =>
      columns[c].units.forEach((to, j) => links.push({ from: [from.x, from.y], to: [to.x, to.y], weight: w[i]?.[j] ?? 0 })),
    );
  }
  return { width: MARGIN * 2 + (stages.length - 1) * COLUMN_GAP, height, columns, links };
}
