import { describe, expect, it } from 'vitest';
import { DRAFTS_STORAGE_KEY, type DraftStorage } from '@/components/checklist/draft-save-queue';
import {
  encryptedDraftStorage,
  SESSION_MAX_MS,
  type KeyValueBackend,
} from '@/components/checklist/encrypted-draft-storage';

/**
 * Changes waiting to be sent are kept in the browser encrypted, under a key that cannot be read
 * out and does not outlive a session: what is on the disk never shows the person's data, and
 * nothing waiting is lost while the key lives.
 */

const ID = '0b6f3c1e-7a52-4c1b-9d7e-2f0a8e4b5c61';
const OTHER = '9d1c2b3a-4e5f-4a6b-8c7d-0e1f2a3b4c5d';
const SECRET = 'Ana Popescu, née le 1999-02-03';

function mapBackend(): KeyValueBackend & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (k) => data.get(k),
    set: async (k, v) => void data.set(k, v),
    del: async (k) => void data.delete(k),
  };
}

const pendingOf = (id: string, note: string) => JSON.stringify({ [id]: { patch: { 'vic.note': note }, at: 'x' } });

/** Every byte the backend holds, as text, to look for the person's data in it. */
function diskText(backend: { data: Map<string, unknown> }): string {
  return [...backend.data.values()]
    .map((v) => {
      const drafts = v as { data?: ArrayBuffer; iv?: Uint8Array };
      return drafts.data
        ? Buffer.from(drafts.data).toString('latin1') + Buffer.from(drafts.iv!).toString('latin1')
        : '';
    })
    .join('|');
}

describe('encrypted draft storage', () => {
  it('keeps waiting changes across page loads, and never in clear on the disk', async () => {
    const backend = mapBackend();
    const first = encryptedDraftStorage({ backend });
    await first.ready;
    first.setItem(DRAFTS_STORAGE_KEY, pendingOf(ID, SECRET));
    await first.settled();
    expect(diskText(backend)).not.toContain('Popescu');
    expect(diskText(backend)).not.toContain('vic.note');
    const key = (backend.data.get('key') as { key: CryptoKey }).key;
    expect(key.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();

    const second = encryptedDraftStorage({ backend });
    await second.ready;
    expect(second.getItem(DRAFTS_STORAGE_KEY)).toBe(pendingOf(ID, SECRET));
  });

  it('drops what a key older than a session locked, and the key', async () => {
    const backend = mapBackend();
    let clock = Date.parse('2026-12-06T08:00:00Z');
    const first = encryptedDraftStorage({ backend, now: () => clock });
    await first.ready;
    first.setItem(DRAFTS_STORAGE_KEY, pendingOf(ID, SECRET));
    await first.settled();
    const oldKey = (backend.data.get('key') as { key: CryptoKey }).key;

    clock += SESSION_MAX_MS + 1;
    const later = encryptedDraftStorage({ backend, now: () => clock });
    await later.ready;
    expect(later.getItem(DRAFTS_STORAGE_KEY)).toBeNull();
    expect(backend.data.has('drafts')).toBe(false);
    expect((backend.data.get('key') as { key: CryptoKey }).key).not.toBe(oldKey);
  });

  it('a write made before the stored copy is read keeps the other check-lists waiting', async () => {
    const backend = mapBackend();
    const first = encryptedDraftStorage({ backend });
    await first.ready;
    first.setItem(DRAFTS_STORAGE_KEY, pendingOf(OTHER, 'other'));
    await first.settled();

    const second = encryptedDraftStorage({ backend });
    // Typed in the first moments: the queue saw nothing stored yet and wrote only its own check-list.
    second.setItem(DRAFTS_STORAGE_KEY, pendingOf(ID, 'mine'));
    await second.ready;
    const all = JSON.parse(second.getItem(DRAFTS_STORAGE_KEY)!) as Record<string, unknown>;
    expect(Object.keys(all).sort()).toEqual([ID, OTHER].sort());
    await second.settled();
    const third = encryptedDraftStorage({ backend });
    await third.ready;
    expect(Object.keys(JSON.parse(third.getItem(DRAFTS_STORAGE_KEY)!) as object).sort()).toEqual([ID, OTHER].sort());
  });

  it('moves what earlier versions kept in plain text into the encrypted store and erases it', async () => {
    const backend = mapBackend();
    const plain = new Map([[DRAFTS_STORAGE_KEY, pendingOf(ID, SECRET)]]);
    const legacy: DraftStorage = {
      getItem: (k) => plain.get(k) ?? null,
      setItem: (k, v) => void plain.set(k, v),
      removeItem: (k) => void plain.delete(k),
    };
    const storage = encryptedDraftStorage({ backend, legacy });
    await storage.ready;
    await storage.settled();
    expect(plain.size).toBe(0);
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBe(pendingOf(ID, SECRET));
    expect(diskText(backend)).not.toContain('Popescu');
  });

  it('removing the last waiting change removes the stored copy', async () => {
    const backend = mapBackend();
    const storage = encryptedDraftStorage({ backend });
    await storage.ready;
    storage.setItem(DRAFTS_STORAGE_KEY, pendingOf(ID, SECRET));
    storage.removeItem(DRAFTS_STORAGE_KEY);
    await storage.settled();
    expect(backend.data.has('drafts')).toBe(false);
  });

  it('without IndexedDB or WebCrypto, changes still wait in memory', async () => {
    const broken: KeyValueBackend = {
      get: () => Promise.reject(new Error('no IndexedDB')),
      set: () => Promise.reject(new Error('no IndexedDB')),
      del: () => Promise.reject(new Error('no IndexedDB')),
    };
    const storage = encryptedDraftStorage({ backend: broken });
    await storage.ready;
    storage.setItem(DRAFTS_STORAGE_KEY, pendingOf(ID, 'x'));
    await storage.settled();
    expect(storage.getItem(DRAFTS_STORAGE_KEY)).toBe(pendingOf(ID, 'x'));
  });
});
