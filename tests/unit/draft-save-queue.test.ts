import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createDraftSaveQueue,
  DRAFTS_STORAGE_KEY,
  patchOverHttp,
  RETRY_OFFLINE_MS,
  RETRY_ONLINE_MS,
  SAVE_DELAY_MS,
  withPatch,
  type DraftPatch,
  type DraftStorage,
  type SaveStatus,
  type SendOutcome,
} from '@/components/checklist/draft-save-queue';

/**
 * The check-list draft's autosave: whatever the user types reaches the server eventually, through
 * saves in flight, a lost connection, a closed tab and a refusal, and is kept in the browser until
 * the server has it.
 */

const ID = '0b6f3c1e-7a52-4c1b-9d7e-2f0a8e4b5c61';
const OTHER_ID = '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const NOW = new Date('2026-03-10T09:00:00.000Z');

function memoryStorage(initial: Record<string, string> = {}): DraftStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

/** What this browser keeps for one check-list (undefined: nothing). */
function stored(storage: DraftStorage, id = ID): DraftPatch | undefined {
  const raw = storage.getItem(DRAFTS_STORAGE_KEY);
  return raw === null ? undefined : (JSON.parse(raw) as Record<string, { patch: DraftPatch }>)[id]?.patch;
}

type Call = { patch: DraftPatch; resolve: (outcome: SendOutcome) => void; reject: (error: unknown) => void };

/** A server whose answers the test gives, one call at a time. */
function controlledServer() {
  const calls: Call[] = [];
  const send = vi.fn(
    (patch: DraftPatch) =>
      new Promise<SendOutcome>((resolve, reject) => {
        calls.push({ patch, resolve, reject });
      }),
  );
  return { calls, send };
}

function queueWith(options: {
  storage?: DraftStorage;
  send: (patch: DraftPatch) => Promise<SendOutcome>;
  online?: () => boolean;
}) {
  const statuses: SaveStatus[] = [];
  const refused: Record<string, string[]>[] = [];
  const storage = options.storage ?? memoryStorage();
  const queue = createDraftSaveQueue({
    id: ID,
    storage,
    send: options.send,
    isOnline: options.online ?? (() => true),
    now: () => NOW,
  });
  queue.subscribe((event) => {
    if (event.type === 'status') statuses.push(event.status);
    else refused.push(event.fieldErrors);
  });
  return { queue, storage, statuses, refused };
}

