// The on-disk project document: a safetensors file whose tensors are the trained weights and
// whose __metadata__ holds the project JSON and the runs' histories; plain JSON projects are read too.
//
// Layout (https://github.com/huggingface/safetensors): 8-byte little-endian header length N, N
// bytes of UTF-8 JSON header padded with spaces, then the raw little-endian tensor bytes. The
// header maps each tensor name to {dtype: "F32", shape, data_offsets: [begin, end]} (offsets
// relative to the data) and "__metadata__" to string values:
//   format  "mlp-studio-project"       version  String(PROJECT_VERSION)
//   project the project JSON without `weights`
//   runs    JSON array of RunRecord (non-finite numbers and -0 as the strings "NaN", "Infinity",
//           "-Infinity", "-0", since JSON has no way to write them and a diverging run's NaN loss is history too)
// Any other safetensors reader (Python's safetensors, numpy) can load the weights of a project.

import { describeValue } from '../engine/config';
import { decodeUtf8 as fromUtf8, encodeUtf8 as utf8, MAX_TEXT_BYTES, TextTooLongError, Utf8Error } from '../engine/utf8';
import { MAX_PROJECT_BYTES } from '../protocol/ipc';
import { describeJsonError, isReservedKey, ProjectError, parseProject, parseProjectText } from './parse';
import { parseRunRecords, runsJson, type RunRecord } from './run-records';
import { PROJECT_FORMAT, PROJECT_VERSION, type Project } from './schema';

// The run records are part of the document's API.
export { prepareRunsForSave, runRecordSchema, runStatus, runStatusSchema, type RunEvent, type RunRecord, type RunStatus } from './run-records';

// ---------------------------------------------------------------------------------------------
// The document

export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

export interface ProjectDocument {
  /** The project; in a decoded document it never holds inline `weights` (they are in `weights`). */
  project: Project;
  /** Trained weights by name ('layers.0.weight', ...); null when there are none. */
  weights: Map<string, WeightTensor> | null;
  runs: RunRecord[];
}

// ---------------------------------------------------------------------------------------------
// Bytes

/** safetensors data is little-endian; on a big-endian host every 4-byte value is swapped while copying. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Copies F32 bytes between little-endian file order and host order, bit for bit (NaN payloads included). */
function copyF32Bytes(src: Uint8Array, dst: Uint8Array, dstOffset: number): void {
  if (LITTLE_ENDIAN) {
    dst.set(src, dstOffset);
    return;
  }
  for (let i = 0; i < src.length; i += 4) {
    dst[dstOffset + i] = src[i + 3];
    dst[dstOffset + i + 1] = src[i + 2];
    dst[dstOffset + i + 2] = src[i + 1];
    dst[dstOffset + i + 3] = src[i];
  }
}

const bytesOf = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export const METADATA_KEY = '__metadata__';
/**
 * The largest project file read anywhere: what the window may hand main to save, so that every
 * project saved opens again. A JSON project is further held to MAX_TEXT_BYTES, the longest text
 * a host decodes.
 */
export const MAX_PROJECT_FILE_BYTES = MAX_PROJECT_BYTES;
/** A header larger than this is not a project header but a damaged or foreign file. */
export const MAX_HEADER_BYTES = 100 * 1024 * 1024;
const RESERVED_METADATA = ['format', 'version', 'project', 'runs'];

/** Every safetensors dtype: anything else is not safetensors at all, these are just not ours. */
const SAFETENSORS_DTYPES = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64'];

// ---------------------------------------------------------------------------------------------
// Encoding

const elementCount = (shape: readonly number[]) => shape.reduce((n, d) => n * d, 1);
const describeShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * The document as safetensors bytes. `extraMetadata` adds string entries to __metadata__ (the
 * recovery store's bookkeeping); the reserved keys cannot be overridden. Refuses (rather than
 * writes) a document it could not read back: an invalid project, runs or tensor.
 */
