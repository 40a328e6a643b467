import { fieldErrorKeys, readApiErrorAnswer } from '@/lib/api-error-answer';
import type { Answers, AnswerValue } from '@/lib/checklist/answers';

/**
 * A draft's autosave, without React: changes wait in a queue (also kept in the browser's storage,
 * so a closed tab or a lost connection loses nothing) until the server acknowledges them. The
 * server receives only what changed; a value cleared by the user is sent as null.
 */

export type SaveState = 'saved' | 'saving' | 'offline' | 'error';
/** What the status line shows: the state and, when a save failed or was refused, why (a message key). */
export type SaveStatus = { state: SaveState; error: string | null };
/** Changes by item code; null clears an answer. */
export type DraftPatch = Record<string, AnswerValue | null>;

/** Where pending drafts are kept, all check-lists together; sign-out wipes this key. */
export const DRAFTS_STORAGE_KEY = 'relais:drafts';

/** The part of the Web Storage API the queue uses; any call may throw (storage full or disabled). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The server's answer to a patch. A send that cannot reach the server throws instead. */
export type SendOutcome =
  { kind: 'saved' } | { kind: 'signedOut' } | { kind: 'refused'; fieldErrors: Record<string, string[]> };
export type SendPatch = (patch: DraftPatch) => Promise<SendOutcome>;

/** Debounce after typing, then retry delays while changes stay unsaved. */
export const SAVE_DELAY_MS = 600;
export const RETRY_ONLINE_MS = 3000;
export const RETRY_OFFLINE_MS = 10000;

