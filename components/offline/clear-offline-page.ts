import { OFFLINE_PAGE_CACHE } from '@/lib/offline/offline-page';

/** Sign-out: the page the service worker keeps goes (the worker and its static files, which name no one, stay). */
export async function clearOfflinePage(): Promise<void> {
  try {
    await caches.delete(OFFLINE_PAGE_CACHE);
  } catch {
    /* Cache Storage unavailable (not a secure context): nothing was kept */
  }
}