export function encodeProjectFile(doc: ProjectDocument, extraMetadata: Record<string, string> = {}): Uint8Array {
  const { weights: inlineWeights, ...project } = doc.project;
  const projectText = JSON.stringify(project);
  // Re-parsing is the guarantee that what is written opens again.
  parseProject(JSON.parse(projectText), 'the project to save');
  if (!Array.isArray(doc.runs)) throw new ProjectError(`The project's run history is invalid: runs: expected an array, got ${describeValue(doc.runs)}`);
  const runs = runsJson(doc.runs);
  for (const key of Object.keys(extraMetadata)) {
    if (RESERVED_METADATA.includes(key)) throw new Error(`Metadata key '${key}' is reserved for the project file itself`);
  }

  const weights = doc.weights ?? (inlineWeights ? weightsFromProject(inlineWeights, 'the project to save') : new Map<string, WeightTensor>());
  const header: Record<string, unknown> = {};
  const tensors: { data: Float32Array; begin: number }[] = [];
  let offset = 0;
  for (const [name, t] of weights) {
    if (name === '' || name === METADATA_KEY || isReservedKey(name)) throw new Error(`A tensor cannot be named '${name}'`);
    if (!(t.data instanceof Float32Array)) throw new Error(`Tensor '${name}' is not a Float32Array`);
    if (!t.shape.every((d) => Number.isSafeInteger(d) && d >= 0) || elementCount(t.shape) !== t.data.length) {
      throw new Error(`Tensor '${name}' has shape ${describeShape(t.shape)} but holds ${t.data.length} values`);
    }
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + t.data.byteLength] };
    tensors.push({ data: t.data, begin: offset });
    offset += t.data.byteLength;
  }
  header[METADATA_KEY] = {
    ...extraMetadata,
    format: PROJECT_FORMAT,
    version: String(PROJECT_VERSION),
    project: projectText,
    runs: `[${runs.join(',')}]`,
  };

  const json = utf8(JSON.stringify(header));
  // Padding to a multiple of 8 aligns the tensor data for readers that map the file.
  const headerLength = Math.ceil(json.length / 8) * 8;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new Error(`The project is too large to save: its description takes ${headerLength} bytes, more than ${MAX_HEADER_BYTES} (inline data this large belongs in a data file)`);
  }
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLength, true);
  view.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  const dataStart = 8 + headerLength;
  for (const t of tensors) copyF32Bytes(bytesOf(t.data), out, dataStart + t.begin);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Inline JSON weights as tensors, checking that each one's values fill its shape. */
function weightsFromProject(inline: NonNullable<Project['weights']>, source: string): Map<string, WeightTensor> {
  const map = new Map<string, WeightTensor>();
  for (const [name, t] of Object.entries(inline)) {
    const expected = elementCount(t.shape);
    if (t.data.length !== expected) {
      throw new ProjectError(`${source} is invalid: weights '${name}' hold ${t.data.length} values but shape ${describeShape(t.shape)} needs ${expected}`);
    }
    map.set(name, { shape: [...t.shape], data: Float32Array.from(t.data) });
  }
  return map;
}

/** A file of JSON text rather than safetensors: '{' first (after a BOM or spaces) and no NUL in the first 8 bytes, which a safetensors header length under 4 GB always has. */
function isJsonText(bytes: Uint8Array): boolean {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] !== 0x7b) return false;
  for (let j = 0; j < Math.min(8, bytes.length); j++) if (bytes[j] === 0) return false;
  return true;
}

/** Enough of a file's start for projectFileFormat. */
export const PROJECT_MAGIC_BYTES = 16;

/**
 * What a project file is by its first bytes, whatever its name: 'mlpstudio' for a safetensors
 * header (a plausible 8-byte little-endian length, then '{'), 'json' for JSON text, null for
 * neither. A reader can refuse anything else before reading the rest of a large file.
 */
