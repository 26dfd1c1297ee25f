// The initialization lab: one batch through the network as each initializer starts it. Checked by
// hand on a tiny network, and on the lecture's deep networks against what the lecture says:
// sigmoid layers shrink the signal and the gradient with depth; He keeps a ReLU network's spread.

import { describe, expect, it } from 'vitest';
import { probeModel } from '../../../shared/engine/init-probe';
import { probeInitializers, withInitializer } from '../../../shared/project/init-lab';
import { prepareRun } from '../../../shared/project/prepare';
import { parseProject } from '../../../shared/project/parse';
import { EngineHost } from '../../../shared/engine-host/host';
import { parseEngineMessage, type EngineMessage, type MessageOf } from '../../../shared/protocol/engine';
import { builtinProject } from '../../helpers/run';

function deep(activation: string, depth: number, units = 64) {
  const { project, dataset } = builtinProject('spirals', {});
  const hidden = Array.from({ length: depth }, () => [{ type: 'dense', units }, { type: 'activation', activation }]).flat();
  const layers = [...hidden, { type: 'dense', units: 2 }, { type: 'activation', activation: 'softmax' }];
  return { project: parseProject({ ...project, network: { layers }, training: { ...project.training, batchSize: 128 } }), dataset };
}

const hiddenStd = (layers: { type: string; label: string; activationStd: number }[]) =>
  layers.filter((l) => l.type === 'activation' && !/softmax/i.test(l.label)).map((l) => l.activationStd);
const denseGrad = (layers: { type: string; gradNorm: number | null }[]) => layers.filter((l) => l.type === 'dense').map((l) => l.gradNorm!);

describe('probeModel', () => {
  it('measures spread, gradient and symmetry by hand on a 2-2-2 network with constant weights', () => {
    const { project, dataset } = builtinProject('xor', { n: 40, seed: 1 });
    const p = withInitializer(
      parseProject({ ...project, network: { layers: [{ type: 'dense', units: 2 }, { type: 'activation', activation: 'relu' }, { type: 'dense', units: 2 }, { type: 'activation', activation: 'softmax' }] } }),
      { type: 'constant', value: 0.5 },
    );
    const { model } = prepareRun(p, dataset);
    // Rows (1, 2) and (3, 4): every hidden unit computes 0.5 * (x1 + x2) = 1.5 and 3.5.
    const x = Float32Array.from([1, 2, 3, 4]);
    const probe = probeModel(model, x, { labels: Int32Array.from([0, 1]), values: new Float32Array(0) }, 2);
    const [hidden, relu, out] = probe.layers;
    // Each unit varies by 1 around its mean of 2.5 over the two rows.
    expect(hidden.activationStd).toBeCloseTo(1, 6);
    expect(relu.activationStd).toBeCloseTo(1, 6);
    expect(hidden.symmetric).toBe(true);
    // Identical units are symmetric, not dead: their inputs are above zero.
    expect(relu.deadFraction).toBe(0);
    // Equal output columns give equal logits: p = (0.5, 0.5), and the gradient reaching the hidden
    // layer is 0.5 * (p0 - y0) + 0.5 * (p1 - y1) = 0 for every row, so its weights get none.
    expect(hidden.gradNorm).toBe(0);
    expect(out.gradNorm).toBeGreaterThan(0);
    expect(probe.loss).toBeCloseTo(Math.log(2), 6);
  });
});

