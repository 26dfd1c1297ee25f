// The crash test of atomic saving: a real child process saves two large projects in turn to one
// file and is killed with SIGKILL at seeded random moments; after every kill the file must be one
// of the two complete contents, never a mix, a prefix or empty.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { saveProjectFile } from '../../main/project-store';
import { decodeProjectFile, encodeProjectFile } from '../../shared/project/container';
import { killTestDocument } from './fixtures/save-loop-docs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url));
const KILLS = 30;
// Time: each child costs about a second of CPU to start (tsx, zod, the engine's schemas), so the
// test takes about 15 s on an idle two-core machine, longer on a busy one (hence the timeout).
/** Children loading at once: starting one (tsx, zod, the engine's schemas) takes most of a second, the saving part a few tens of milliseconds. */
const WARM = 3;
/** A save of these 3.2 MB takes roughly 10 to 40 ms here: delays up to 60 ms land anywhere in one. */
const MAX_DELAY_MS = 60;

/** mulberry32: seeded, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Saver {
  child: ChildProcess;
  /** Modules loaded and documents built; waiting for "go". */
  ready: Promise<void>;
  /** Its first save finished: from here on it is rewriting the file over and over. */
  firstSave: Promise<void>;
  exited: Promise<void>;
}

const children: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'mlp-studio-save-kill-'));
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startSaver(target: string): Saver {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, target], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const died = exited.then(() => {
    throw new Error(`the saver exited early (code ${child.exitCode}, signal ${child.signalCode}): ${err.trim()}`);
  });
  const seen = (text: string) =>
    Promise.race([
      new Promise<void>((resolve) => {
        const check = () => out.includes(text) && (child.stdout!.off('data', check), resolve());
        child.stdout!.on('data', check);
      }),
      died,
    ]);
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const saver = { child, ready: seen('ready\n'), firstSave: seen('saved'), exited };
  // Awaited later; a child that dies before then must not be an unhandled rejection meanwhile.
  saver.ready.catch(() => undefined);
  saver.firstSave.catch(() => undefined);
  return saver;
}

it(`a file saved atomically survives ${KILLS} SIGKILLs at random moments`, async () => {
  const target = join(dir, 'project.mlpstudio');
  const docs = [killTestDocument(0), killTestDocument(1)];
  const contents = docs.map((d) => Buffer.from(encodeProjectFile(d)));
  await saveProjectFile(target, docs[0]);
  const next = random(20240611);
  const seen = [0, 0];
  let midSave = 0;

  const warm: Saver[] = [];
  let started = 0;
  const topUp = () => {
    while (warm.length < WARM && started < KILLS) {
      warm.push(startSaver(target));
      started++;
    }
  };
  topUp();
  for (let kill = 0; kill < KILLS; kill++) {
    const saver = warm.shift()!;
    topUp();
    await saver.ready;
    saver.child.stdin!.write('go\n');
    await saver.firstSave;
    await new Promise((r) => setTimeout(r, next() * MAX_DELAY_MS));
    saver.child.kill('SIGKILL');
    await saver.exited;
    expect(saver.child.signalCode).toBe('SIGKILL');

    // A temporary file left means the kill came in the middle of a save: the case that matters.
    if (readdirSync(dir).some((f) => f.endsWith('.tmp'))) midSave++;
    const bytes = readFileSync(target);
    const which = contents.findIndex((c) => c.equals(bytes));
    expect(which, `after kill ${kill + 1} the file holds ${bytes.length} bytes matching neither content`).not.toBe(-1);
    seen[which]++;
    expect(decodeProjectFile(bytes, target).project.name).toBe(docs[which].project.name);
  }

  // The kills landed both ways round and some mid-save (about half on an ext4 disk; fewer where
  // fsync costs nothing, as on tmpfs), so the test tested something.
  expect(seen[0]).toBeGreaterThan(0);
  expect(seen[1]).toBeGreaterThan(0);
  expect(midSave).toBeGreaterThan(0);
  // The next save clears what the killed savers left behind.
  await saveProjectFile(target, docs[1]);
  expect(readdirSync(dir)).toEqual(['project.mlpstudio']);
}, 120_000);
