// A run's record in a project file: its history is its 'epoch' events and its final 'done' or
// 'failed' event. The schemas that check a record, and the JSON a record is written as (numbers
// JSON cannot hold, NaN, infinities and -0, as the strings "NaN", "Infinity", "-Infinity", "-0").

import { z } from 'zod';
import { describeIssue } from '../engine/config';
import type { TrainingEvent } from '../engine/events';
import { runEventSchemas } from '../protocol/run-events';
import { ProjectError } from './parse';


const NON_FINITE = ['NaN', 'Infinity', '-Infinity', '-0'] as const;
/** Any number, NaN and infinities included (written as strings, see the comment at the top). */
const num = z.union([
  z.custom<number>((v) => typeof v === 'number', 'expected a number'),
  z.enum(NON_FINITE).transform((s) => Number(s)),
]);
const { epoch, done, failed } = runEventSchemas(num);
const runEventSchema = z.discriminatedUnion('type', [epoch, done, failed]);
export type RunEvent = Extract<TrainingEvent, { type: 'epoch' | 'done' | 'failed' }>;

/** How a run ended: its done event's reason, 'failed', or 'interrupted' when it had not ended when saved. */
export const runStatusSchema = z.enum(['completed', 'early-stopped', 'stopped', 'failed', 'interrupted']);
export type RunStatus = z.infer<typeof runStatusSchema>;

const runFields = {
  id: z.string().min(1).max(128),
  name: z.string(),
  /** ISO 8601, e.g. new Date().toISOString(). */
  startedAt: z.iso.datetime({ offset: true }),
  status: runStatusSchema,
  /** Why it ended, in words (a failure's message, "closed during training", ...). */
  message: z.string().optional(),
  /** The epochs it was set to train, so a stopped run reopened shows how far it got. */
  plannedEpochs: z.number().int().min(1).optional(),
  /** What it trained on, in words (dataset, input and output sizes): only runs alike are overlaid. */
  data: z.string().max(1000).optional(),
};

/** What holds across a run's events: only the last may end it, and the status is theirs. */
function checkRunEvents(run: { status: RunStatus; events: RunEvent[] }, ctx: z.RefinementCtx): void {
  const last = run.events.length - 1;
  run.events.forEach((e, i) => {
    if (e.type !== 'epoch' && i !== last) {
      ctx.addIssue({ code: 'custom', path: ['events', i], message: `a '${e.type}' event can only be the last event` });
    }
  });
  const expected = runStatus(run.events);
  if (run.status !== expected) {
    ctx.addIssue({ code: 'custom', path: ['status'], message: `the events say the run's status is '${expected}'` });
  }
}

export const runRecordSchema = z.strictObject({ ...runFields, events: z.array(runEventSchema) }).superRefine(checkRunEvents);
// The same check in three steps, so that a long run can be checked a slice of events at a time
// (checkAndWriteRun): the fields, then each event, then what holds across the events.
const runFieldsSchema = z.strictObject({ ...runFields, events: z.array(z.unknown()) });
const runAcrossEventsSchema = z.object({ status: runStatusSchema, events: z.array(z.custom<RunEvent>()) }).superRefine(checkRunEvents);
export type RunRecord = z.output<typeof runRecordSchema>;

const runRecordsSchema = z.array(runRecordSchema).superRefine((runs, ctx) => {
  const seen = new Set<string>();
  runs.forEach((r, i) => {
    if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `run id '${r.id}' is used twice` });
    seen.add(r.id);
  });
});

/** The first problem as 'runs.0.events.2.train.loss: ...', named from the file's point of view. */
function describeRunsIssue(error: z.ZodError, input: unknown): string {
  const issue = error.issues[0];
  const text = describeIssue(issue, input);
  return issue.path.length ? `runs.${text}` : `runs: ${text}`;
}

/** The runs of a project file's JSON; throws a ProjectError naming `source` and the first problem. */
export function parseRunRecords(json: unknown, source: string): RunRecord[] {
  const result = runRecordsSchema.safeParse(json);
  if (!result.success) throw new ProjectError(`${source} has an invalid run history: ${describeRunsIssue(result.error, json)}`);
  return result.data;
}

