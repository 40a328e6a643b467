import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { getDb } from './client';
import { checklists, organisations, users } from './schema';
import type { Actor } from '../lib/server/auth/actor';
import { createChecklist } from '../lib/server/checklists/create-checklist';
import { createReferral } from '../lib/server/referrals/create-referral';
import { registerCentreRequest } from '../lib/server/referrals/register-centre-request';
import { transitionReferral } from '../lib/server/referrals/transition-referral';
import { updateCentreCapacity } from '../lib/server/centres/capacity';
import type { ReferralStatus } from '../lib/referrals/state-machine';

/**
 * Demo check-lists and referrals in every status, written through the data access layer (so
 * they are valid, audited records), for the quick start only. Runs once: skipped when the demo
 * referrers already have check-lists. Run with the react-server condition (see package.json).
 */
async function actorFor(email: string): Promise<Actor> {
  const db = getDb();
  const row = db
    .select({ user: users, org: organisations })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.email, email))
    .get();
  if (!row) throw new Error(`demo user ${email} missing`);
  return {
    userId: row.user.id,
    name: row.user.name,
    email,
    role: row.user.role,
    organisationId: row.org.id,
    organisationName: row.org.name,
    organisationKind: row.org.kind,
    organisationService: row.org.service,
    sessionId: 'seed',
    mustChangePassword: false,
    ip: null,
  };
}

const base = (over: Record<string, unknown>) => ({
  'ctx.control_date': '2026-09-14',
  'ctx.region': 'lie',
  'ctx.forms': ['economic'],
  'ctx.sector': 'construction',
  'vic.sex': 'm',
  'vic.birth_date': '1991-02-11',
  'vic.nationality': 'RO',
  'vic.languages': 'roumain, un peu de français',
  'vic.interpreter': 'needed',
  'exp.housing': 'yes',
  'exp.long_hours': 'yes',
  'exp.hours_per_day': 12,
  'exp.days_per_week': 6,
  'pay.level': 'very_low',
  'doc.identity': 'held_by_other',
  'out.sufficient': 'yes',
  'out.informed': 'yes',
  'out.wish': 'accepts_referral',
  ...over,
});

