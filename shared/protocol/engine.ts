// The one protocol between the user interface and the engine (utility process or Web Worker):
// zod schemas and types of every request and message, checked strictly by whoever receives them.
//
// Requests (UI -> engine) carry a numeric `id` that their reply repeats; REPLY_OF names the reply
// to each. Any request may instead get error {id, message}; id is -1 when the request's id was
// unreadable. A train request's run then streams run-event {runId, event} messages, ending with
// the run's 'done' or 'failed' event.
// Engine -> UI without a request: ready (the engine listens on this link). The UI's EngineClient
// itself emits engine-crashed when the engine's host (main's supervisor, or the browser's worker
// watch) reports that it died: every dataset and run it held is gone.

import { z } from 'zod';
import { describeIssue, describeValue } from '../engine/config';
import { normalizerSchema } from '../engine/data/normalize';
import { csvOptionsSchema, type CsvOptions } from '../engine/datasets/csv';
import { ProjectError, parseProject } from '../project/parse';
import { datasetRefSchema, type ProjectInput } from '../project/schema';
import { datasetSummarySchema, inspectionResultSchema, labResultSchema, trainingEventSchema, type Expect, type Same } from './engine-payloads';
import { initializerConfigSchema } from '../engine/initializers';
import { count } from './run-events';
import { float32Array, int32Array, uint8Array, weightTensorsSchema, type NamedWeightTensor } from './tensors';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  /** The offending request's id when it could be read, else -1, so the reply can still be matched. */
  constructor(
    message: string,
    readonly id: number = -1,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Building blocks

const requestId = z.number().int().min(0);
/** Ids chosen by the UI (runs) or the engine (datasets); bounded so a runaway string is refused. */
const handle = z.string().min(1).max(128);

/** A project as the UI holds it; parsed (migrations, defaults, one-line errors) by parseProject. */
const projectField = z
  .custom<ProjectInput>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected a project object')
  .transform((value, ctx) => {
    try {
      return parseProject(value, 'project');
    } catch (e) {
      // 'named': the project's parser already names the field inside the project.
      ctx.addIssue({ code: 'custom', message: e instanceof ProjectError ? e.message : String(e), params: { named: true } });
      return z.NEVER;
    }
  });

// ---------------------------------------------------------------------------------------------
// Requests

const filesSourceSchema = z.strictObject({
  source: z.literal('files'),
  /** The folder's or upload's name: the dataset's name (Fashion-MNIST class names when it says so). */
  name: z.string().min(1).max(255).optional(),
  /** One CSV/TSV file, or the IDX files of one dataset (train images and labels, optionally t10k). */
  files: z
    .array(z.strictObject({ name: z.string().min(1).max(255), bytes: uint8Array }))
    .min(1)
    .max(8),
});

/**
 * CSV options a request sets, without defaults: zod's partial() would still fill every default in
 * and so override what the dataset reference itself says.
 */
const csv = csvOptionsSchema.shape;
const csvOverridesSchema = z.strictObject({
  labelColumn: csv.labelColumn.unwrap().optional(),
  task: csv.task.unwrap().optional(),
  missing: csv.missing.unwrap().optional(),
  header: csv.header.unwrap().optional(),
  delimiter: csv.delimiter,
});

/** A project's dataset reference (built-in, inline, file path), or file contents from a browser. */
export const datasetSourceSchema = z.discriminatedUnion('source', [...datasetRefSchema.options, filesSourceSchema]);
export type DatasetSource = z.output<typeof datasetSourceSchema>;

const openDatasetSchema = z.strictObject({
  type: z.literal('open-dataset'),
  id: requestId,
  source: datasetSourceSchema,
  /** How to read a CSV/TSV table (over a file reference's own options); ignored for IDX data. */
  csv: csvOverridesSchema.optional(),
  /** Summarize with this project's preprocessing (splits, normalization); else the defaults. */
  project: projectField.optional(),
});

/**
 * Weights to start from, apart from the project: typed arrays checked once each (and moved, not
 * copied, where the link can), where the project's own JSON `weights` are checked value by value.
 */
const startWeights = weightTensorsSchema(true).optional();
const oneSourceOfWeights = [
  (r: { project: { weights?: unknown }; weights?: unknown }) => r.weights === undefined || r.project.weights === undefined,
  { message: "weights are given twice: in the project and in the request's 'weights'", params: { named: true } },
] as const;

const trainSchema = z
  .strictObject({
    type: z.literal('train'),
    id: requestId,
    runId: handle,
    project: projectField,
    datasetId: handle,
    weights: startWeights,
  })
  .refine(...oneSourceOfWeights);

const controlSchema = z.strictObject({
  type: z.literal('control'),
  id: requestId,
  runId: handle,
  action: z.enum(['pause', 'resume', 'stop']),
});

const inspectSchema = z
  .strictObject({
    type: z.literal('inspect'),
    id: requestId,
    project: projectField,
    datasetId: handle,
    weights: startWeights,
    /** float64 shows a worked example's numbers without float32 rounding. */
    dtype: z.enum(['float32', 'float64']).default('float32'),
    /** Which batch, in file order (0 first), wrapping around the training rows: step k walks batch k - 1. */
    batchIndex: z.number().int().min(0).max(1e9).default(0),
  })
  .refine(...oneSourceOfWeights);

/** The initialization lab: the project's first batch through its network once per initializer. */
const probeInitSchema = z.strictObject({
  type: z.literal('probe-init'),
  id: requestId,
  project: projectField,
  datasetId: handle,
  /** The lab's own set (zeros, normal, Xavier, He, LeCun, PyTorch's default) when absent. */
  initializers: z.array(initializerConfigSchema).min(1).max(20).optional(),
});

const exportWeightsSchema = z.strictObject({
  type: z.literal('export-weights'),
  id: requestId,
  runId: handle,
});

const gridTargetSchema = z
  .strictObject({
    kind: z.literal('grid'),
    xMin: z.number().finite(),
    xMax: z.number().finite(),
    yMin: z.number().finite(),
    yMax: z.number().finite(),
    resolution: z.number().int().min(2).max(256),
  })
  .refine((g) => g.xMax > g.xMin && g.yMax > g.yMin, 'the grid needs xMax > xMin and yMax > yMin');

/** Class predictions of a run's current model, for the decision boundary and the gallery. */
const predictSchema = z.strictObject({
  type: z.literal('predict'),
  id: requestId,
  runId: handle,
  target: z.union([
    gridTargetSchema,
    /** The first `count` rows of a split, with their raw features and true labels. */
    z.strictObject({ kind: z.literal('samples'), split: z.enum(['train', 'validation', 'test']), count: z.number().int().min(1).max(200) }),
  ]),
});

const forgetSchema = z
  .strictObject({
    type: z.literal('forget'),
    id: requestId,
    datasetId: handle.optional(),
    runId: handle.optional(),
  })
  .refine((r) => (r.datasetId === undefined) !== (r.runId === undefined), 'forget needs exactly one of datasetId and runId');

/**
 * The runs the UI still shows: the engine drops every other run it holds (its network, optimizer
 * state and data), stopping any still training. Sent whenever runs leave the UI, so nothing the
 * UI lost track of (a reloaded page's runs) stays behind either.
 */
const keepRunsSchema = z.strictObject({ type: z.literal('keep-runs'), id: requestId, runIds: z.array(handle).max(100_000) });

const REQUEST_SCHEMAS = {
  'open-dataset': openDatasetSchema,
  train: trainSchema,
  control: controlSchema,
  inspect: inspectSchema,
  'probe-init': probeInitSchema,
  'export-weights': exportWeightsSchema,
  predict: predictSchema,
  forget: forgetSchema,
  'keep-runs': keepRunsSchema,
} as const;

export const engineRequestSchema = z.union(Object.values(REQUEST_SCHEMAS) as [
  typeof openDatasetSchema,
  typeof trainSchema,
  typeof controlSchema,
  typeof inspectSchema,
  typeof probeInitSchema,
  typeof exportWeightsSchema,
  typeof predictSchema,
  typeof forgetSchema,
  typeof keepRunsSchema,
]);
/** A request as the engine handles it: project parsed, defaults filled in. */
export type EngineRequest = z.output<typeof engineRequestSchema>;
/** A request as the UI writes it. */
export type EngineRequestInput = z.input<typeof engineRequestSchema>;
export type EngineRequestType = keyof typeof REQUEST_SCHEMAS;
export type RequestOf<T extends EngineRequestType> = Extract<EngineRequest, { type: T }>;
export type RequestInputOf<T extends EngineRequestType> = Extract<EngineRequestInput, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Engine messages

const MESSAGE_SCHEMAS = {
  ready: z.strictObject({ type: z.literal('ready') }),
  dataset: z.strictObject({ type: z.literal('dataset'), id: requestId, datasetId: handle, summary: datasetSummarySchema }),
  'run-event': z.strictObject({ type: z.literal('run-event'), runId: handle, event: trainingEventSchema }),
  inspection: z.strictObject({ type: z.literal('inspection'), id: requestId, result: inspectionResultSchema }),
  'init-probe': z.strictObject({ type: z.literal('init-probe'), id: requestId, results: z.array(labResultSchema) }),
  weights: z.strictObject({
    type: z.literal('weights'),
    id: requestId,
    runId: handle,
    /** Copies of the parameters and buffers, by name; their buffers are transferred. */
    tensors: weightTensorsSchema(false),
    /** The input normalization the weights were trained with, needed to save a usable project. */
    normalizer: normalizerSchema,
  }),
  prediction: z.strictObject({
    type: z.literal('prediction'),
    id: requestId,
    runId: handle,
    classes: count,
    /** Row-major [rows, classes]: grid points row by row from yMin, or the samples in order. */
    probabilities: float32Array,
    predicted: int32Array,
    /** For samples: their raw features (row-major [rows, features]) and true labels. */
    samples: z.strictObject({ features: float32Array, labels: int32Array }).optional(),
  }),
  ok: z.strictObject({ type: z.literal('ok'), id: requestId }),
  error: z.strictObject({ type: z.literal('error'), id: z.number().int().min(-1), message: z.string() }),
  'engine-crashed': z.strictObject({
    type: z.literal('engine-crashed'),
    reason: z.string(),
    /** False when main gave up (the engine keeps crashing) or is shutting down. */
    restarting: z.boolean(),
  }),
} as const;

export const engineMessageSchema = z.discriminatedUnion('type', Object.values(MESSAGE_SCHEMAS) as [
  (typeof MESSAGE_SCHEMAS)['ready'],
  (typeof MESSAGE_SCHEMAS)['dataset'],
  (typeof MESSAGE_SCHEMAS)['run-event'],
  (typeof MESSAGE_SCHEMAS)['inspection'],
  (typeof MESSAGE_SCHEMAS)['init-probe'],
  (typeof MESSAGE_SCHEMAS)['weights'],
  (typeof MESSAGE_SCHEMAS)['prediction'],
  (typeof MESSAGE_SCHEMAS)['ok'],
  (typeof MESSAGE_SCHEMAS)['error'],
  (typeof MESSAGE_SCHEMAS)['engine-crashed'],
]);
export type EngineMessage = z.output<typeof engineMessageSchema>;
export type EngineMessageType = keyof typeof MESSAGE_SCHEMAS;
export type MessageOf<T extends EngineMessageType> = Extract<EngineMessage, { type: T }>;

/** The reply to each request when it succeeds; the client checks that a reply is the one expected. */
export const REPLY_OF = {
  'open-dataset': 'dataset',
  /** Once its run streams: the first run-event answers it. */
  train: 'ok',
  control: 'ok',
  inspect: 'inspection',
  'probe-init': 'init-probe',
  'export-weights': 'weights',
  predict: 'prediction',
  forget: 'ok',
  'keep-runs': 'ok',
} as const satisfies Record<EngineRequestType, EngineMessageType>;
export type ReplyOf<T extends EngineRequestType> = MessageOf<(typeof REPLY_OF)[T]>;

// ---------------------------------------------------------------------------------------------
// Parsing

function describeError(error: z.ZodError, input: unknown): string {
  const first = describeIssue(error.issues[0], input);
  const more = error.issues.length - 1;
  return more > 0 ? `${first} (and ${more} more problem${more > 1 ? 's' : ''})` : first;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

/** The id of a request that may be malformed, or -1: lets an error reply name the request it answers. */
export function readRequestId(data: unknown): number {
  const id = isRecord(data) ? data.id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : -1;
}

/** Validates a request from the UI; throws a ProtocolError with one line naming the problem. */
export function parseEngineRequest(data: unknown): EngineRequest {
  const known = Object.keys(REQUEST_SCHEMAS).join(', ');
  if (!isRecord(data)) throw new ProtocolError(`An engine request must be an object with a 'type' and an 'id', got ${describeValue(data)}`);
  const id = readRequestId(data);
  const type = data.type;
  if (typeof type !== 'string' || !Object.hasOwn(REQUEST_SCHEMAS, type)) {
    throw new ProtocolError(`Unknown engine request type ${describeValue(type)} (known: ${known})`, id);
  }
  if (!('id' in data)) throw new ProtocolError(`Engine request '${type}' has no 'id' (a non-negative integer)`, id);
  const schema: z.ZodType<EngineRequest> = REQUEST_SCHEMAS[type as EngineRequestType];
  const result = schema.safeParse(data);
  if (!result.success) throw new ProtocolError(`Invalid '${type}' request: ${describeError(result.error, data)}`, id);
  return result.data;
}

/** Validates a message from the engine (or the supervisor); throws a ProtocolError naming the problem. */
export function parseEngineMessage(data: unknown): EngineMessage {
  const known = Object.keys(MESSAGE_SCHEMAS).join(', ');
  if (!isRecord(data)) throw new ProtocolError(`An engine message must be an object with a 'type', got ${describeValue(data)}`);
  const type = data.type;
  if (typeof type !== 'string' || !Object.hasOwn(MESSAGE_SCHEMAS, type)) {
    throw new ProtocolError(`Unknown engine message type ${describeValue(type)} (known: ${known})`);
  }
  const schema: z.ZodType<EngineMessage> = MESSAGE_SCHEMAS[type as EngineMessageType];
  const result = schema.safeParse(data);
  if (!result.success) throw new ProtocolError(`Invalid '${type}' message: ${describeError(result.error, data)}`);
  return result.data;
}

// ---------------------------------------------------------------------------------------------
// The schemas must describe exactly the engine's and the project's types (the engine's results
// are checked in engine-payloads.ts): a field added on one side and not the other is a compile
// error here rather than a message refused at run time.

export type ProtocolTypeChecks = [
  Expect<Same<z.output<typeof csvOverridesSchema>, Partial<CsvOptions>>>,
  Expect<Same<MessageOf<'weights'>['tensors'][number], NamedWeightTensor>>,
];