export function projectFileFormat(head: Uint8Array): 'mlpstudio' | 'json' | null {
  if (isJsonText(head)) return 'json';
  if (head.length < 9 || head[8] !== 0x7b) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const length = view.getUint32(0, true);
  return view.getUint32(4, true) === 0 && length >= 2 && length <= MAX_HEADER_BYTES ? 'mlpstudio' : null;
}

function decodeJsonText(bytes: Uint8Array, source: string): ProjectDocument {
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch (e) {
    if (e instanceof TextTooLongError) {
      throw new ProjectError(`${source} is too large to read as JSON text (${bytes.length} bytes; the limit is ${MAX_TEXT_BYTES}): save it as a .mlpstudio project, which holds the weights as binary`);
    }
    if (e instanceof Utf8Error) throw new ProjectError(`${source} is not valid JSON: it is not UTF-8 text`);
    throw e;
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const { weights: inline, ...project } = parseProjectText(text, source);
  return { project, weights: inline ? weightsFromProject(inline, source) : null, runs: [] };
}

/** JSON text inside the container, with a syntax error worded as damage to the file. */
function parseInnerJson(text: string, damaged: (problem: string) => ProjectError, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    throw damaged(`${what} is not valid JSON (${describeJsonError(text)})`);
  }
}

interface TensorEntry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

