import 'server-only';
import { headers } from 'next/headers';
import { NextResponse } from 'next/server';
import de from '../i18n/messages/de.json';
import en from '../i18n/messages/en.json';
import fr from '../i18n/messages/fr.json';
import nl from '../i18n/messages/nl.json';
import { localeFromAcceptLanguage, type Locale } from '../i18n/locales';
import type { Actor } from '../server/auth/actor';
import { currentSession } from './current-actor';
import { ConflictError, DomainError, NotFoundError } from '../server/errors';

/**
 * The JSON API's common answers. Every handler: authenticate (the web session works for it),
 * parse and validate, call one verb, map its errors. Errors are keyed by field (item code for
 * check-lists), each with a stable key and a message in the request's language.
 */
const CATALOGUES: Record<Locale, unknown> = { fr, nl, de, en };
const MAX_BODY_BYTES = 512 * 1024;

function lookup(tree: unknown, key: string): string | undefined {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

async function apiLocale(): Promise<Locale> {
  return localeFromAcceptLanguage((await headers()).get('accept-language')) ?? 'en';
}

function noStore(init: ResponseInit = {}): ResponseInit {
  return { ...init, headers: { 'Cache-Control': 'no-store', ...(init.headers ?? {}) } };
}

export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, noStore({ status }));
}

/** A message key with its text in the request's language (Accept-Language, else English). */
export async function messageDescriber(): Promise<
  (key: string, values?: Record<string, string>) => { key: string; message: string }
> {
  const locale = await apiLocale();
  return (k: string, values?: Record<string, string>) => ({
    key: k,
    message: (lookup(CATALOGUES[locale], k) ?? lookup(CATALOGUES.en, k) ?? k)
      .replace(/\{count, plural.*$/, '')
      // Plain arguments (e.g. the allowed codes of an import cell); the value is data, never a pattern.
      .replace(/\{(\w+)\}/g, (whole, name: string) => (values && Object.hasOwn(values, name) ? values[name]! : whole)),
  });
}

export async function errorResponse(
  status: number,
  key: string,
  fieldErrors: Record<string, string[]> = {},
  extra: Record<string, unknown> = {},
): Promise<NextResponse> {
  const describe = await messageDescriber();
  const errors = Object.fromEntries(
    Object.entries(fieldErrors).map(([field, keys]) => [field, keys.map((k) => describe(k))]),
  );
  return json({ error: describe(key), errors, ...extra }, status);
}

/** The signed-in actor, or a 401 answer. */
export async function apiActor(): Promise<Actor | NextResponse> {
  const session = await currentSession();
  if (!session.actor) return errorResponse(401, 'errors.unauthenticated');
  if (session.actor.mustChangePassword) return errorResponse(403, 'errors.mustChangePassword');
  return session.actor;
}

/** Reads a JSON object body: refuses a wrong content type, an oversized body and malformed JSON, naming the problem. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown> | NextResponse> {
  const type = request.headers.get('content-type') ?? '';
  // Requiring JSON also keeps cross-site HTML forms out (they cannot send this type without a CORS preflight).
  if (!type.toLowerCase().startsWith('application/json')) return errorResponse(415, 'errors.contentType');
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return errorResponse(413, 'errors.bodyTooLarge');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return errorResponse(400, 'errors.malformedJson', { body: ['errors.malformedJson'] });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return errorResponse(400, 'errors.validation', { body: ['errors.jsonObjectExpected'] });
  return value as Record<string, unknown>;
}

/** Maps an error of the data access layer to an HTTP answer; anything else is a 500 (logged without personal data). */
export async function apiError(e: unknown): Promise<NextResponse> {
  if (e instanceof NotFoundError) return errorResponse(404, 'errors.notFound');
  if (e instanceof ConflictError) return errorResponse(409, e.code, e.fieldErrors, e.answer);
  if (e instanceof DomainError) return errorResponse(422, e.code, e.fieldErrors);
  console.error('[api] unexpected error', e instanceof Error ? e.name : typeof e);
  return errorResponse(500, 'errors.server');
}

/**
 * Reads a request body up to `limit` bytes; past it, stops reading and answers null (the caller
 * answers 413). A declared Content-Length over the limit is refused before a byte is read; a
 * chunked body is counted as it arrives, so an oversized upload is never held whole in memory.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get('content-length') ?? 0) > limit) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    body.set(chunk, at);
    at += chunk.byteLength;
  }
  return body;
}
