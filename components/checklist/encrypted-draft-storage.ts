import { DRAFTS_STORAGE_KEY, type DraftStorage } from './draft-save-queue';

/**
 * Where a draft's unsaved changes wait in this browser (decision 0010): IndexedDB, encrypted
 * with AES-GCM under a key made by WebCrypto as non-extractable — the page can use it but no
 * script can read it out — and kept beside the data only for the length of a session (at most
 * SESSION_MAX_MS; sign-out deletes both). What sits on the disk is ciphertext: nothing of the
 * person is readable at rest, and once the key is gone nothing can be read at all.
 *
 * The save queue (draft-save-queue.ts) reads and writes its storage synchronously; this adapter
 * keeps the plain value in memory only and writes the encrypted copy behind it, in order. Until
 * the stored copy is loaded (`ready`), a write is held and merged over what was stored, so a
 * change typed in the first moments never erases another check-list's waiting changes.
 */

/** A session lasts 12 hours at most (decision 0002): the key never outlives one. */
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
export const DRAFTS_DATABASE = 'relais-drafts';

/** The key–value store the adapter writes to: IndexedDB in the browser, a Map in the unit tests. */
export interface KeyValueBackend {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

interface StoredKey {
  key: CryptoKey;
  createdAt: number;
}
interface StoredDrafts {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export interface EncryptedDraftStorage extends DraftStorage {
  /** Resolves when the stored copy has been read (or found unreadable and dropped). */
  ready: Promise<void>;
  /** Resolves when every write made so far is on disk (for tests and sign-out). */
  settled(): Promise<void>;
}

export function encryptedDraftStorage({
  backend,
  subtle = globalThis.crypto.subtle,
  now = () => Date.now(),
  legacy,
}: {
  backend: KeyValueBackend;
  subtle?: SubtleCrypto;
  now?: () => number;
  /** Where earlier versions kept pending changes in plain text (localStorage): moved in, then erased. */
  legacy?: DraftStorage;
}): EncryptedDraftStorage {
  let value: string | null = null;
  let loaded = false;
  let early: string | null | undefined;
  let writes: Promise<void> = Promise.resolve();
  let key: CryptoKey | null = null;

  async function sessionKey(): Promise<CryptoKey> {
    if (key) return key;
    const stored = (await backend.get('key')) as StoredKey | undefined;
    if (stored && now() - stored.createdAt < SESSION_MAX_MS) {
      key = stored.key;
      return key;
    }
    // No key, or one older than any session: what it locked can no longer be read by anyone.
    await backend.del('drafts');
    const made = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await backend.set('key', { key: made, createdAt: now() } satisfies StoredKey);
    key = made;
    return made;
  }

  async function load(): Promise<string | null> {
    const k = await sessionKey();
    const stored = (await backend.get('drafts')) as StoredDrafts | undefined;
    if (!stored) return null;
    try {
      const plain = await subtle.decrypt({ name: 'AES-GCM', iv: stored.iv }, k, stored.data);
      return new TextDecoder().decode(plain);
    } catch {
      // Locked by a key of an earlier session: unreadable, so dropped.
      await backend.del('drafts');
      return null;
    }
  }

  async function persist(next: string | null) {
    if (next === null) {
      await backend.del('drafts');
      return;
    }
    const k = await sessionKey();
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(new ArrayBuffer(12)));
    const data = await subtle.encrypt({ name: 'AES-GCM', iv }, k, new TextEncoder().encode(next));
    await backend.set('drafts', { iv, data } satisfies StoredDrafts);
  }

  const write = (next: string | null) => {
    writes = writes
      .then(() => persist(next))
      .catch(() => {
        /* storage full or refused: the server copy is still written when online */
      });
  };

  /** Entries of the early write (by check-list) over the stored ones. */
  const merge = (stored: string | null, over: string | null): string | null => {
    if (over === null) return stored;
    try {
      const all = { ...(JSON.parse(stored ?? '{}') as object), ...(JSON.parse(over) as object) };
      return Object.keys(all).length === 0 ? null : JSON.stringify(all);
    } catch {
      return over;
    }
  };

  const ready = (async () => {
    let stored: string | null = null;
    try {
      stored = await load();
    } catch {
      /* IndexedDB or WebCrypto unavailable: changes wait in memory only */
    }
    const old = legacy ? safe(() => legacy.getItem(DRAFTS_STORAGE_KEY)) : null;
    if (old) stored = merge(stored, old);
    value = early === undefined ? stored : merge(stored, early);
    loaded = true;
    if (old || early !== undefined) write(value);
    if (old && legacy) safe(() => legacy.removeItem(DRAFTS_STORAGE_KEY));
  })();

  return {
    ready,
    settled: async () => {
      await ready;
      await writes;
    },
    getItem: (k) => (k === DRAFTS_STORAGE_KEY && loaded ? value : null),
    setItem: (k, v) => {
      if (k !== DRAFTS_STORAGE_KEY) return;
      if (!loaded) {
        early = v;
        return;
      }
      value = v;
      write(v);
    },
    removeItem: (k) => {
      if (k !== DRAFTS_STORAGE_KEY) return;
      if (!loaded) {
        early = '{}';
        return;
      }
      value = null;
      write(null);
    },
  };
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** IndexedDB as a key–value store: one database, one object store, a connection per operation (so deleting the database at sign-out is never blocked). */
export function indexedDbBackend(name = DRAFTS_DATABASE): KeyValueBackend {
  const run = <T>(mode: IDBTransactionMode, op: (store: IDBObjectStore) => IDBRequest<T>) =>
    new Promise<T>((resolve, reject) => {
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('kv');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('kv', mode);
        const request = op(tx.objectStore('kv'));
        tx.oncomplete = () => {
          db.close();
          resolve(request.result);
        };
        tx.onerror = tx.onabort = () => {
          db.close();
          reject(tx.error);
        };
      };
    });
  return {
    get: (key) => run('readonly', (s) => s.get(key)),
    set: async (key, value) => void (await run('readwrite', (s) => s.put(value, key))),
    del: async (key) => void (await run('readwrite', (s) => s.delete(key))),
  };
}

/** Sign-out: the key and every waiting change go, with the plain-text copy of earlier versions. */
export function clearDraftStorage(): Promise<void> {
  try {
    window.localStorage.removeItem(DRAFTS_STORAGE_KEY);
  } catch {
    /* storage unavailable: nothing to wipe */
  }
  return new Promise((resolve) => {
    try {
      const request = indexedDB.deleteDatabase(DRAFTS_DATABASE);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}
