// Every registry entry is wired everywhere: each layer kind, activation, loss, optimizer,
// initializer and schedule is offered by the menus the renderer derives, under its registry label,
// parses through the project schema with its defaults filled, builds in the engine and (layers)
// counts as many parameters as the engine's tensors hold.

import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, activationConstants, activationNames, getActivation } from '../../../shared/engine/activations';
import { loadBuiltinDataset } from '../../../shared/engine/datasets/builtin';
import { INITIALIZERS, initializerNames, parseInitializerConfig } from '../../../shared/engine/initializers';
import { LAYERS, layerKinds, newLayerConfig, parameterCount } from '../../../shared/engine/layers/registry';
import { getLoss, lossNames, lossOutput, OUTPUT_ACTIVATIONS, parseLossConfig } from '../../../shared/engine/losses';
import { Network, type LayerConfig } from '../../../shared/engine/network';
import { createOptimizer, OPTIMIZERS, optimizerNames, parseOptimizerConfig } from '../../../shared/engine/optimizers';
import { learningRateAt, parseScheduleConfig, SCHEDULES, scheduleNames } from '../../../shared/engine/schedules';
import { defaultProject } from '../../../shared/project/defaults';
import { parseProject } from '../../../shared/project/parse';
import { prepareRun } from '../../../shared/project/prepare';
import { BLOCK_KINDS, BLOCK_LABELS, blockOfLayer, defaultConfig, layerOfBlock } from '../../../renderer/src/model/network/blocks';
import { layersOf } from '../../../renderer/src/model/network/chain';
import { graphFromCanvas } from '../../../renderer/src/model/network/parse';
import {
  ACTIVATION_CHOICES,
  INITIALIZER_CHOICES,
  LOSS_CHOICES,
  OPTIMIZER_CHOICES,
  OUTPUT_ACTIVATION_CHOICES,
  SCHEDULE_CHOICES,
} from '../../../renderer/src/model/network/options';
import { IRIS, INPUT, graph, softmaxOutput } from './fixtures';

const iris = loadBuiltinDataset('iris', {});
const ref = { source: 'builtin' as const, name: 'iris', params: {} };
const base = defaultProject(ref, iris);
const head: LayerConfig[] = [
  { type: 'dense', units: 3, weightInit: { type: 'xavier-normal' }, biasInit: { type: 'zeros' } },
  { type: 'activation', activation: 'softmax' },
];

/** A project whose hidden part is `hidden`, parsed as a file would be. */
const withHidden = (hidden: unknown[]) => parseProject({ ...base, network: { layers: [...hidden, ...head] } });

