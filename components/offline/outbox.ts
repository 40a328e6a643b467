import { fieldErrorKeys, readApiErrorAnswer } from '@/lib/api-error-answer';
import type { Answers } from '@/lib/checklist/answers';
import { DRAFTS_STORAGE_KEY, type DraftStorage } from '@/components/checklist/draft-save-queue';

/**
 * Check-lists completed without a line, waiting in this browser until it returns (decision
 * 0033). They live in the same encrypted store as the drafts' unsent changes (decision 0010),
 * beside them: `outbox:<client id>` for a completed one, `offline:<client id>` (the form's own
 * save queue) for one still being filled. Each is sent once to POST /api/v1/checklists/submissions
 * with its idempotency key, so a send repeated after a lost answer or a reload creates nothing twice.
 */

export type OutboxState = 'waiting' | 'sent' | 'refused' | 'conflict';

export interface OutboxItem {
  clientId: string;
  idempotencyKey: string;
  state: OutboxState;
  /** When it was completed in the browser. */
  at: string;
  /** Kept until the server has them: dropped once sent (the check-list is on the server). */
  answers?: Answers;
  /** The check-list's id and case label, once the server has created it — never before. */
  id?: string;
  label?: string;
  /** Why the server refused it (message keys by item code), or that the session had ended. */
  errors?: Record<string, string[]>;
}

/** A form being filled offline and not completed yet. */
export interface UnfinishedItem {
  clientId: string;
  at: string;
}

export const OFFLINE_PREFIX = 'offline:';
const OUTBOX_PREFIX = 'outbox:';

type Stored = Record<string, { outbox?: OutboxItem; patch?: Answers; at?: string }>;

function read(storage: DraftStorage): Stored {
  try {
    return JSON.parse(storage.getItem(DRAFTS_STORAGE_KEY) ?? '{}') as Stored;
  } catch {
    return {};
  }
}

function update(storage: DraftStorage, change: (all: Stored) => void): void {
  const all = read(storage);
  change(all);
  if (Object.keys(all).length === 0) storage.removeItem(DRAFTS_STORAGE_KEY);
  else storage.setItem(DRAFTS_STORAGE_KEY, JSON.stringify(all));
}

export function outboxItems(storage: DraftStorage): OutboxItem[] {
  return Object.values(read(storage))
    .flatMap((e) => (e.outbox ? [e.outbox] : []))
    .sort((a, b) => b.at.localeCompare(a.at));
}

export function unfinishedItems(storage: DraftStorage): UnfinishedItem[] {
  return Object.entries(read(storage))
    .filter(([k, e]) => k.startsWith(OFFLINE_PREFIX) && e.patch && Object.keys(e.patch).length > 0)
    .map(([k, e]) => ({ clientId: k.slice(OFFLINE_PREFIX.length), at: e.at ?? '' }));
}

/** Completing: the form's waiting answers become one check-list waiting to be sent, in one write. */
export function enqueue(storage: DraftStorage, clientId: string, answers: Answers, now = new Date()): void {
  update(storage, (all) => {
    delete all[OFFLINE_PREFIX + clientId];
    all[OUTBOX_PREFIX + clientId] = {
      outbox: {
        clientId,
        idempotencyKey: globalThis.crypto.randomUUID(),
        state: 'waiting',
        at: now.toISOString(),
        answers,
      },
    };
  });
}

/**
 * Takes a refused or conflicting check-list back into a form, under a new client id (and, when
 * completed again, a new key): its answers become that form's waiting answers. Returns the id.
 */
export function reopen(storage: DraftStorage, clientId: string, now = new Date()): string | null {
  const item = read(storage)[OUTBOX_PREFIX + clientId]?.outbox;
  if (!item?.answers) return null;
  const fresh = globalThis.crypto.randomUUID();
  update(storage, (all) => {
    delete all[OUTBOX_PREFIX + clientId];
    all[OFFLINE_PREFIX + fresh] = { patch: item.answers, at: now.toISOString() };
  });
  return fresh;
}

/** A sent one the person has read: it goes from the list (the check-list is on the server). */
export function dismiss(storage: DraftStorage, clientId: string): void {
  update(storage, (all) => {
    if (all[OUTBOX_PREFIX + clientId]?.outbox?.state === 'sent') delete all[OUTBOX_PREFIX + clientId];
  });
}

function settle(storage: DraftStorage, clientId: string, change: Partial<OutboxItem>, dropAnswers = false): void {
  update(storage, (all) => {
    const item = all[OUTBOX_PREFIX + clientId]?.outbox;
    if (!item) return;
    const next: OutboxItem = { ...item, ...change };
    if (dropAnswers) delete next.answers;
    all[OUTBOX_PREFIX + clientId] = { outbox: next };
  });
}

type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

let sending: Promise<void> | null = null;
const SEND_TIMEOUT_MS = 30_000;

/**
 * Sends every waiting check-list once (one send at a time in this page). Without a line, each
 * stays waiting; a lost session keeps it waiting with that reason; a refusal or a conflict keeps
 * its answers with the server's reasons. Only the server's answer gives it a reference.
 */
export function sendWaiting(storage: DraftStorage, fetchFn: FetchLike = (u, i) => fetch(u, i)): Promise<void> {
  // Without a line, nothing is tried (a request then may hang rather than fail): the `online` event brings it back.
  if (typeof navigator !== 'undefined' && !navigator.onLine) return Promise.resolve();
  // Cleared once settled (a `finally` inside would run before the assignment when nothing is awaited).
  sending ??= (async () => {
    for (const item of outboxItems(storage)) {
      if (item.state !== 'waiting' || !item.answers) continue;
      let response: Response;
      try {
        response = await fetchFn('/api/v1/checklists/submissions', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': item.idempotencyKey },
          body: JSON.stringify({ clientId: item.clientId, answers: item.answers }),
          // A line that drops mid-request may never answer: give up, keep it waiting, try again later.
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
      } catch {
        return; // no line: every one waits for the next try
      }
      if (response.ok) {
        const made = (await response.json()) as { id: string; label: string };
        settle(storage, item.clientId, { state: 'sent', id: made.id, label: made.label, errors: undefined }, true);
      } else if (response.status === 401) {
        settle(storage, item.clientId, { errors: { _form: ['checklist.save.signedOut'] } });
      } else if (response.status === 409 || response.status === 422 || response.status === 400) {
        const answer = await readApiErrorAnswer(response);
        const errors = fieldErrorKeys(answer);
        settle(storage, item.clientId, {
          state: response.status === 409 ? 'conflict' : 'refused',
          errors: Object.keys(errors).length > 0 ? errors : { _form: [answer.error?.key ?? 'errors.server'] },
        });
      }
      // Any other answer (the server unavailable): it stays waiting for the next try.
    }
  })().finally(() => {
    sending = null;
  });
  return sending;
}