export function isEmptyAnswer(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

/** The answers with a patch applied: an empty value removes the answer. */
export function withPatch(answers: Answers, patch: DraftPatch): Answers {
  const next = { ...answers };
  for (const [code, value] of Object.entries(patch)) {
    if (isEmptyAnswer(value)) delete next[code];
    else next[code] = value as AnswerValue;
  }
  return next;
}

/** Pending (not yet acknowledged) changes of one check-list, kept in this browser only until the server has them. */
export function readPending(storage: DraftStorage, id: string): DraftPatch {
  try {
    const all = JSON.parse(storage.getItem(DRAFTS_STORAGE_KEY) ?? '{}') as Record<string, { patch: DraftPatch }>;
    return all[id]?.patch ?? {};
  } catch {
    return {};
  }
}

export function writePending(storage: DraftStorage, id: string, patch: DraftPatch, now: Date = new Date()): void {
  try {
    const all = JSON.parse(storage.getItem(DRAFTS_STORAGE_KEY) ?? '{}') as Record<string, unknown>;
    if (Object.keys(patch).length === 0) delete all[id];
    else all[id] = { patch, at: now.toISOString() };
    if (Object.keys(all).length === 0) storage.removeItem(DRAFTS_STORAGE_KEY);
    else storage.setItem(DRAFTS_STORAGE_KEY, JSON.stringify(all));
  } catch {
    /* storage full or disabled: the server copy is still written when online */
  }
}

type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<Pick<Response, 'ok' | 'status' | 'json'>>;

/** Sends a patch to PATCH /api/v1/checklists/{id}; any refusal other than a lost session names its fields. */
export function patchOverHttp(fetchFn: FetchLike, id: string): SendPatch {
  return async (patch) => {
    const response = await fetchFn(`/api/v1/checklists/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ answers: patch }),
    });
    if (response.ok) return { kind: 'saved' };
    if (response.status === 401) return { kind: 'signedOut' };
    return { kind: 'refused', fieldErrors: fieldErrorKeys(await readApiErrorAnswer(response)) };
  };
}

/** What the queue tells its listeners: a new status, or the fields the server refused (item code → message keys). */
export type DraftSaveEvent =
  { type: 'status'; status: SaveStatus } | { type: 'refused'; fieldErrors: Record<string, string[]> };

export interface DraftSaveQueue {
  /** Listens to the queue's events until the returned function is called. */
  subscribe(listener: (event: DraftSaveEvent) => void): () => void;
  status(): SaveStatus;
  /** A copy of what the server has not acknowledged yet. */
  pending(): DraftPatch;
  hasPending(): boolean;
  /** Takes back what a previous sitting left unsaved in storage, schedules sending it, and returns it. */
  restore(): DraftPatch;
  /** Records one change (kept in storage at once) and schedules a save after a pause in typing. */
  change(code: string, value: AnswerValue | null): void;
  /** Saves after `delay`; while changes remain unsaved (offline, server down, refused), keeps retrying. */
  schedule(delay?: number): void;
  /** Sends what is pending once, after any save already under way; true when nothing is left pending. */
  flush(): Promise<boolean>;
  /** Shows a reason on the status line (e.g. completing was stopped because changes are not saved yet). */
  showError(key: string): void;
}

export function createDraftSaveQueue({
  id,
  storage,
  send,
  isOnline = () => true,
  now = () => new Date(),
}: {
  id: string;
  storage: DraftStorage;
  send: SendPatch;
  isOnline?: () => boolean;
  now?: () => Date;
}): DraftSaveQueue {
  let pending: DraftPatch = {};
  let status: SaveStatus = { state: 'saved', error: null };
  let inFlight: Promise<boolean> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<(event: DraftSaveEvent) => void>();

  const emit = (event: DraftSaveEvent) => {
    for (const listener of [...listeners]) listener(event);
  };
  const setStatus = (next: Partial<SaveStatus>) => {
    status = { ...status, ...next };
    emit({ type: 'status', status });
  };
  const hasPending = () => Object.keys(pending).length > 0;
  const persist = () => writePending(storage, id, pending, now());

  async function sendOnce(): Promise<boolean> {
    const patch = { ...pending };
    if (Object.keys(patch).length === 0) {
      setStatus({ state: 'saved' });
      return true;
    }
    setStatus({ state: 'saving' });
    let outcome: SendOutcome;
    try {
      outcome = await send(patch);
    } catch {
      setStatus({ state: 'offline' });
      return false;
    }
    if (outcome.kind === 'saved') {
      // Drop what the server now has, unless it was changed again meanwhile.
      for (const [code, value] of Object.entries(patch)) {
        if (JSON.stringify(pending[code]) === JSON.stringify(value)) delete pending[code];
      }
      persist();
      setStatus({ state: hasPending() ? 'saving' : 'saved', error: null });
      return !hasPending();
    }
    if (outcome.kind === 'signedOut') {
      setStatus({ state: 'error', error: 'checklist.save.signedOut' });
    } else {
      emit({ type: 'refused', fieldErrors: outcome.fieldErrors });
      setStatus({ state: 'error', error: 'checklist.save.refused' });
    }
    return false;
  }

  async function flush(): Promise<boolean> {
    // Let a save already under way finish first, then send whatever is still pending.
    while (inFlight) await inFlight;
    const run = sendOnce();
    inFlight = run;
    try {
      return await run;
    } finally {
      inFlight = null;
    }
  }

  function schedule(delay = SAVE_DELAY_MS) {
    const run = (ms: number) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        // flush() never rejects: a failed save is kept and retried from here.
        void flush().then((done) => {
          if (!done && hasPending()) run(isOnline() ? RETRY_ONLINE_MS : RETRY_OFFLINE_MS);
        });
      }, ms);
    };
    run(delay);
  }

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    status: () => status,
    pending: () => ({ ...pending }),
    hasPending,
    restore() {
      const saved = readPending(storage, id);
      if (Object.keys(saved).length > 0) {
        // What was typed in this sitting is newer than what storage kept.
        pending = { ...saved, ...pending };
        schedule(0);
      }
      return saved;
    },
    change(code, value) {
      pending[code] = isEmptyAnswer(value) ? null : value;
      persist();
      setStatus({ state: 'saving' });
      schedule();
    },
    schedule,
    flush,
    showError(key) {
      setStatus({ error: key });
    },
  };
}