export async function seedDemoRecords(): Promise<number> {
  const db = getDb();
  const referrers = await Promise.all(
    ['onss@demo.relais.be', 'police@demo.relais.be', 'cls@demo.relais.be'].map(actorFor),
  );
  const existing = db
    .select({ id: checklists.id })
    .from(checklists)
    .where(
      inArray(
        checklists.createdBy,
        referrers.map((r) => r.userId),
      ),
    )
    .limit(1)
    .get();
  if (existing) return 0;
  const [onss, police, cls] = referrers as [Actor, Actor, Actor];
  const centre = Object.fromEntries(
    await Promise.all(
      ['pagasa', 'payoke', 'surya', 'esperanto'].map(async (c) => [c, await actorFor(`${c}@demo.relais.be`)] as const),
    ),
  );
  for (const [code, actor] of Object.entries(centre)) {
    const free: Record<string, [number, boolean]> = {
      pagasa: [3, true],
      payoke: [1, true],
      surya: [0, true],
      esperanto: [2, true],
    };
    updateCentreCapacity({
      actor,
      centreId: actor.organisationId,
      placesFree: free[code]![0],
      ambulatoryOpen: free[code]![1],
    });
  }
  const key = () => randomUUID();
  let created = 0;
  const completed = (actor: Actor, answers: Record<string, unknown>) => {
    created++;
    return createChecklist({ actor, idempotencyKey: key(), answers, complete: true }).id;
  };
  const refer = (actor: Actor, checklistId: string, extra: Record<string, unknown> = {}) =>
    createReferral({
      actor,
      input: { checklistId, caseType: 'thb', idempotencyKey: key(), phone: '+32 2 000 00 00', ...extra },
    }).id;
  const move = (actor: Actor, id: string, steps: [ReferralStatus, string?][], redirectTo?: 'payoke') => {
    let version = 1;
    for (const [to, reason] of steps) {
      const r = transitionReferral({
        actor,
        referralId: id,
        to,
        reason: reason ?? null,
        expectedVersion: version,
        redirectTo: to === 'redirected' ? (redirectTo ?? null) : null,
      });
      version = r.version;
    }
  };

  // A draft of an inspector, over two sittings.
  createChecklist({
    actor: onss,
    idempotencyKey: key(),
    answers: {
      'ctx.reference': 'ECOSOC-2026-118',
      'ctx.control_date': '2026-11-20',
      'ctx.region': 'bru',
      'ctx.forms': ['economic'],
      'ctx.sector': 'horeca',
    },
  });
  created++;
  // sent (waiting for PAG-ASA)
  refer(
    onss,
    completed(
      onss,
      base({
        'ctx.reference': 'ECOSOC-2026-101',
        'ctx.region': 'bru',
        'ctx.sector': 'horeca',
        'vic.sex': 'f',
        'vic.nationality': 'MA',
      }),
    ),
  );
  // acknowledged, then accepted (Sürya)
  const a = refer(onss, completed(onss, base({ 'ctx.reference': 'ECOSOC-2026-087' })));
  move(centre.surya!, a, [['acknowledged'], ['accepted']]);
  // no capacity at Sürya → redirected to Payoke (sent there)
  const b = refer(onss, completed(onss, base({ 'ctx.reference': 'ECOSOC-2026-090', 'vic.nationality': 'UA' })));
  move(centre.surya!, b, [['no_capacity', 'shelter_full']]);
  transitionReferral({
    actor: onss,
    referralId: b,
    to: 'redirected',
    reason: 'no_place',
    redirectTo: 'payoke',
    expectedVersion: 2,
  });
  // not a victim (PAG-ASA)
  const c = refer(
    cls,
    completed(cls, base({ 'ctx.reference': 'CLS-2026-014', 'ctx.region': 'bru', 'ctx.sector': 'cleaning' })),
  );
  move(centre.pagasa!, c, [['acknowledged'], ['not_a_victim', 'other_offence']]);
  // refused by the person at the centre, lost contact, withdrawn, closed
  const d = refer(
    cls,
    completed(cls, base({ 'ctx.reference': 'CLS-2026-021', 'ctx.region': 'ant', 'ctx.sector': 'logistics' })),
  );
  move(centre.payoke!, d, [['acknowledged'], ['refused_by_person', 'fear']]);
  const e = refer(
    cls,
    completed(
      cls,
      base({
        'ctx.reference': 'CLS-2026-022',
        'ctx.region': 'ant',
        'ctx.sector': 'logistics',
        'vic.nationality': 'IN',
      }),
    ),
  );
  move(centre.payoke!, e, [['acknowledged'], ['lost_contact']]);
  const f = refer(onss, completed(onss, base({ 'ctx.reference': 'ECOSOC-2026-095', 'ctx.region': 'bru' })));
  move(onss, f, [['withdrawn', 'sent_by_mistake']]);
  const g = refer(
    police,
    completed(
      police,
      base({
        'ctx.reference': 'PV-BR-2026-4410',
        'ctx.region': 'bru',
        'ctx.forms': ['sexual'],
        'ctx.sector': 'prostitution',
        'vic.sex': 'f',
        'vic.nationality': 'NG',
      }),
    ),
  );
  move(centre.pagasa!, g, [['acknowledged'], ['accepted'], ['closed', 'autonomy']]);
  // No place at Sürya, not redirected yet: the referrer has to choose.
  const h = refer(
    cls,
    completed(cls, base({ 'ctx.reference': 'CLS-2026-030', 'ctx.region': 'hai', 'ctx.sector': 'transport' })),
  );
  move(centre.surya!, h, [['no_capacity', 'shelter_full']]);
  // A minor: Esperanto, the Service des Tutelles notified.
  refer(
    police,
    completed(
      police,
      base({
        'ctx.reference': 'PV-BR-2026-4502',
        'ctx.region': 'bru',
        'ctx.forms': ['sexual'],
        'ctx.sector': 'prostitution',
        'vic.sex': 'f',
        'vic.birth_date': '2010-05-03',
        'vic.nationality': 'NG',
        'vic.unaccompanied': 'yes',
      }),
    ),
  );
  // A refusal: nothing sent, the check-list counts as refused.
  completed(onss, base({ 'ctx.reference': 'ECOSOC-2026-102', 'out.wish': 'refuses', 'out.refusal_reason': 'fear' }));
  // A request from another channel at Payoke.
  registerCentreRequest({
    actor: centre.payoke!,
    input: {
      source: 'walk_in',
      receivedOn: '2026-10-02',
      sex: 'f',
      age: 24,
      nationality: 'TH',
      forms: ['sexual'],
      caseType: 'thb',
      note: null,
      idempotencyKey: key(),
    },
  });
  return created;
}
