// A dataset from the bytes of the files a user brought, however they came (read from disk, dropped
// into a browser): the IDX files of one dataset, or one CSV/TSV table. Judging what the bytes are
// and decoding them happens here only, so every edition accepts and refuses the same files.

import { decodeUtf8, TextTooLongError, Utf8Error } from '../utf8';
import { csvOptionsSchema, parseCsv, type CsvOptions } from './csv';
import { DatasetError, MAX_TABLE_BYTES, overLimit, overTableLimit, type DataLimits } from './errors';
import { isGzip } from './gzip';
import { idxDataset, idxRoles, type DataFile } from './idx-dataset';
import type { Dataset } from './types';

/** IDX magic: two zero bytes, then a type code from 0x08 (unsigned byte) to 0x0e (double). */
export const looksLikeIdx = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] >= 0x08 && b[2] <= 0x0e;

/**
 * The empty and too-large refusals of a table file, before anything is read or decoded. The
 * limit is the smaller of the memory limit and the longest text a host decodes, and the message
 * states the one that applies.
 */
export function checkFileSize(source: string, bytes: number, limits: DataLimits): void {
  if (bytes === 0) throw new DatasetError(source, 'is empty');
  if (bytes > limits.maxBytes && limits.maxBytes <= MAX_TABLE_BYTES) throw new DatasetError(source, overLimit(bytes, limits));
  if (bytes > MAX_TABLE_BYTES) throw new DatasetError(source, overTableLimit(bytes));
}

const latin1 = (b: Uint8Array, from: number) => String.fromCharCode(...b.subarray(from, from + 4096));

/**
 * What a project file looks like from its first bytes: 'safetensors' for an 8-byte little-endian
 * header length under 4 GiB followed by '{' (what the studio saves; other tools' weights too),
 * 'json-project' for JSON text that names the project format near its start. Given as a dataset
 * either would otherwise be refused as binary or parsed as a table of garbage.
 */
export function projectFormatOf(b: Uint8Array): 'safetensors' | 'json-project' | null {
  if (b.length >= 10 && b[4] === 0 && b[5] === 0 && b[6] === 0 && b[7] === 0 && b[8] === 0x7b) return 'safetensors';
  const text = latin1(b, 0).replace(/^\u00ef\u00bb\u00bf/, '').trimStart();
  return text.startsWith('{') && /"format"\s*:\s*"mlp-studio-project"/.test(text) ? 'json-project' : null;
}

/** One CSV/TSV table; `file.name` names it in errors and, ending in .tsv, picks the delimiter. */
export function tableFromFile(file: DataFile, csv: Partial<CsvOptions>, limits: DataLimits): Dataset {
  const { name, bytes } = file;
  checkFileSize(name, bytes.length, limits);
  if (isGzip(bytes) || looksLikeIdx(bytes)) {
    throw new DatasetError(name, 'is a single IDX file; open the images and labels of the dataset together (their folder, or the files at once)');
  }
  const project = projectFormatOf(bytes);
  if (project === 'json-project') throw new DatasetError(name, 'is an MLP Studio project, not a dataset (open it as a project)');
  if (project === 'safetensors') throw new DatasetError(name, 'is an MLP Studio project or other safetensors file, not a dataset');
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch (e) {
    if (e instanceof TextTooLongError) throw new DatasetError(name, overTableLimit(bytes.length));
    if (e instanceof Utf8Error) throw new DatasetError(name, 'is neither a CSV/TSV text table nor an IDX dataset (it is not valid UTF-8 text)');
    throw e;
  }
  const options = csvOptionsSchema.parse({ ...(/\.tsv$/i.test(name) ? { delimiter: '\t' } : {}), ...csv });
  return parseCsv(text, name, options, limits).dataset;
}

/**
 * The dataset in `files`. `name` names an IDX dataset (a folder's name; 'fashion' or 'mnist' in
 * it picks the known class names, see idxDataset); a single table is named by its file.
 */
export function datasetFromFiles(files: readonly DataFile[], csv: Partial<CsvOptions>, limits: DataLimits, name?: string): Dataset {
  const label = name ?? (files.length === 1 ? files[0].name : 'dataset');
  if (Object.keys(idxRoles(files.map((f) => f.name))).length > 0) {
    const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
    if (total > limits.maxBytes) throw new DatasetError(label, overLimit(total, limits, 'idx-folder'));
    // idxDataset knows Fashion-MNIST and MNIST by the name (and by their sizes) itself.
    return idxDataset(label, files, limits);
  }
  if (files.length !== 1) {
    throw new DatasetError(label, `expected one CSV/TSV file or the IDX files of one dataset (train-images-idx3-ubyte and train-labels-idx1-ubyte), got ${files.length} files`);
  }
  return tableFromFile(files[0], csv, limits);
}