/** The status a run's events imply: the final event's outcome, or 'interrupted' without one. */
export function runStatus(events: readonly RunEvent[]): RunStatus {
  const end = events[events.length - 1];
  if (end?.type === 'done') return end.reason;
  if (end?.type === 'failed') return 'failed';
  return 'interrupted';
}

// The record's events must be exactly the engine's: a field added on one side only is a compile error.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;
export type RunRecordTypeChecks = [Expect<Same<z.output<typeof runEventSchema>, RunEvent>>];

/** JSON.stringify replacer keeping the numbers JSON cannot hold. */
function keepNonFinite(_key: string, value: unknown): unknown {
  if (typeof value !== 'number') return value;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (Object.is(value, -0)) return '-0';
  return value;
}

// A run's record does not change once made (a run that goes on is a new record), so it is checked
// and written once and its JSON kept: autosaving a project that holds many long runs then checks
// and writes only what is new (a 2,000-epoch run costs tens of milliseconds of the UI's time).
const runJsonCache = new WeakMap<RunRecord, string>();

/**
 * Checks one run against runRecordSchema and writes its JSON, pausing (yielding) before each
 * slice of events; returns the JSON, or the first problem with its path from the run.
 */
function* checkAndWriteRun(run: RunRecord, slice: number): Generator<void, string | z.core.$ZodIssue, void> {
  const fields = runFieldsSchema.safeParse(run);
  if (!fields.success) return fields.error.issues[0];
  const events: string[] = [];
  for (let start = 0; start < run.events.length; start += slice) {
    yield;
    for (let k = start; k < Math.min(start + slice, run.events.length); k++) {
      const event = runEventSchema.safeParse(run.events[k]);
      if (!event.success) return { ...event.error.issues[0], path: ['events', k, ...event.error.issues[0].path] };
      events.push(JSON.stringify(run.events[k], keepNonFinite));
    }
  }
  const across = runAcrossEventsSchema.safeParse(run);
  if (!across.success) return across.error.issues[0];
  // The record's own JSON with its events' texts put in: the same text JSON.stringify gives.
  const envelope = JSON.stringify({ ...run, events: [] }, keepNonFinite);
  return envelope.replace('"events":[]', () => `"events":[${events.join(',')}]`);
}

/** The runs' JSON texts; throws a ProjectError naming the first invalid or repeated run. */
export function runsJson(runs: readonly RunRecord[]): string[] {
  const invalid = (why: string) => new ProjectError(`The project's run history is invalid: ${why}`);
  const seen = new Set<string>();
  return runs.map((run, i) => {
    let json = runJsonCache.get(run);
    if (json === undefined) {
      const steps = checkAndWriteRun(run, Infinity);
      let step = steps.next();
      while (!step.done) step = steps.next();
      if (typeof step.value !== 'string') throw invalid(`runs.${describeIssue({ ...step.value, path: [i, ...step.value.path] }, runs)}`);
      json = step.value;
      runJsonCache.set(run, json);
    }
    if (seen.has(run.id)) throw invalid(`runs.${i}.id: run id '${run.id}' is used twice`);
    seen.add(run.id);
    return json;
  });
}

/**
 * Checks and writes the JSON of the runs encodeProjectFile has not seen yet, as it would, but a
 * slice of events at a time with `pause` awaited between slices, so that a window saving a long
 * run never holds its thread for long (checking a 2,000-epoch run is one 60 to 80 ms task in a
 * browser). A run that fails a check is left for encodeProjectFile to name.
 */
export async function prepareRunsForSave(runs: readonly RunRecord[], pause: () => Promise<void>, slice = 250): Promise<void> {
  for (const run of runs) {
    if (runJsonCache.has(run)) continue;
    const steps = checkAndWriteRun(run, slice);
    let step = steps.next();
    while (!step.done) {
      await pause();
      step = steps.next();
    }
    if (typeof step.value === 'string' && !runJsonCache.has(run)) runJsonCache.set(run, step.value);
  }
}
