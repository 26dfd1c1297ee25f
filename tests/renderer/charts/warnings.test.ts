import { describe, expect, it } from 'vitest';
import {
  DEAD_RELU_FRACTION,
  EXPLODING_NORM,
  fmtNumber,
  insightWarnings,
  runWarnings,
  SATURATED_FRACTION,
  UPDATE_RATIO_HIGH,
  UPDATE_RATIO_LOW,
  VANISHING_RATIO,
} from '../../../renderer/src/model/charts/warnings';
import { epoch, layer } from './fixtures';

const ids = (ws: { id: string }[]) => ws.map((w) => w.id);
/** The one line and its explanation, as the list shows them. */
const full = (w: { title: string; text: string }) => `${w.title}. ${w.text}`;

// Dense, activation, dense, activation, dense, softmax: a typical 2-hidden-layer classifier.
function network(hidden: string, over: { [index: number]: Parameters<typeof layer>[2] } = {}) {
  return [
    layer(0, 'Dense 784→64', over[0]),
    layer(1, hidden, over[1]),
    layer(2, 'Dense 64→64', over[2]),
    layer(3, hidden, over[3]),
    layer(4, 'Dense 64→10', over[4]),
    layer(5, 'Softmax', over[5]),
  ];
}

describe('insightWarnings', () => {
  it('says nothing about a healthy network', () => {
    expect(insightWarnings(network('ReLU'))).toEqual([]);
    expect(insightWarnings(network('Sigmoid'))).toEqual([]);
    expect(insightWarnings([])).toEqual([]);
  });

  it('dying ReLU: fires above the threshold, not at it, in plain words', () => {
    expect(DEAD_RELU_FRACTION).toBe(0.5);
    expect(insightWarnings(network('ReLU', { 1: { deadFraction: 0.5 } }))).toEqual([]);
    const [w] = insightWarnings(network('ReLU', { 1: { deadFraction: 0.8 } }));
    expect(w).toMatchObject({ id: 'dead-relu', layer: 1, severity: 'warning' });
    expect(w.title).toBe('Layer 2 (ReLU): 80% of units are dead');
    expect(full(w)).toContain('no gradient');
    expect(full(w)).toMatch(/He initialization|Leaky ReLU/);
  });

  it('does not call LeakyReLU units dead: they keep a gradient', () => {
    expect(insightWarnings(network('LeakyReLU', { 1: { deadFraction: 0.9 } }))).toEqual([]);
  });

  it('saturation: hidden sigmoid/tanh above the threshold; the output layer is exempt', () => {
    expect(SATURATED_FRACTION).toBe(0.5);
    expect(insightWarnings(network('Tanh', { 3: { saturatedFraction: 0.5 } }))).toEqual([]);
    const ws = insightWarnings(network('Tanh', { 3: { saturatedFraction: 0.75 } }));
    expect(ids(ws)).toEqual(['saturated']);
    expect(full(ws[0])).toContain('Layer 4 (Tanh): 75% of outputs are saturated');
    // A binary classifier's sigmoid output saturates when it is sure: not a problem.
    const binary = [layer(0, 'Dense 2→8'), layer(1, 'ReLU'), layer(2, 'Dense 8→1'), layer(3, 'Sigmoid', { saturatedFraction: 0.95 })];
    expect(insightWarnings(binary)).toEqual([]);
  });

  it('vanishing gradients: first layer more than 100x below the last, not at exactly 100x', () => {
    expect(VANISHING_RATIO).toBe(100);
    expect(insightWarnings(network('ReLU', { 0: { gradNorm: 1e-3 }, 4: { gradNorm: 0.1 } }))).toEqual([]);
    const ws = insightWarnings(network('Sigmoid', { 0: { gradNorm: 2e-5 }, 4: { gradNorm: 0.1 } }));
    expect(ids(ws)).toEqual(['vanishing-gradients']);
    const text = full(ws[0]);
    expect(text).toContain('Vanishing gradients');
    expect(text).toContain('Layer 1 (Dense 784→64) gets a gradient 5,000x smaller than Layer 5 (Dense 64→10)');
    // With sigmoid in the network, the lecture's explanation: slope at most 0.25.
    expect(text).toContain('0.25');
    const relu = insightWarnings(network('ReLU', { 0: { gradNorm: 2e-5 }, 4: { gradNorm: 0.1 } }));
    expect(full(relu[0])).not.toContain('0.25');
  });

  it('vanishing gradients also when the first layer gets none at all', () => {
    expect(ids(insightWarnings(network('ReLU', { 0: { gradNorm: 0 } })))).toEqual(['vanishing-gradients']);
  });

  it('exploding gradients: an absolute norm above 1000, not at it', () => {
    expect(EXPLODING_NORM).toBe(1000);
    const at = { 0: { gradNorm: 1000 }, 2: { gradNorm: 1000 }, 4: { gradNorm: 1000 } };
    expect(insightWarnings(network('ReLU', at))).toEqual([]);
    const ws = insightWarnings(network('ReLU', { 0: { gradNorm: 1500 }, 2: { gradNorm: 1200 }, 4: { gradNorm: 1100 } }));
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ id: 'exploding-gradients', severity: 'error', layer: 0 });
    expect(full(ws[0])).toContain('Exploding gradients');
  });

  it('exploding gradients: growing more than 100x towards the input, not at exactly 100x', () => {
    expect(insightWarnings(network('ReLU', { 0: { gradNorm: 10 }, 4: { gradNorm: 0.1 } }))).toEqual([]);
    const ws = insightWarnings(network('ReLU', { 0: { gradNorm: 50 }, 4: { gradNorm: 0.1 } }));
    expect(ids(ws)).toEqual(['exploding-gradients']);
    expect(full(ws[0])).toContain('500x larger');
  });

  it('update ratio: too big above 1e-1, too small below 1e-5, quiet at both boundaries', () => {
    expect([UPDATE_RATIO_HIGH, UPDATE_RATIO_LOW]).toEqual([0.1, 1e-5]);
    expect(insightWarnings(network('ReLU', { 0: { updateRatio: 0.1 }, 2: { updateRatio: 1e-5 } }))).toEqual([]);
    const ws = insightWarnings(network('ReLU', { 0: { updateRatio: 0.3 }, 2: { updateRatio: 2e-7 } }));
    expect(ids(ws)).toEqual(['update-ratio-high', 'update-ratio-low']);
    expect(full(ws[0])).toContain('Layer 1 (Dense 784→64): each step changes the weights by 0.3 of their size');
    expect(full(ws[0])).toContain('lower the learning rate');
    expect(full(ws[1])).toContain('by only 2e-7');
    expect(full(ws[1])).toContain('stopped learning');
  });

  it('a loss that does not move over 3 epochs (the zero-initialized MLP at log 3)', () => {
    const stuck = [epoch(0, 1.0986), epoch(1, 1.0986), epoch(2, 1.0985)];
    const ws = insightWarnings([], { epochs: stuck });
    expect(ids(ws)).toEqual(['loss-stuck']);
    expect(full(ws[0])).toContain('has not moved in 3 epochs');
    // Two epochs are too few to tell.
    expect(insightWarnings([], { epochs: stuck.slice(0, 2) })).toEqual([]);
    // Exactly a 1% drop is movement; less than that is not.
    expect(insightWarnings([], { epochs: [epoch(0, 2), epoch(1, 1.99), epoch(2, 1.98)] })).toEqual([]);
    expect(ids(insightWarnings([], { epochs: [epoch(0, 2), epoch(1, 1.99), epoch(2, 1.9801)] }))).toEqual(['loss-stuck']);
  });

  it('one warning per cause, however many layers show it, ranked with problems first', () => {
    const ws = insightWarnings(
      network('ReLU', { 1: { deadFraction: 0.8 }, 3: { deadFraction: 0.6 }, 0: { updateRatio: 0.3 }, 2: { updateRatio: 0.5, gradNorm: 2000 } }),
    );
    expect(ids(ws)).toEqual(['exploding-gradients', 'dead-relu', 'update-ratio-high']);
    expect(ws[1].title).toBe('Layers 2 and 4 (ReLU): 80% and 60% of units are dead');
    expect(ws[2].title).toBe('Layer 1 (Dense 784→64) and Layer 3 (Dense 64→64): each step changes the weights by 0.3 and 0.5 of their size');
  });

  it('does not call a gradient starved by dead units vanishing (the dying-ReLU network)', () => {
    // Biases at -10: the first hidden layer's units never fire, so the first dense layer gets nothing.
    const ws = insightWarnings(network('ReLU', { 1: { deadFraction: 1 }, 0: { gradNorm: 0, updateRatio: 0 }, 4: { gradNorm: 0.154, updateRatio: 1e-7 } }), {
      layers: [{ weightInit: 'he-normal', biasInit: { type: 'constant', value: -10 } }],
    });
    // The last layer, downstream of the dead units, is still flagged for its own tiny updates.
    expect(ids(ws)).toEqual(['dead-relu', 'update-ratio-low']);
    expect(ws[1].title).toContain('Layer 5 (Dense 64→10)');
    expect(ws[0].text).toContain('Start the biases at 0 instead of -10');
    expect(full(ws[0])).not.toMatch(/infinitely|vanishing/i);
  });

  it('never recommends the setting in use', () => {
    const he = { layers: [{ weightInit: 'he-normal' }, undefined, { weightInit: 'he-normal' }, undefined, { weightInit: 'he-normal' }] };
    const [dead] = insightWarnings(network('ReLU', { 1: { deadFraction: 0.8 } }), he);
    expect(dead.text).not.toContain('He initialization');
    expect(dead.text).toContain('Leaky ReLU');
    const [plainDead] = insightWarnings(network('ReLU', { 1: { deadFraction: 0.8 } }));
    expect(plainDead.text).toContain('He initialization');

    const xavier = { layers: [{ weightInit: 'xavier-uniform' }, undefined, { weightInit: 'xavier-uniform' }] };
    const [sat] = insightWarnings(network('Tanh', { 1: { saturatedFraction: 0.9 } }), xavier);
    expect(sat.text).not.toContain('Xavier');
    expect(sat.text).toMatch(/normalize the inputs/i);

    const vanishingHe = insightWarnings(network('ReLU', { 0: { gradNorm: 1e-6 }, 4: { gradNorm: 0.1 } }), he);
    expect(ids(vanishingHe)).toEqual(['vanishing-gradients']);
    expect(vanishingHe[0].text).not.toMatch(/He initialization|use ReLU/);
    expect(vanishingHe[0].text).toMatch(/use fewer layers/i);
    const vanishingSigmoid = insightWarnings(network('Sigmoid', { 0: { gradNorm: 1e-6 }, 4: { gradNorm: 0.1 } }), he);
    expect(vanishingSigmoid[0].text).toMatch(/use ReLU/i);
    expect(vanishingSigmoid[0].text).not.toContain('He initialization');
  });

  it('does not flag saturation in a run that is fitting its data', () => {
    const diagnostics = network('Tanh', { 1: { saturatedFraction: 0.9 } });
    expect(ids(insightWarnings(diagnostics, { epochs: [epoch(0, 0.6, undefined, 0.7), epoch(1, 0.02, undefined, 1)] }))).toEqual([]);
    expect(ids(insightWarnings(diagnostics, { epochs: [epoch(0, 0.6, undefined, 0.7), epoch(1, 0.5, undefined, 0.8)] }))).toEqual(['saturated']);
  });

  it('a stuck loss with zero-initialized weights is explained as symmetry, not as dead units', () => {
    const stuck = [epoch(0, 1.0986), epoch(1, 1.0986), epoch(2, 1.0986)];
    const [w] = insightWarnings([], { epochs: stuck, layers: [{ weightInit: 'zeros' }] });
    expect(w.text).toContain('stay equal to each other');
    expect(w.text).not.toContain('dead');
  });

  it('runWarnings reads a run series', () => {
    const ws = runWarnings({
      diagnostics: { layers: network('ReLU', { 3: { deadFraction: 1 } }) },
      epochs: [epoch(0, 1), epoch(1, 1), epoch(2, 1)],
    });
    expect(ids(ws)).toEqual(['dead-relu', 'loss-stuck']);
    expect(runWarnings({ diagnostics: null, epochs: [] })).toEqual([]);
  });
});

describe('fmtNumber', () => {
  it('prints compact numbers at any scale', () => {
    expect(fmtNumber(0.0042)).toBe('4.2e-3');
    expect(fmtNumber(12.345)).toBe('12.3');
    expect(fmtNumber(0.1)).toBe('0.1');
    expect(fmtNumber(123456)).toBe('1.2e5');
    expect(fmtNumber(0)).toBe('0');
  });
});
