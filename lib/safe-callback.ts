/**
 * Where the browser may go after sign-in: a path of this site, never another site (no open
 * redirect). The candidate comes from the address bar, so it is judged as the browser will read
 * it: browsers drop tab, CR and LF from a URL and read `\` as `/`, which turns `/\tevil.example`
 * or `/\evil.example` into `//evil.example`, another host. Such characters are refused outright;
 * what is left is resolved against a placeholder origin, and only a result on that origin is
 * kept, as its normalised path, query and fragment.
 */
const PLACEHOLDER_ORIGIN = 'http://relais.invalid';

// C0 controls (tab, CR and LF among them), space, DEL and C1 controls, and the backslash.
const REFUSED = /[\u0000-\u0020\u007F-\u009F\\]/;

/** A same-site destination ("/path?query#fragment"), or null. */
export function safeCallback(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  if (!value.startsWith('/') || REFUSED.test(value)) return null;
  let url: URL;
  try {
    url = new URL(value, PLACEHOLDER_ORIGIN);
  } catch {
    return null;
  }
  if (url.origin !== PLACEHOLDER_ORIGIN) return null;
  const destination = url.pathname + url.search + url.hash;
  // A path that normalises to "//host" (e.g. "/.//evil.example") is another host for the browser.
  if (destination.startsWith('//')) return null;
  return destination;
}
