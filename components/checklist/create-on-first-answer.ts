import { fieldErrorKeys, readApiErrorAnswer } from '@/lib/api-error-answer';
import { DRAFTS_STORAGE_KEY, patchOverHttp, type DraftStorage, type SendPatch } from './draft-save-queue';

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A check-list not created yet: the key its creation goes by, and the investigation it belongs to. */
export interface DraftToCreate {
  idempotencyKey: string;
  investigationId: string | null;
  /** Set when a previous sitting of the same page already created it (a reload). */
  existingId: string | null;
  onCreated: (id: string) => void;
}

/** The key a not-yet-created draft's unsent answers are kept under in the browser. */
export function newDraftStorageId(idempotencyKey: string): string {
  return `new:${idempotencyKey}`;
}

/**
 * The draft is created with its first answer, not when "New check-list" is clicked (decision
 * 0023): the first save creates it with that answer (the idempotency key makes a retry find the
 * same draft; one an earlier try already created then receives the answer as a change), every
 * later save changes it. Until the server has an answer, the save queue keeps it in the browser
 * as for any draft (decision 0010) — under the new draft's key, and under the check-list's id
 * as soon as it exists (`storage` renames the entry), so the check-list's own page finds
 * whatever is still unsent after a reload.
 */
export function createOnFirstAnswer(
  fetchFn: FetchLike,
  base: DraftStorage,
  draft: DraftToCreate,
): { send: SendPatch; storage: DraftStorage } {
  let id = draft.existingId;
  const queueKey = newDraftStorageId(draft.idempotencyKey);
  const rename = (blob: string | null, from: string, to: string): string | null => {
    if (blob === null) return null;
    const all = JSON.parse(blob) as Record<string, unknown>;
    if (!(from in all)) return blob;
    all[to] = all[from];
    delete all[from];
    return JSON.stringify(all);
  };
  const storage: DraftStorage = {
    // The queue reads and writes its entry as `new:<key>`; once created, it is stored under the id.
    getItem: (key) => {
      const blob = base.getItem(key);
      return key === DRAFTS_STORAGE_KEY && id !== null ? rename(blob, id, queueKey) : blob;
    },
    setItem: (key, value) =>
      base.setItem(key, key === DRAFTS_STORAGE_KEY && id !== null ? rename(value, queueKey, id)! : value),
    removeItem: (key) => base.removeItem(key),
  };
  const send: SendPatch = async (patch) => {
    if (id === null) {
      const response = await fetchFn('/api/v1/checklists', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': draft.idempotencyKey },
        body: JSON.stringify(
          draft.investigationId ? { answers: patch, investigationId: draft.investigationId } : { answers: patch },
        ),
      });
      if (response.status === 401) return { kind: 'signedOut' };
      if (!response.ok) return { kind: 'refused', fieldErrors: fieldErrorKeys(await readApiErrorAnswer(response)) };
      const created = (await response.json()) as { id: string };
      id = created.id;
      // What is still unsent moves under the check-list's id now.
      const blob = base.getItem(DRAFTS_STORAGE_KEY);
      const moved = rename(blob, queueKey, id);
      if (moved !== null && moved !== blob) base.setItem(DRAFTS_STORAGE_KEY, moved);
      draft.onCreated(id);
      // 201: created with this answer. 200: an earlier try created it, without this answer.
      if (response.status === 201) return { kind: 'saved' };
    }
    return patchOverHttp(fetchFn, id)(patch);
  };
  return { send, storage };
}
