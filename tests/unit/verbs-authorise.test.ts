import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import type { Role } from '@/lib/roles';
import type { Actor } from '@/lib/server/auth/actor';
import { NotFoundError } from '@/lib/server/errors';
import { and, eq } from 'drizzle-orm';
import { makeOrganisation, makeUser } from '../support/factories';

/**
 * Every verb of the data access layer authorises. A verb is an exported function of lib/server/
 * whose options object takes the `actor`; the verbs are found by reading the code, so a new one
 * is covered the day it is added. Each is called by an actor whose role holds no permission at
 * all: it must answer "not found" and audit the refusal, whatever else it was given.
 */
function filesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function verbsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  return source.statements.flatMap((statement) => {
    if (!ts.isFunctionDeclaration(statement) || !statement.name) return [];
    if (!ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return [];
    const options = statement.parameters[0]?.name;
    const takesActor =
      options && ts.isObjectBindingPattern(options) && options.elements.some((e) => e.name.getText(source) === 'actor');
    return takesActor ? [statement.name.text] : [];
  });
}

const VERBS = filesUnder('lib/server').flatMap((file) => verbsOf(file).map((name) => ({ file, name })));

/** Whatever a verb may ask for; the permission check must come before any of it matters. */
function optionsFor(actor: Actor): Record<string, unknown> {
  const anId = randomUUID();
  return {
    actor,
    id: anId,
    referralId: anId,
    checklistId: anId,
    userId: anId,
    centreId: anId,
    input: {},
    filters: {},
    patch: {},
    answers: {},
    idempotencyKey: randomUUID(),
    body: new Uint8Array(),
    onProgress: () => {},
    k: 5,
    year: 2026,
    service: 'all',
    orientation: 'accepted',
    publication: false,
    query: { year: 2026, service: 'all', orientation: 'accepted', publication: false },
    format: 'csv',
    locale: 'en',
    t: (key: string) => key,
    to: 'accepted',
    expectedVersion: 1,
    role: 'referrer',
    active: true,
    placesFree: 1,
    ambulatoryOpen: true,
  };
}

describe('every verb of the data access layer authorises', async () => {
  const organisation = makeOrganisation('police');
  const user = await makeUser({ role: 'referrer', organisation });
  // A role the permission table does not know: it holds no permission.
  const powerless: Actor = { ...user.actor, role: 'no_role' as Role };

  it('finds the verbs', () => {
    expect(VERBS.length).toBeGreaterThan(30);
    expect(VERBS.map((v) => v.name)).toEqual(
      expect.arrayContaining([
        'getChecklist',
        'transitionReferral',
        'createUser',
        'findAuditEvents',
        'exportStatistics',
      ]),
    );
  });

  it.each(VERBS)(
    '$name ($file) refuses an actor without the permission, as "not found", audited',
    async ({ file, name }) => {
      const verbs = (await import(/* @vite-ignore */ path.resolve(file))) as Record<
        string,
        (options: unknown) => unknown
      >;
      const verb = verbs[name]!;
      const refusalsBefore = refusalsOf(user.id);
      let error: unknown = null;
      try {
        await verb(optionsFor(powerless));
      } catch (e) {
        error = e;
      }
      expect(error, `${name} did not refuse`).toBeInstanceOf(NotFoundError);
      expect(refusalsOf(user.id), `${name} did not audit its refusal`).toBe(refusalsBefore + 1);
    },
  );
});

function refusalsOf(userId: string): number {
  return getDb()
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.actorUserId, userId), eq(auditEvents.outcome, 'refused')))
    .all().length;
}