const offline = () => new TypeError('Failed to fetch');

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('draft save queue', () => {
  it('keeps each change in the browser at once and sends the changes of one pause in typing as one patch, cleared answers as null', async () => {
    const server = controlledServer();
    const { queue, storage, statuses } = queueWith({ send: server.send });

    queue.change('ctx.reference', 'PV-1');
    expect(stored(storage)).toEqual({ 'ctx.reference': 'PV-1' });
    expect(JSON.parse(storage.getItem(DRAFTS_STORAGE_KEY)!)).toEqual({
      [ID]: { patch: { 'ctx.reference': 'PV-1' }, at: NOW.toISOString() },
    });
    expect(queue.status()).toEqual({ state: 'saving', error: null });

    queue.change('ctx.region', '');
    queue.change('ctx.forms', ['economic']);
    queue.change('ctx.sector', []);
    queue.change('ctx.reference', 'PV-12');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS - 1);
    expect(server.send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(server.calls.map((c) => c.patch)).toEqual([
      { 'ctx.reference': 'PV-12', 'ctx.region': null, 'ctx.forms': ['economic'], 'ctx.sector': null },
    ]);

    server.calls[0]!.resolve({ kind: 'saved' });
    await vi.runAllTimersAsync();
    expect(queue.status()).toEqual({ state: 'saved', error: null });
    expect(statuses.at(-1)).toEqual({ state: 'saved', error: null });
    expect(queue.hasPending()).toBe(false);
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBeNull();
    expect(server.send).toHaveBeenCalledTimes(1);
  });

  it('does not lose what is typed while a save is in flight: it stays pending and kept, and goes with the next save', async () => {
    const server = controlledServer();
    const { queue, storage } = queueWith({ send: server.send });

    queue.change('ctx.reference', 'PV-1');
    const first = queue.flush();
    expect(server.calls.map((c) => c.patch)).toEqual([{ 'ctx.reference': 'PV-1' }]);

    queue.change('ctx.reference', 'PV-123');
    queue.change('vic.sex', 'm');
    server.calls[0]!.resolve({ kind: 'saved' });
    expect(await first).toBe(false);
    expect(queue.pending()).toEqual({ 'ctx.reference': 'PV-123', 'vic.sex': 'm' });
    expect(stored(storage)).toEqual({ 'ctx.reference': 'PV-123', 'vic.sex': 'm' });
    expect(queue.status().state).toBe('saving');

    const second = queue.flush();
    expect(server.calls[1]!.patch).toEqual({ 'ctx.reference': 'PV-123', 'vic.sex': 'm' });
    server.calls[1]!.resolve({ kind: 'saved' });
    expect(await second).toBe(true);
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBeNull();
    expect(queue.status()).toEqual({ state: 'saved', error: null });
  });

  it('makes a save asked for during another one (completing) wait for it, then send what is left', async () => {
    const server = controlledServer();
    const { queue } = queueWith({ send: server.send });

    queue.change('ctx.reference', 'PV-1');
    const autosave = queue.flush();
    queue.change('vic.sex', 'f');
    const beforeCompleting = queue.flush();
    expect(server.send).toHaveBeenCalledTimes(1);

    server.calls[0]!.resolve({ kind: 'saved' });
    expect(await autosave).toBe(false);
    await vi.waitFor(() => expect(server.send).toHaveBeenCalledTimes(2));
    expect(server.calls[1]!.patch).toEqual({ 'vic.sex': 'f' });
    server.calls[1]!.resolve({ kind: 'saved' });
    expect(await beforeCompleting).toBe(true);
  });

  it('keeps every change through a lost connection and retries, less often while the browser says it is offline', async () => {
    const server = controlledServer();
    let online = false;
    const { queue, storage } = queueWith({ send: server.send, online: () => online });

    queue.change('ctx.reference', 'PV-OFF');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    server.calls[0]!.reject(offline());
    await vi.advanceTimersByTimeAsync(0);
    expect(queue.status()).toEqual({ state: 'offline', error: null });
    expect(stored(storage)).toEqual({ 'ctx.reference': 'PV-OFF' });

    await vi.advanceTimersByTimeAsync(RETRY_OFFLINE_MS - 1);
    expect(server.send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.send).toHaveBeenCalledTimes(2);
    expect(server.calls[1]!.patch).toEqual({ 'ctx.reference': 'PV-OFF' });

    online = true;
    server.calls[1]!.reject(offline());
    await vi.advanceTimersByTimeAsync(RETRY_ONLINE_MS);
    expect(server.send).toHaveBeenCalledTimes(3);
    server.calls[2]!.resolve({ kind: 'saved' });
    await vi.runAllTimersAsync();
    expect(queue.status()).toEqual({ state: 'saved', error: null });
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBeNull();
    expect(server.send).toHaveBeenCalledTimes(3);
  });

  it('sends at once when asked to (the connection came back) instead of waiting for the next retry', async () => {
    const server = controlledServer();
    const { queue } = queueWith({ send: server.send, online: () => false });
    queue.change('ctx.reference', 'PV-OFF');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    server.calls[0]!.reject(offline());
    await vi.advanceTimersByTimeAsync(0);

    queue.schedule(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(server.send).toHaveBeenCalledTimes(2);
  });

  it('after a reload, restores what the server never acknowledged and sends it, leaving other check-lists’ drafts alone', async () => {
    const storage = memoryStorage({
      [DRAFTS_STORAGE_KEY]: JSON.stringify({
        [OTHER_ID]: { patch: { 'ctx.reference': 'OTHER' }, at: NOW.toISOString() },
      }),
    });
    const before = queueWith({ storage, send: () => Promise.reject(offline()) });
    before.queue.change('ctx.reference', 'PV-TAB');
    before.queue.change('vic.birth_date', '');
    expect(await before.queue.flush()).toBe(false);
    vi.clearAllTimers(); // the tab is closed

    const server = controlledServer();
    const after = queueWith({ storage, send: server.send });
    expect(after.queue.restore()).toEqual({ 'ctx.reference': 'PV-TAB', 'vic.birth_date': null });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.calls.map((c) => c.patch)).toEqual([{ 'ctx.reference': 'PV-TAB', 'vic.birth_date': null }]);
    server.calls[0]!.resolve({ kind: 'saved' });
    await vi.runAllTimersAsync();
    expect(stored(storage)).toBeUndefined();
    expect(stored(storage, OTHER_ID)).toEqual({ 'ctx.reference': 'OTHER' });
  });

  it('after restoring, a change to one restored answer keeps the other restored answers pending and kept', async () => {
    const storage = memoryStorage({
      [DRAFTS_STORAGE_KEY]: JSON.stringify({
        [ID]: { patch: { 'ctx.reference': 'OLD', 'vic.sex': 'f' }, at: NOW.toISOString() },
      }),
    });
    const server = controlledServer();
    const { queue } = queueWith({ storage, send: server.send });
    queue.restore();
    queue.change('ctx.reference', 'NEW');
    expect(queue.pending()).toEqual({ 'ctx.reference': 'NEW', 'vic.sex': 'f' });
    expect(stored(storage)).toEqual({ 'ctx.reference': 'NEW', 'vic.sex': 'f' });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(server.calls.map((c) => c.patch)).toEqual([{ 'ctx.reference': 'NEW', 'vic.sex': 'f' }]);
  });

  it('restores nothing and sends nothing when nothing was left unsaved, or what was kept is unreadable', async () => {
    for (const storage of [memoryStorage(), memoryStorage({ [DRAFTS_STORAGE_KEY]: '{not json' })]) {
      const server = controlledServer();
      const { queue } = queueWith({ storage, send: server.send });
      expect(queue.restore()).toEqual({});
      await vi.runAllTimersAsync();
      expect(server.send).not.toHaveBeenCalled();
      expect(queue.status()).toEqual({ state: 'saved', error: null });
    }
  });

  it('still saves to the server when the browser refuses to keep anything', async () => {
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const server = controlledServer();
    const { queue } = queueWith({ storage: broken, send: server.send });
    expect(queue.restore()).toEqual({});
    queue.change('ctx.reference', 'PV-1');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    server.calls[0]!.resolve({ kind: 'saved' });
    await vi.runAllTimersAsync();
    expect(server.calls.map((c) => c.patch)).toEqual([{ 'ctx.reference': 'PV-1' }]);
    expect(queue.status()).toEqual({ state: 'saved', error: null });
  });

  it('on a refusal, names the refused fields, says so on the status line, keeps the changes and keeps trying', async () => {
    const server = controlledServer();
    const { queue, storage, refused } = queueWith({ send: server.send });
    queue.change('vic.sex', 'x');
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    server.calls[0]!.resolve({ kind: 'refused', fieldErrors: { 'vic.sex': ['errors.choice'] } });
    await vi.advanceTimersByTimeAsync(0);

    expect(refused).toEqual([{ 'vic.sex': ['errors.choice'] }]);
    expect(queue.status()).toEqual({ state: 'error', error: 'checklist.save.refused' });
    expect(stored(storage)).toEqual({ 'vic.sex': 'x' });

    queue.change('vic.sex', 'f');
    expect(queue.status()).toEqual({ state: 'saving', error: 'checklist.save.refused' });
    await vi.advanceTimersByTimeAsync(SAVE_DELAY_MS);
    expect(server.calls.at(-1)!.patch).toEqual({ 'vic.sex': 'f' });
    server.calls.at(-1)!.resolve({ kind: 'saved' });
    await vi.runAllTimersAsync();
    expect(queue.status()).toEqual({ state: 'saved', error: null });
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBeNull();
  });

  it('when the session has ended, says so and keeps the changes without blaming any field', async () => {
    const server = controlledServer();
    const { queue, storage, refused } = queueWith({ send: server.send });
    queue.change('ctx.reference', 'PV-1');
    const saving = queue.flush();
    server.calls[0]!.resolve({ kind: 'signedOut' });
    expect(await saving).toBe(false);
    expect(queue.status()).toEqual({ state: 'error', error: 'checklist.save.signedOut' });
    expect(refused).toEqual([]);
    expect(stored(storage)).toEqual({ 'ctx.reference': 'PV-1' });
  });

  it('shows why completing stopped until a save succeeds', async () => {
    const server = controlledServer();
    const { queue } = queueWith({ send: server.send });
    queue.showError('checklist.save.notSavedYet');
    expect(queue.status()).toEqual({ state: 'saved', error: 'checklist.save.notSavedYet' });
    queue.change('ctx.reference', 'PV-1');
    expect(queue.status()).toEqual({ state: 'saving', error: 'checklist.save.notSavedYet' });
    const saving = queue.flush();
    server.calls[0]!.resolve({ kind: 'saved' });
    expect(await saving).toBe(true);
    expect(queue.status()).toEqual({ state: 'saved', error: null });
  });
});