describe('probeInitializers', () => {
  it('shows a 7-layer sigmoid network shrinking the signal and the gradient with depth, whatever the initializer', () => {
    const { project, dataset } = deep('sigmoid', 7);
    for (const r of probeInitializers(project, dataset).filter((r) => r.initializer.type !== 'zeros')) {
      const std = hiddenStd(r.layers);
      expect(std, r.label).toHaveLength(7);
      // Each sigmoid layer passes on at most a quarter of its input's variation (slope <= 1/4):
      // by the seventh it is a small fraction of the first's.
      expect(std[6] / std[0], r.label).toBeLessThan(0.05);
      for (let i = 1; i < 7; i++) expect(std[i], `${r.label} layer ${i + 1}`).toBeLessThan(std[i - 1]);
      // Vanishing gradients: the first layer's weights get far less than the last's.
      const g = denseGrad(r.layers);
      expect(g[0] / g[g.length - 1], r.label).toBeLessThan(1e-3);
    }
  });

  it('shows He keeping a 7-layer ReLU network\'s spread roughly constant where Xavier lets it fade', () => {
    const { project, dataset } = deep('relu', 7);
    const results = probeInitializers(project, dataset, [{ type: 'he-normal' }, { type: 'xavier-normal' }]);
    const he = hiddenStd(results[0].layers);
    const xavier = hiddenStd(results[1].layers);
    for (const s of he) expect(s / he[0]).toBeGreaterThan(0.4);
    expect(xavier[6] / xavier[0]).toBeLessThan(0.1);
    expect(results.map((r) => r.label)).toEqual(['He normal', 'Xavier normal']);
  });

  it('finds zero initialization symmetric, not dead, and every hidden weight without a gradient', () => {
    const { project, dataset } = deep('relu', 2, 8);
    const [zeros] = probeInitializers(project, dataset, [{ type: 'zeros' }]);
    const dense = zeros.layers.filter((l) => l.type === 'dense');
    expect(dense.map((l) => l.symmetric)).toEqual([true, true, true]);
    expect(zeros.layers.filter((l) => l.deadFraction !== null).map((l) => l.deadFraction)).toEqual([0, 0]);
    expect(denseGrad(zeros.layers).slice(0, 2)).toEqual([0, 0]);
  });

  it('finds dying ReLU units when the biases start far below zero, and tells them from symmetric ones', () => {
    const { project, dataset } = deep('relu', 1, 16);
    const layers = project.network.layers.map((l, i) => (i === 0 && l.type === 'dense' ? { ...l, biasInit: { type: 'constant' as const, value: -10 } } : l));
    // The lab starts biases at zero; the dead units come from a probe of the project as it is.
    const { model } = prepareRun({ ...project, network: { layers } }, dataset);
    // 64 rows inside [-1, 1]^2, as normalized data is: no He-drawn weight reaches the -10 bias.
    const rows = 64;
    const x = Float32Array.from({ length: rows * 2 }, (_, i) => Math.sin(i * 1.7));
    const probe = probeModel(model, x, { labels: Int32Array.from({ length: rows }, (_, r) => r % 2), values: new Float32Array(0) }, rows);
    expect(probe.layers[0].symmetric).toBe(false);
    expect(probe.layers[1].deadFraction).toBe(1);
    expect(probe.layers[0].gradNorm).toBe(0);
  });

  it('starts from fresh weights and a fitted normalizer, not the project\'s saved ones', () => {
    const { project, dataset } = deep('tanh', 2, 8);
    const p = withInitializer({ ...project, weights: { 'layers.0.weight': { shape: [2, 8], data: new Array(16).fill(1) } } } as never, { type: 'he-normal' });
    expect((p as { weights?: unknown }).weights).toBeUndefined();
    expect(p.network.layers.filter((l) => l.type === 'dense').every((l) => l.type === 'dense' && l.weightInit.type === 'he-normal' && l.biasInit.type === 'zeros')).toBe(true);
  });
});

describe('the engine host\'s probe-init request', () => {
  it('answers with one result per initializer in the lab\'s order, checked against the protocol, and one error line for an unknown dataset', async () => {
    const messages: EngineMessage[] = [];
    const host = new EngineHost({ post: (m) => messages.push(parseEngineMessage(m)) });
    const { project } = deep('sigmoid', 2, 8);
    await host.handle({ type: 'open-dataset', id: 1, source: project.dataset });
    const datasetId = (messages.at(-1) as MessageOf<'dataset'>).datasetId;
    await host.handle({ type: 'probe-init', id: 2, project, datasetId });
    const reply = messages.at(-1) as MessageOf<'init-probe'>;
    expect(reply.type).toBe('init-probe');
    expect(reply.results.map((r) => r.label)).toEqual(['Zeros', 'Random normal', 'Xavier normal', 'He normal', 'LeCun normal', 'PyTorch default']);
    await host.handle({ type: 'probe-init', id: 3, project, datasetId: 'nope', initializers: [{ type: 'he-normal' }] });
    expect(messages.at(-1)).toMatchObject({ type: 'error', id: 3 });
  });
});
