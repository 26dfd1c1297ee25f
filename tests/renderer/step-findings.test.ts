// The Step view's sentences, read off real inspected steps of the lecture's examples: Example 2's
// dead second hidden unit, Example 6's hidden layer that no gradient reaches, and a healthy step.

import { describe, expect, it } from 'vitest';
import { decodeProjectFile } from '../../shared/project/container';
import { LECTURE_EXAMPLES } from '../../renderer/src/model/lecture-examples';
import { stepFindings } from '../../renderer/src/model/step-findings';
import { MAX_DIAGRAM_UNITS, stepDiagram } from '../../renderer/src/model/step-diagram';
import { fmtStepNumber } from '../../renderer/src/model/step-format';
import { expectPrinted, inspectSample } from '../helpers/inspect-sample';

/** A lecture example as the window opens it (the bundled file, read like any project file). */
function sampleProject(id: string) {
  const example = LECTURE_EXAMPLES.find((e) => e.id === id)!;
  const { project, weights } = decodeProjectFile(example.file(), example.name);
  // The window keeps weights beside the project; here they go back inline, which loads them the same way.
  const inline = Object.fromEntries([...weights!].map(([n, t]) => [n, { shape: t.shape, data: Array.from(t.data) }]));
  return { ...project, weights: inline };
}

describe('the bundled lecture examples', () => {
  it('are the six shipped samples, each a valid project with its weights', () => {
    expect(LECTURE_EXAMPLES.map((e) => e.name)).toEqual([
      'Example 1: forward pass of a 2-2-3 network',
      'Example 2: dying ReLU',
      'Example 3: zero initialization in linear regression',
      'Example 4: zero initialization in logistic regression',
      'Example 5: zero initialization in softmax regression',
      'Example 6: zero initialization breaks an MLP',
    ]);
    for (const e of LECTURE_EXAMPLES) expect(decodeProjectFile(e.file(), e.name).weights?.size, e.name).toBeGreaterThan(0);
  });
});

describe('step findings', () => {
  it('Example 2: loss 0.989 then 0.972, and the second hidden unit is dead', async () => {
    const f = stepFindings(await inspectSample(sampleProject('dying-relu')));
    expectPrinted(f.lossBefore, 0.989, 3, 'loss before');
    expectPrinted(f.lossAfter, 0.972, 3, 'loss after');
    expect(f.notes).toHaveLength(1);
    expect(f.notes[0]).toMatch(/^Unit 2 of 2 of .*ReLU.* dead for this batch/);
  });

  it('Example 6: the hidden units are symmetric copies, not dead ReLUs, and no gradient reaches the hidden layer', async () => {
    const f = stepFindings(await inspectSample(sampleProject('zero-init-mlp')));
    expectPrinted(f.lossBefore, Math.log(3), 4, 'loss before');
    expect(f.notes[0]).toMatch(/^All 2 units of layer 2 \(ReLU\) are copies of one another: .*symmetry is never broken.*not dying ReLU/);
    expect(f.notes.join(' ')).not.toMatch(/dead/);
    // Parameters numbered as the layers are, from 1.
    expect(f.notes[1]).toMatch(/^No gradient reaches Layer 1 weight, Layer 1 bias, Layer 3 weight: they stay/);
  });

  it('Example 1 on its three flowers: the dead unit, and nothing else to say', async () => {
    const f = stepFindings(await inspectSample(sampleProject('forward-pass')));
    expectPrinted(f.lossBefore, 1.273, 3, 'loss before');
    expect(f.lossAfter).toBeLessThan(f.lossBefore);
    expect(f.notes).toHaveLength(1);
    expect(f.notes[0]).toMatch(/^Unit 2 of 2 of .* dead for this batch/);
  });
});

describe('the step diagram', () => {
  it('lays out Example 2 with the lecture\'s numbers on its units and its weights on the links', async () => {
    const step = await inspectSample(sampleProject('dying-relu'));
    const d = stepDiagram(step, fmtStepNumber)!;
    expect(d.columns.map((c) => c.title)).toEqual(['Input', 'Layer 1-2 (ReLU)', 'Layer 3-4 (Softmax)']);
    expect(d.columns[0].units.map((u) => u.lines)).toEqual([['1.5'], ['0.2']]);
    // h = [1.372, -1.69], ReLU = [1.372, 0]: the second unit dead; z = [0.439, 0.343, 0.192].
    expect(d.columns[1].units.map((u) => u.lines)).toEqual([['z 1.372', 'a 1.372'], ['z -1.69', 'a 0']]);
    expect(d.columns[1].units.map((u) => u.dead)).toEqual([false, true]);
    expect(d.columns[2].units.map((u) => u.lines[0])).toEqual(['z 0.439', 'z 0.343', 'z 0.1921']);
    // 2x2 + 2x3 links, each with its weight before the update (W_h[0][0] = 0.86 before).
    expect(d.links).toHaveLength(10);
    // Stored as float32 in the project file: 0.86 to float32 precision.
    expect(d.links[0].weight).toBeCloseTo(0.86, 6);
  });

  it('leaves a layer wider than the limit to the tables', async () => {
    const step = await inspectSample(sampleProject('dying-relu'));
    const wide = { ...step, input: [Array.from({ length: MAX_DIAGRAM_UNITS + 1 }, () => 0)] };
    expect(stepDiagram(wide, fmtStepNumber)).toBeNull();
  });
});
