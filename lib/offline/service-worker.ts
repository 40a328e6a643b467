/**
 * The service worker (decision 0033), bundled by esbuild through @serwist/turbopack and served at
 * /serwist/sw.js. It precaches the build's static files (scripts, styles, icons: no one's data)
 * and keeps one page, the empty offline check-list form, for the signed-in referrer. It never
 * caches an API answer or any other page: every other request goes to the network as if it
 * were not there.
 */
import { Serwist, type PrecacheEntry, type RouteHandlerCallbackOptions } from 'serwist';
import {
  NEW_PAGE,
  NEW_PAGE_TEMPLATE,
  ISSUED_KEY_PREFIX,
  TEMPLATE_KEY,
  OFFLINE_PAGE,
  OFFLINE_PAGE_CACHE,
  OFFLINE_PAGE_MAX_MS,
  OFFLINE_PAGE_REFRESH_MS,
  WARM_MESSAGE,
} from './offline-page';

/** The worker's global scope, named here because the project's type library is the DOM's. */
interface WorkerScope {
  __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  location: Location;
  navigator: { onLine: boolean };
  addEventListener(type: 'activate', listener: (event: Event & { waitUntil(p: Promise<unknown>): void }) => void): void;
  addEventListener(
    type: 'message',
    listener: (event: MessageEvent & { waitUntil(p: Promise<unknown>): void }) => void,
  ): void;
}
declare const self: WorkerScope;

const CACHED_AT = 'x-relais-cached-at';
const CACHED_LANG = 'x-relais-cached-lang';
const SIGN_IN = '/signin';

async function cachedPage(url: string = OFFLINE_PAGE): Promise<Response | null> {
  const cache = await caches.open(OFFLINE_PAGE_CACHE);
  const page = await cache.match(url);
  if (!page) return null;
  if (Date.now() - Number(page.headers.get(CACHED_AT) ?? 0) > OFFLINE_PAGE_MAX_MS) {
    await caches.delete(OFFLINE_PAGE_CACHE);
    return null;
  }
  return page;
}

/**
 * Keeps a fresh copy of the form, rendered for the person signed in (their language and
 * service). An answer other than the page itself (a redirect to sign-in: the session ended;
 * a refusal: not a referrer) deletes the copy. The page is kept with its own CSP header, so its
 * scripts' nonce matches when it is replayed.
 */
async function store(response: Response, lang: string, url: string = OFFLINE_PAGE): Promise<void> {
  if (response.status !== 200 || response.type !== 'basic' || response.redirected) {
    await caches.delete(OFFLINE_PAGE_CACHE);
    return;
  }
  const headers = new Headers(response.headers);
  headers.set(CACHED_AT, String(Date.now()));
  headers.set(CACHED_LANG, lang);
  const cache = await caches.open(OFFLINE_PAGE_CACHE);
  await cache.put(url, new Response(await response.blob(), { status: 200, headers }));
}

async function warm(lang: string): Promise<void> {
  const kept = await cachedPage();
  const fresh =
    kept &&
    kept.headers.get(CACHED_LANG) === lang &&
    Date.now() - Number(kept.headers.get(CACHED_AT) ?? 0) < OFFLINE_PAGE_REFRESH_MS;
  if (fresh) return;
  try {
    for (const url of [OFFLINE_PAGE, NEW_PAGE_TEMPLATE]) {
      const response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', redirect: 'manual' });
      await store(response, lang, url);
      if (response.status !== 200) return; // the session is over or the person is not a referrer: nothing is kept
    }
  } catch {
    /* no line: the copy kept, if any, stays until it is too old */
  }
}

/**
 * "New check-list" from the kept template, on a line that works (without one, the offline form
 * answers). Without a key, the worker makes one and sends the browser to the page with it, as the
 * server would; that key — and only a key the worker has just made — is then answered with the
 * template, its own key replaced, once. Any other key (a reload, an address from the history)
 * goes to the server, which shows the draft that key's first answer created.
 */
async function newFromTemplate(url: URL): Promise<Response | null> {
  if (!self.navigator.onLine || [...url.searchParams.keys()].some((name) => name !== 'key')) return null;
  const template = await cachedPage(NEW_PAGE_TEMPLATE);
  if (!template) return null;
  const cache = await caches.open(OFFLINE_PAGE_CACHE);
  const key = url.searchParams.get('key');
  if (key === null) {
    const made = crypto.randomUUID();
    await cache.put(`${ISSUED_KEY_PREFIX}${made}`, new Response(''));
    return Response.redirect(`${self.location.origin}${NEW_PAGE}?key=${made}`, 303);
  }
  if (!(await cache.delete(`${ISSUED_KEY_PREFIX}${key}`))) return null;
  const body = (await template.text()).replaceAll(TEMPLATE_KEY, key);
  return new Response(body, { status: 200, headers: template.headers });
}

/**
 * Every page load goes to the network first. A load of the sign-in page means the session is
 * over: the kept form goes. Without a line, "New check-list" and the offline form
 * are answered by the kept form; any other page fails as it would without the worker.
 */
async function navigate({ request, event, url }: RouteHandlerCallbackOptions & { url: URL }): Promise<Response> {
  // Sign-in is reached after signing out or when the session has ended (a redirect leads there).
  if (url.pathname === SIGN_IN) await caches.delete(OFFLINE_PAGE_CACHE);
  if (url.pathname === NEW_PAGE) {
    const fromTemplate = await newFromTemplate(url);
    if (fromTemplate) return fromTemplate;
  }
  try {
    const preloaded = await (event as unknown as { preloadResponse?: Promise<Response | undefined> }).preloadResponse;
    return preloaded ?? (await fetch(request));
  } catch (error) {
    const offlineForm = url.pathname === OFFLINE_PAGE || url.pathname === '/checklists/new';
    const page = offlineForm ? await cachedPage() : null;
    if (!page) throw error;
    return url.pathname === OFFLINE_PAGE
      ? page
      : Response.redirect(new URL(OFFLINE_PAGE, self.location.origin).href, 303);
  }
}

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: true,
  runtimeCaching: [
    {
      matcher: ({ request, sameOrigin }) => sameOrigin && request.mode === 'navigate',
      handler: (options) => navigate(options as RouteHandlerCallbackOptions & { url: URL }),
    },
  ],
});

// A new worker comes with a new build: kept pages name the old build's scripts, so they go.
self.addEventListener('activate', (event) => event.waitUntil(caches.delete(OFFLINE_PAGE_CACHE)));

self.addEventListener('message', (event) => {
  const data = event.data as { type?: string; lang?: string } | null;
  if (data?.type === WARM_MESSAGE) event.waitUntil(warm(String(data.lang ?? '')));
});

serwist.addEventListeners();
