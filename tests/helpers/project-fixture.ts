// The smallest valid project document, as JSON, for tests of project files and main's handlers.

export function smallProjectJson(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'mlp-studio-project',
    version: 1,
    name,
    dataset: { source: 'builtin', name: 'xor', params: {} },
    network: { layers: [{ type: 'dense', units: 2 }, { type: 'activation', activation: 'softmax' }] },
    loss: { type: 'cross-entropy' },
    optimizer: { type: 'sgd', lr: 0.1 },
    ...extra,
  };
}
