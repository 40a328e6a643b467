import { describe, expect, it } from 'vitest';
import { DRAFTS_STORAGE_KEY, type DraftStorage } from '@/components/checklist/draft-save-queue';
import { enqueue, outboxItems, reopen, sendWaiting, unfinishedItems } from '@/components/offline/outbox';

/** The browser's store as the queue sees it (the encryption under it is tested on its own). */
function memory(): DraftStorage & { raw: () => string | null } {
  let value: string | null = null;
  return {
    getItem: (k) => (k === DRAFTS_STORAGE_KEY ? value : null),
    setItem: (k, v) => void (k === DRAFTS_STORAGE_KEY && (value = v)),
    removeItem: (k) => void (k === DRAFTS_STORAGE_KEY && (value = null)),
    raw: () => value,
  };
}

const ANSWERS = { 'vic.sex': 'm', 'ctx.reference': 'PV-1' };
const answer = (status: number, body: unknown) =>
  Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }));

describe('check-lists completed offline, waiting to be sent (decision 0033)', () => {
  it('moves the form’s waiting answers to the list in one write, and keeps other drafts’ changes', () => {
    const storage = memory();
    storage.setItem(
      DRAFTS_STORAGE_KEY,
      JSON.stringify({ 'offline:c1': { patch: ANSWERS, at: 'x' }, other: { patch: { 'vic.sex': 'f' }, at: 'y' } }),
    );
    expect(unfinishedItems(storage).map((u) => u.clientId)).toEqual(['c1']);
    enqueue(storage, 'c1', ANSWERS);
    const all = JSON.parse(storage.raw()!) as Record<string, unknown>;
    expect(Object.keys(all).sort()).toEqual(['other', 'outbox:c1']);
    expect(outboxItems(storage)).toMatchObject([{ clientId: 'c1', state: 'waiting', answers: ANSWERS }]);
    expect(unfinishedItems(storage)).toEqual([]);
  });

  it('stays waiting without a line and while the server is away, then is sent once with its key; the label comes from the server', async () => {
    const storage = memory();
    enqueue(storage, 'c1', ANSWERS);
    const key = outboxItems(storage)[0]!.idempotencyKey;
    await sendWaiting(storage, () => Promise.reject(new TypeError('offline')));
    await sendWaiting(storage, () => answer(503, {}));
    expect(outboxItems(storage)[0]).toMatchObject({ state: 'waiting', answers: ANSWERS });
    expect(outboxItems(storage)[0]!.label).toBeUndefined();
    const sent: RequestInit[] = [];
    await sendWaiting(storage, (_url, init) => {
      sent.push(init);
      return answer(201, { id: 'id-1', label: 'PV-1' });
    });
    expect(outboxItems(storage)).toEqual([expect.objectContaining({ state: 'sent', id: 'id-1', label: 'PV-1' })]);
    expect(outboxItems(storage)[0]!.answers).toBeUndefined();
    expect((sent[0]!.headers as Record<string, string>)['Idempotency-Key']).toBe(key);
    // Sent: never sent again.
    await sendWaiting(storage, () => Promise.reject(new Error('must not be called')));
    expect(sent).toHaveLength(1);
  });

  it('keeps a refused one with its reasons and its answers, and takes it back into a form', async () => {
    const storage = memory();
    enqueue(storage, 'c1', ANSWERS);
    await sendWaiting(storage, () =>
      answer(422, { error: { key: 'errors.validation' }, errors: { 'vic.sex': [{ key: 'errors.required' }] } }),
    );
    expect(outboxItems(storage)[0]).toMatchObject({
      state: 'refused',
      answers: ANSWERS,
      errors: { 'vic.sex': ['errors.required'] },
    });
    const fresh = reopen(storage, 'c1')!;
    expect(outboxItems(storage)).toEqual([]);
    expect(unfinishedItems(storage).map((u) => u.clientId)).toEqual([fresh]);
  });

  it('keeps one waiting, with the reason, when the session has ended', async () => {
    const storage = memory();
    enqueue(storage, 'c1', ANSWERS);
    await sendWaiting(storage, () => answer(401, {}));
    expect(outboxItems(storage)[0]).toMatchObject({
      state: 'waiting',
      answers: ANSWERS,
      errors: { _form: ['checklist.save.signedOut'] },
    });
  });

  it('marks a conflict, the answers kept', async () => {
    const storage = memory();
    enqueue(storage, 'c1', ANSWERS);
    await sendWaiting(storage, () => answer(409, { error: { key: 'errors.submissionConflict' } }));
    expect(outboxItems(storage)[0]).toMatchObject({
      state: 'conflict',
      answers: ANSWERS,
      errors: { _form: ['errors.submissionConflict'] },
    });
  });
});
