/**
 * What the service worker keeps of pages (decision 0033), shared by the worker, the pages that
 * warm it and sign-out: one page, the empty offline check-list form, in a cache of its own.
 */

/** The only page the worker keeps: an empty form (the catalogue and its labels, no person's answers). */
export const OFFLINE_PAGE = '/checklists/offline';
/** The Cache Storage cache that holds it; sign-out deletes it. */
export const OFFLINE_PAGE_CACHE = 'relais-offline-page';
/** Kept at most for a session's absolute length (decision 0002): older, it is deleted, not served. */
export const OFFLINE_PAGE_MAX_MS = 12 * 60 * 60 * 1000;
/** A signed-in page asks the worker to refresh its copy at most this often (one render of the form). */
export const OFFLINE_PAGE_REFRESH_MS = 10 * 60 * 1000;
/** The message a signed-in page sends the worker to refresh (or drop) its copy. */
export const WARM_MESSAGE = 'relais:warm-offline-page';
export const SERVICE_WORKER_URL = '/serwist/sw.js';

/**
 * The new check-list page, kept as a template so that, on a line that works, "New check-list"
 * opens from the worker without waiting for the network (the page is the same for every new
 * check-list but for its creation key, decision 0023). It is fetched with this key, which no
 * check-list ever gets, and served with a fresh key put in its place (same length, same form).
 */
export const NEW_PAGE = '/checklists/new';
export const TEMPLATE_KEY = '00000000-0000-4000-8000-000000000000';
export const NEW_PAGE_TEMPLATE = `${NEW_PAGE}?key=${TEMPLATE_KEY}`;
/** A key the worker made for a new check-list is marked under this prefix until its page is served. */
export const ISSUED_KEY_PREFIX = '/checklists/new?issued=';

/**
 * Registers the worker — once the page has loaded, so that on a slow line its install (some
 * 250 kB of the build's files) does not compete with the page's own scripts — and asks it to keep
 * the offline form up to date. Inline (with the page's nonce) in the signed-in layout: no script
 * file to download, nothing added to a page's bundle (plain interpolation, so a bundle that
 * imports only a name above drops it).
 */
export const SERVICE_WORKER_SCRIPT = `(function(){var n=navigator.serviceWorker;if(!n)return;function go(){n.register('${SERVICE_WORKER_URL}',{scope:'/'}).then(function(){return n.ready}).then(function(r){r.active&&r.active.postMessage({type:'${WARM_MESSAGE}',lang:document.documentElement.lang})}).catch(function(){})}if(document.readyState==='complete')go();else addEventListener('load',go)})();`;