describe('patchOverHttp', () => {
  const answer = (status: number, body: unknown) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });

  it('sends only the patch, as JSON, to the check-list', async () => {
    const fetchFn = vi.fn(async () => answer(200, { id: ID }));
    expect(await patchOverHttp(fetchFn, ID)({ 'ctx.reference': 'PV-1', 'ctx.region': null })).toEqual({
      kind: 'saved',
    });
    expect(fetchFn).toHaveBeenCalledWith(`/api/v1/checklists/${ID}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: { 'ctx.reference': 'PV-1', 'ctx.region': null } }),
    });
  });

  it('reads a lost session, a conflict, a validation refusal and a server error', async () => {
    const fieldErrors = { 'vic.sex': [{ key: 'errors.choice', message: 'Choix non valable.' }] };
    const send = (status: number, body?: unknown) =>
      patchOverHttp(async () => answer(status, body), ID)({ 'vic.sex': 'x' });
    expect(await send(401, { error: { key: 'errors.unauthenticated', message: 'm' }, errors: {} })).toEqual({
      kind: 'signedOut',
    });
    expect(await send(409, { error: { key: 'errors.notDraft', message: 'm' }, errors: {} })).toEqual({
      kind: 'refused',
      fieldErrors: {},
    });
    expect(await send(422, { error: { key: 'errors.validation', message: 'm' }, errors: fieldErrors })).toEqual({
      kind: 'refused',
      fieldErrors: { 'vic.sex': ['errors.choice'] },
    });
    expect(await send(500)).toEqual({ kind: 'refused', fieldErrors: {} });
  });

  it('lets a failed connection through as a failure, which the queue reads as offline', async () => {
    const send = patchOverHttp(() => Promise.reject(offline()), ID);
    await expect(send({ 'ctx.reference': 'PV-1' })).rejects.toThrow('Failed to fetch');
    const { queue, storage } = queueWith({ send });
    queue.change('ctx.reference', 'PV-1');
    expect(await queue.flush()).toBe(false);
    expect(queue.status().state).toBe('offline');
    expect(stored(storage)).toEqual({ 'ctx.reference': 'PV-1' });
  });
});

describe('withPatch', () => {
  it('sets answered values and removes cleared ones, leaving the others', () => {
    expect(withPatch({ a: 'x', b: 'y', c: ['m'], d: 3 }, { a: 'z', b: null, c: [], e: '' })).toEqual({ a: 'z', d: 3 });
  });
});