interface Container {
  metadata: Record<string, string>;
  tensors: TensorEntry[];
  data: Uint8Array;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Reads and checks the safetensors structure, the project marker and the version; the project itself is not parsed here. */
function readContainer(bytes: Uint8Array, source: string): Container {
  const damaged = (problem: string) => new ProjectError(`${source} is damaged: ${problem}`);
  if (bytes.length < 8) throw new ProjectError(`${source} is too short to be an MLP Studio project (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new ProjectError(`${source} is not an MLP Studio project or is damaged: its header length (${headerLength} bytes) is absurd (the limit is ${MAX_HEADER_BYTES})`);
  }
  if (8 + headerLength > bytes.length) {
    throw new ProjectError(`${source} is truncated or damaged: its header length (${headerLength} bytes) is larger than the file (${bytes.length} bytes)`);
  }
  let headerText: string;
  try {
    headerText = fromUtf8(bytes.subarray(8, 8 + headerLength));
  } catch (e) {
    if (e instanceof Utf8Error) throw damaged('its header is not valid JSON (not UTF-8 text)');
    throw e;
  }
  const header = parseInnerJson(headerText, damaged, 'its header');
  if (!isRecord(header)) throw damaged('its header is not a JSON object');

  // The marker and version come before the tensors: a newer studio may store tensors differently.
  const rawMetadata = header[METADATA_KEY];
  if (rawMetadata !== undefined && (!isRecord(rawMetadata) || !Object.values(rawMetadata).every((v) => typeof v === 'string'))) {
    throw damaged(`its ${METADATA_KEY} is not a map of strings`);
  }
  const metadata = (rawMetadata ?? {}) as Record<string, string>;
  if (metadata.format !== PROJECT_FORMAT) {
    const found = metadata.format === undefined ? 'without the' : `whose format marker is ${JSON.stringify(metadata.format)}, not the`;
    throw new ProjectError(`${source} is not an MLP Studio project (a safetensors file ${found} "${PROJECT_FORMAT}" format marker)`);
  }
  const version = /^[1-9][0-9]{0,8}$/.test(metadata.version ?? '') ? Number(metadata.version) : NaN;
  if (!Number.isInteger(version)) throw new ProjectError(`${source} has an invalid format version ${JSON.stringify(metadata.version ?? null)}`);
  if (version > PROJECT_VERSION) {
    throw new ProjectError(
      `${source} was saved by a newer MLP Studio (format version ${version}; this version reads up to ${PROJECT_VERSION}). Update MLP Studio to open it.`,
    );
  }

  const data = bytes.subarray(8 + headerLength);
  const tensors: TensorEntry[] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === METADATA_KEY) continue;
    // A tensor so named would vanish from (or change) any plain object its weights are copied into.
    if (isReservedKey(name)) throw new ProjectError(`${source} is invalid: the tensor name '${name}' is a reserved name`);
    if (!isRecord(entry)) throw damaged(`tensor '${name}' is not described by an object`);
    const { dtype, shape, data_offsets: offsets } = entry;
    if (typeof dtype !== 'string') throw damaged(`tensor '${name}' has no dtype`);
    if (dtype !== 'F32') {
      throw new ProjectError(
        SAFETENSORS_DTYPES.includes(dtype)
          ? `${source} holds tensor '${name}' of dtype ${dtype}; MLP Studio projects hold F32 tensors only`
          : `${source} is damaged: tensor '${name}' has an unknown dtype ${JSON.stringify(dtype)}`,
      );
    }
    if (!Array.isArray(shape) || !shape.every(isIndex)) throw damaged(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex)) {
      throw damaged(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as number[];
    if (begin > end || end > data.length) {
      throw damaged(`tensor '${name}' has data_offsets [${begin}, ${end}] out of range (the tensor data is ${data.length} bytes)`);
    }
    const values = elementCount(shape);
    if (values * 4 !== end - begin) {
      throw damaged(`tensor '${name}' has shape ${describeShape(shape)} (${values} F32 values, ${values * 4} bytes) but its data_offsets span ${end - begin} bytes`);
    }
    tensors.push({ name, shape: shape as number[], begin, end });
  }
  // The tensors must tile the data exactly: no overlap, no gap, nothing after the last one.
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: TensorEntry | undefined;
  for (const t of tensors) {
    if (t.begin < covered) throw damaged(`tensors '${previous!.name}' and '${t.name}' overlap (bytes ${t.begin} to ${Math.min(covered, t.end)})`);
    if (t.begin > covered) throw damaged(`bytes ${covered} to ${t.begin} of the tensor data belong to no tensor`);
    covered = t.end;
    previous = t;
  }
  if (covered !== data.length) throw damaged(`the last ${data.length - covered} bytes of the tensor data belong to no tensor`);
  return { metadata, tensors, data };
}

/** A file's bytes as a document: safetensors (what MLP Studio writes) or a plain JSON project. */
export function decodeProjectFile(bytes: Uint8Array, source: string): ProjectDocument {
  if (bytes.length === 0) throw new ProjectError(`${source} is empty (0 bytes): it is not an MLP Studio project`);
  if (isJsonText(bytes)) return decodeJsonText(bytes, source);
  const { metadata, tensors, data } = readContainer(bytes, source);
  const damaged = (problem: string) => new ProjectError(`${source} is damaged: ${problem}`);

  if (metadata.project === undefined) throw damaged('it holds no project description');
  const projectJson = parseInnerJson(metadata.project, damaged, 'its project description');
  // parseProject runs the migrations and words the errors as for any project file.
  const { weights: inline, ...project } = parseProject(projectJson, source);

  let weights: Map<string, WeightTensor> | null = null;
  if (tensors.length > 0) {
    if (inline) throw new ProjectError(`${source} is damaged: it holds weights both as tensors and inside the project`);
    weights = new Map();
    for (const t of tensors) {
      const values = new Float32Array((t.end - t.begin) / 4);
      copyF32Bytes(data.subarray(t.begin, t.end), bytesOf(values), 0);
      weights.set(t.name, { shape: t.shape, data: values });
    }
  } else if (inline) {
    weights = weightsFromProject(inline, source);
  }

  let runs: RunRecord[] = [];
  if (metadata.runs !== undefined) runs = parseRunRecords(parseInnerJson(metadata.runs, damaged, 'its run history'), source);
  return { project, weights, runs };
}

/** The __metadata__ strings of a safetensors project file (empty for a JSON project), after the same structural checks as decoding. */
export function decodeProjectFileMetadata(bytes: Uint8Array, source: string): Record<string, string> {
  if (bytes.length === 0) throw new ProjectError(`${source} is empty (0 bytes): it is not an MLP Studio project`);
  if (isJsonText(bytes)) return {};
  return { ...readContainer(bytes, source).metadata };
}
