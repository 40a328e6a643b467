import 'server-only';
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { fieldErrorsOf } from '../form-state';
import type { Actor } from '../server/auth/actor';
import { authorize } from '../server/auth/authorize';
import type { Permission } from '../permissions';
import { apiActor, apiError, errorResponse, json, readJsonObject } from './api-responses';
import { firstValues } from './query';
import { requestIp } from './current-actor';
import { resolveApiToken } from '../server/tokens/resolve-api-token';
import { bearerToken } from '../server/tokens/token-secret';

/**
 * The one shape of every JSON API route handler (docs/api.md): the signed-in actor (the web
 * session works for the API), the path parameters, the query and the JSON body parsed by their
 * schemas (each error named by its field), one verb called, its errors mapped to the documented
 * answers (404 not found or out of scope, 409 conflict, 422 refused by the rules, 500 logged
 * without personal data). A handler returns data (answered as JSON 200) or its own Response.
 */

/** Parses one part of a request: a zod schema, or a function for what a schema cannot say (a header and a body field together). */
type Part<T> =
  | z.ZodType<T>
  | ((
      input: Record<string, unknown>,
      request: NextRequest,
    ) => { ok: true; data: T } | { ok: false; errors: Record<string, string[]> });

interface RouteSpec<P, Q, B> {
  /** Path parameters. One that cannot name a record (a malformed id) answers 404, like a record out of scope. */
  params?: z.ZodType<P>;
  query?: Part<Q>;
  /** A JSON object body. Routes with another body (a CSV file) read the request themselves. */
  body?: Part<B>;
  /**
   * A permission checked before anything of the request is read (an upload is refused before it
   * is received). The verb checks it again: this is not the defence, it spares the work.
   */
  permission?: Permission;
  run: (call: { actor: Actor; params: P; query: Q; body: B; request: NextRequest }) => unknown;
}

function parsePart<T>(
  part: Part<T>,
  input: Record<string, unknown>,
  request: NextRequest,
): { ok: true; data: T } | { ok: false; errors: Record<string, string[]> } {
  if (typeof part === 'function') return part(input, request);
  const parsed = part.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, errors: fieldErrorsOf(parsed.error) };
}

/**
 * The caller: an API token when the request carries `Authorization` (decision 0026) — a wrong,
 * revoked or expired one answers 401 and never falls back to the cookie — else the web session.
 */
async function requestActor(request: NextRequest): Promise<Actor | Response> {
  const header = request.headers.get('authorization');
  if (header === null) return apiActor();
  const resolved = resolveApiToken({
    token: bearerToken(header) ?? 'malformed',
    ip: await requestIp(),
    method: request.method,
    path: request.nextUrl.pathname,
  });
  if (!('status' in resolved)) return resolved;
  if (resolved.status === 429) {
    const answer = await errorResponse(429, 'tokens.errors.rateLimited');
    answer.headers.set('Retry-After', String(resolved.retryAfter));
    return answer;
  }
  const answer = await errorResponse(401, 'tokens.errors.invalidToken');
  answer.headers.set('WWW-Authenticate', 'Bearer error="invalid_token"');
  return answer;
}

export function apiRoute<P = Record<string, never>, Q = undefined, B = undefined>(spec: RouteSpec<P, Q, B>) {
  return async (
    request: NextRequest,
    context: { params?: Promise<Record<string, string | string[]>> },
  ): Promise<Response> => {
    const actor = await requestActor(request);
    if (actor instanceof Response) return actor;
    try {
      if (spec.permission) authorize(actor, spec.permission);
      // A route without dynamic segments may get no params at all.
      const rawParams = (await context?.params) ?? {};
      let params = {} as P;
      if (spec.params) {
        const parsed = spec.params.safeParse(rawParams);
        if (!parsed.success) return errorResponse(404, 'errors.notFound');
        params = parsed.data;
      }
      let query = undefined as Q;
      if (spec.query) {
        // The path's own parameters (e.g. a statistics year) are part of what the query parser checks.
        const parsed = parsePart(
          spec.query,
          { ...firstValues(request.nextUrl.searchParams), ...firstValues(rawParams) },
          request,
        );
        if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
        query = parsed.data;
      }
      let body = undefined as B;
      if (spec.body) {
        const raw = await readJsonObject(request);
        if (raw instanceof Response) return raw;
        const parsed = parsePart(spec.body, raw, request);
        if (!parsed.ok) return errorResponse(400, 'errors.validation', parsed.errors);
        body = parsed.data;
      }
      const result = await spec.run({ actor, params, query, body, request });
      return result instanceof Response ? result : json(result);
    } catch (e) {
      return apiError(e);
    }
  };
}

/** A body schema whose idempotency key may come from the `Idempotency-Key` header (preferred) or the body. */
export function withIdempotencyKey<T>(schema: z.ZodType<T>): Part<T> {
  return (body, request) =>
    parsePart(
      schema,
      { ...body, idempotencyKey: request.headers.get('idempotency-key') ?? body.idempotencyKey },
      request,
    );
}
