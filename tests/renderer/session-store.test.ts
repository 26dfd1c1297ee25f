// The window's stores together, with the real engine host in-process behind a scripted platform:
// a new project on the default dataset, a run trained to the end and kept in the document with
// its weights, saving, the unsaved-changes question, and a bad project file refused.

import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeProjectFile } from '../../shared/project/container';
import { useDocumentStore } from '../../renderer/src/stores/document';
import { useEngineStore } from '../../renderer/src/stores/engine';
import { useRunsStore } from '../../renderer/src/stores/runs';
import { useSessionStore } from '../../renderer/src/stores/session';
import { scriptedPlatform, until } from './helpers/platform';

beforeEach(() => setActivePinia(createPinia()));

describe('session, document, engine and runs stores', () => {
  it('starts a project on the default dataset, trains a run into it, and saves it', async () => {
    const { platform, saved } = scriptedPlatform();
    const session = useSessionStore();
    const doc = useDocumentStore();
    const engine = useEngineStore();
    const runs = useRunsStore();
    await session.init(platform);
    expect(engine.status).toBe('ready');
    expect(engine.dataset?.summary.name).toMatch(/spirals/i);
    expect(doc.state?.project.dataset).toMatchObject({ source: 'builtin', name: 'spirals' });
    expect(doc.dirty).toBe(false);

    doc.editProject('Set epochs', (p) => ({ ...p, training: { ...p.training, epochs: 2 } }));
    await runs.start(doc.state!.project);
    await until('the run to be kept in the document', () => doc.runs.length === 1);
    const record = doc.runs[0];
    expect(record.status).toBe('completed');
    expect(record.events.filter((e) => e.type === 'epoch')).toHaveLength(2);
    expect(doc.weights?.size).toBeGreaterThan(0);
    // The weights are saved with the normalizer they were trained with.
    expect(doc.state!.project.preprocessing.normalizer).toBeDefined();
    expect(doc.dirty).toBe(true);

    expect(await session.save(false)).toBe(true);
    expect(doc.dirty).toBe(false);
    const back = decodeProjectFile(saved[0].file, 'saved');
    expect(back.runs).toEqual([record]);
    expect(back.weights?.size).toBe(doc.weights?.size);
  });

  it('asks before replacing unsaved work, and keeps it on Cancel', async () => {
    const { platform, toOpen } = scriptedPlatform();
    const session = useSessionStore();
    const doc = useDocumentStore();
    await session.init(platform);
    doc.editProject('Rename project', (p) => ({ ...p, name: 'Mine' }));
    toOpen.push({ name: 'other', path: null, file: await doc.toFile() });

    const opening = session.open();
    await until('the question', () => session.question !== null);
    expect(session.question!.name).toBe('Mine');
    session.question!.answer('cancel');
    await opening;
    expect(doc.state!.project.name).toBe('Mine');
    expect(toOpen).toHaveLength(1);

    const discarding = session.newProject();
    await until('the question', () => session.question !== null);
    session.question!.answer('discard');
    await discarding;
    expect(doc.state!.project.name).toBe('Untitled');
    expect(doc.dirty).toBe(false);
  });

  it('refuses a damaged project file with a message and keeps the open project', async () => {
    const { platform, toOpen } = scriptedPlatform();
    const session = useSessionStore();
    const doc = useDocumentStore();
    await session.init(platform);
    const open = doc.state;
    toOpen.push({ name: 'broken', path: null, file: new TextEncoder().encode('{"format": "mlp-studio-project", "version": 1') });
    await session.open();
    expect(session.notice).toMatchObject({ kind: 'error', text: expect.stringMatching(/broken is not valid JSON/) });
    expect(doc.state).toBe(open);
  });
});