describe('every registry entry is wired everywhere', () => {
  it.each(layerKinds())('layer %s: on the palette, parsed with its defaults, built, counted as built', (kind) => {
    expect(BLOCK_KINDS).toContain(kind);
    expect(BLOCK_LABELS[kind]).toBe(LAYERS[kind].label);
    const fresh = newLayerConfig(kind);
    // The palette's new block is the registry's new layer, and a canvas with it trains.
    expect(layerOfBlock(defaultConfig(kind, IRIS) as never)).toEqual(fresh);
    const chain = layersOf(graph([INPUT, defaultConfig(kind, IRIS), softmaxOutput], [[1, 2], [2, 3]]), IRIS);
    expect(chain.problems).toEqual([]);
    // Written with only its required fields, a project file gets the registry's defaults.
    const required = Object.fromEntries(Object.entries(LAYERS[kind].initial ?? {}));
    const project = withHidden([{ type: kind, ...required }]);
    expect(project.network.layers[0]).toEqual(fresh);
    // A saved canvas block reads back as the same settings.
    const saved = graphFromCanvas({ blocks: [{ id: 'b1', config: blockOfLayer(fresh), position: { x: 0, y: 0 } }], links: [] });
    expect(saved.graph.blocks[0].config).toEqual(blockOfLayer(fresh));
    const setup = prepareRun(project, iris);
    const built = setup.model.network.params.reduce((sum, p) => sum + p.value.length, 0);
    expect(parameterCount(project.network.layers, iris.numFeatures)).toBe(built);
  });

  it.each(activationNames())('activation %s: in the inspector, parsed, built with its constants', (name) => {
    expect(ACTIVATION_CHOICES).toContainEqual({ value: name, label: ACTIVATIONS[name].label });
    const project = withHidden([{ type: 'dense', units: 4 }, { type: 'activation', activation: name }]);
    expect(project.network.layers[1]).toEqual({ type: 'activation', activation: name });
    const layer = prepareRun(project, iris).model.network.layers[1] as unknown as { constants: object; label: string };
    expect(layer.label).toBe(getActivation(name).label);
    expect(layer.constants).toEqual(activationConstants(name));
    expect(layer.constants).toMatchObject(ACTIVATIONS[name].defaults);
  });

  it.each(lossNames())('loss %s: in the menu, parsed with its defaults, trains with the output it needs', (name) => {
    expect(LOSS_CHOICES).toContainEqual({ value: name, label: getLoss(name).label });
    expect(OUTPUT_ACTIVATION_CHOICES.map((c) => c.value)).toContain(lossOutput(name));
    const loss = parseLossConfig(name);
    const project = parseProject({ ...defaultProject(ref, iris, { loss }), loss: { type: name } });
    expect(project.loss).toEqual(loss);
    const last = project.network.layers.at(-1)!;
    expect(last.type === 'activation' ? last.activation : 'linear').toBe(lossOutput(name));
    const { model } = prepareRun(project, iris);
    expect(model.loss.name).toBe(name);
  });

  it('offers every output activation some loss needs, and only those', () => {
    expect(OUTPUT_ACTIVATION_CHOICES.map((c) => c.value)).toEqual([...OUTPUT_ACTIVATIONS]);
    expect(new Set(lossNames().map(lossOutput))).toEqual(new Set(OUTPUT_ACTIVATIONS));
  });

  it.each(optimizerNames())('optimizer %s: in the menu, parsed with its defaults, builds and steps', (name) => {
    expect(OPTIMIZER_CHOICES).toContainEqual({ value: name, label: OPTIMIZERS[name].label });
    const project = parseProject({ ...base, optimizer: { type: name } });
    expect(project.optimizer).toEqual(parseOptimizerConfig(name));
    const net = new Network(project.network, { inputSize: 4, capacity: 2, dtype: 'float64', seed: 1 });
    for (const p of net.params) p.grad.fill(0.5);
    const before = net.params.map((p) => Array.from(p.value));
    createOptimizer(project.optimizer, net.params, net.alloc).step(0.1);
    expect(net.params.map((p) => Array.from(p.value))).not.toEqual(before);
  });

  it.each(initializerNames())('initializer %s: in the picker, parsed with its defaults, draws the weights', (name) => {
    expect(INITIALIZER_CHOICES).toContainEqual({ value: name, label: INITIALIZERS[name].label });
    const project = withHidden([{ type: 'dense', units: 4, weightInit: { type: name } }]);
    const weightInit = (project.network.layers[0] as Extract<LayerConfig, { type: 'dense' }>).weightInit;
    expect(weightInit).toEqual(parseInitializerConfig(name));
    const values = Array.from(prepareRun(project, iris).model.network.params[0].value);
    expect(values.every(Number.isFinite)).toBe(true);
  });

  it.each(scheduleNames())('schedule %s: in the menu, parsed with its defaults, gives a rate', (name) => {
    expect(SCHEDULE_CHOICES).toContainEqual({ value: name, label: SCHEDULES[name].label });
    const project = parseProject({ ...base, schedule: { type: name } });
    expect(project.schedule).toEqual(parseScheduleConfig(name));
    const rate = learningRateAt(project.schedule, 0.1, 3, 10);
    expect(rate).toBeGreaterThanOrEqual(0);
    expect(rate).toBeLessThanOrEqual(0.1);
  });

  it('lists each menu in registry order, with one label per entry', () => {
    expect(ACTIVATION_CHOICES.map((c) => c.value)).toEqual(activationNames());
    expect(LOSS_CHOICES.map((c) => c.value)).toEqual(lossNames());
    expect(OPTIMIZER_CHOICES.map((c) => c.value)).toEqual([...optimizerNames()]);
    expect(SCHEDULE_CHOICES.map((c) => c.value)).toEqual([...scheduleNames()]);
    expect(INITIALIZER_CHOICES.map((c) => c.value)).toEqual(initializerNames());
    // The label the canvas, the CLI help and the validation messages use, e.g. for a loss.
    expect(LOSS_CHOICES.map((c) => c.label)).toEqual(['Cross-entropy', 'Binary cross-entropy', 'Mean squared error', 'Mean absolute error', 'Huber']);
  });
});
