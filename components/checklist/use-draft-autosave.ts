import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { AnswerValue } from '@/lib/checklist/answers';
import {
  createDraftSaveQueue,
  patchOverHttp,
  type DraftPatch,
  type DraftStorage,
  type SaveState,
} from './draft-save-queue';
import { encryptedDraftStorage, indexedDbBackend, type EncryptedDraftStorage } from './encrypted-draft-storage';
import { createOnFirstAnswer, type DraftToCreate } from './create-on-first-answer';

/** localStorage, reached only when used: merely touching it throws where storage is disabled, and it does not exist during server rendering. Only read, to move what earlier versions kept there in plain text into the encrypted store. */
const legacyStorage: DraftStorage = {
  getItem: (key) => window.localStorage.getItem(key),
  setItem: (key, value) => window.localStorage.setItem(key, value),
  removeItem: (key) => window.localStorage.removeItem(key),
};

/** One encrypted store per page load, shared by the check-lists it shows (encrypted-draft-storage.ts). */
let shared: EncryptedDraftStorage | null = null;
export function browserStorage(): EncryptedDraftStorage {
  shared ??= encryptedDraftStorage({ backend: indexedDbBackend(), legacy: legacyStorage });
  return shared;
}

/**
 * The draft save queue of one check-list, wired to the browser: the status line's state, the
 * server's refusals by field, the recovery of what a previous sitting left unsaved, a retry as
 * soon as the connection returns, and a warning before leaving with changes not yet saved.
 */
export function useDraftAutosave(
  id: string,
  {
    onRefused,
    onRestored,
    create,
    localOnly,
  }: {
    /** A check-list made offline (decision 0033): its answers wait in the browser and are never sent as a draft. */
    localOnly?: boolean;
    /** A check-list created by its first answer: `id` is then the key its unsent answers are kept under. */
    create?: DraftToCreate;
    /** The fields the server refused, by item code, with their message keys. */
    onRefused: (fieldErrors: Record<string, string[]>) => void;
    /** Changes a previous sitting typed but the server never acknowledged, to show in the form. */
    onRestored: (patch: DraftPatch) => void;
  },
) {
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [saveError, setSaveError] = useState<string | null>(null);
  const refused = useEffectEvent(onRefused);
  const restored = useEffectEvent(onRestored);

  const queue = useMemo(
    () => {
      const fetchFn = (url: string, init: RequestInit) => fetch(url, init);
      // A new check-list is created by its first save (create-on-first-answer.ts).
      const first = create ? createOnFirstAnswer(fetchFn, browserStorage(), create) : null;
      return createDraftSaveQueue({
        id,
        storage: first?.storage ?? browserStorage(),
        send: localOnly ? () => Promise.reject(new Error('kept')) : (first?.send ?? patchOverHttp(fetchFn, id)),
        isOnline: () => navigator.onLine,
      });
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- one queue per draft; `create` only matters for the first save.
    [id],
  );

  useEffect(() => {
    const unsubscribe = queue.subscribe((event) => {
      if (event.type === 'refused') {
        refused(event.fieldErrors);
      } else {
        setSaveState(event.status.state);
        setSaveError(event.status.error);
      }
    });
    // Recover what a previous sitting typed but the server never acknowledged (closed tab, lost connection).
    // Browser-only data cannot be read during server rendering: it is merged once mounted and decrypted.
    let live = true;
    void browserStorage().ready.then(() => {
      if (!live) return;
      const saved = queue.restore();
      if (Object.keys(saved).length > 0) restored(saved);
    });
    const online = () => queue.schedule(0);
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (queue.hasPending()) e.preventDefault();
    };
    window.addEventListener('online', online);
    window.addEventListener('beforeunload', beforeUnload);
    return () => {
      live = false;
      unsubscribe();
      window.removeEventListener('online', online);
      window.removeEventListener('beforeunload', beforeUnload);
    };
  }, [queue]);

  return {
    saveState,
    saveError,
    /** Records one change; it is saved after a pause in typing. */
    record: (code: string, value: AnswerValue | null) => queue.change(code, value),
    /** Saves everything now; true when the server has every change. */
    flush: () => queue.flush(),
    showSaveError: (key: string) => queue.showError(key),
  };
}
