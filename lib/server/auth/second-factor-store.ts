import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { passkeys, recoveryCodes, secondFactorPolicies, secondFactors } from '../../../db/schema';
import type { Role } from '../../roles';
import { isDemoMode } from './demo-mode';
import { hashPassword } from './password';
import { newRecoveryCodes, newTotpSecret, totpQrSvg, totpUri } from './totp-rules';

type Reader = Pick<Db, 'select'>;
type Writer = Pick<Db, 'select' | 'insert' | 'update' | 'delete'>;

/**
 * The rule where the platform's administrators set none (decision 0025): required, except in
 * demo mode (the demo's accounts are tried by anyone with the README).
 * RELAIS_SECOND_FACTOR_DEFAULT=optional|required overrides it, for a roll-out by stages.
 */
export function secondFactorRequiredByDefault(): boolean {
  const setting = process.env.RELAIS_SECOND_FACTOR_DEFAULT;
  if (setting === 'optional') return false;
  if (setting === 'required') return true;
  return !isDemoMode();
}

/** Whether the policy requires a second factor of a member of this organisation in this role. */
export function secondFactorRequired(db: Reader, organisationId: string, role: Role): boolean {
  const rule = db
    .select({ required: secondFactorPolicies.required })
    .from(secondFactorPolicies)
    .where(and(eq(secondFactorPolicies.organisationId, organisationId), eq(secondFactorPolicies.role, role)))
    .get();
  return rule ? rule.required : secondFactorRequiredByDefault();
}

export function secondFactorOf(db: Reader, userId: string) {
  return db.select().from(secondFactors).where(eq(secondFactors.userId, userId)).get();
}

/** What a session opened by a right password still waits for: nothing, a code, or an enrolment. */
export function pendingStepFor(
  db: Reader,
  user: { id: string; organisationId: string; role: Role },
): 'verify' | 'enrol' | null {
  const factor = secondFactorOf(db, user.id);
  if (factor?.totpSecret) return 'verify';
  if (db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, user.id)).get()) return 'verify';
  if (factor?.mustEnrol || secondFactorRequired(db, user.organisationId, user.role)) return 'enrol';
  return null;
}

export interface EnrolmentSheet {
  secret: string;
  uri: string;
  /** The otpauth URI as a QR code, SVG markup drawn here (never by a remote service: it holds the secret). */
  qrSvg: string;
  recoveryCodes: string[];
}

/**
 * A new secret and ten recovery codes, kept as pending until a code from the app confirms them.
 * Each showing replaces the previous one, so only the sheet last shown can be confirmed.
 */
export async function prepareEnrolmentInTx(
  db: Writer & Pick<Db, 'transaction'>,
  user: { id: string; email: string },
  now: Date,
): Promise<EnrolmentSheet> {
  const secret = newTotpSecret();
  const codes = newRecoveryCodes();
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  const at = now.toISOString();
  db.transaction(
    (tx) => {
      tx.insert(secondFactors)
        .values({ userId: user.id, pendingSecret: secret, pendingCreatedAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: secondFactors.userId,
          set: { pendingSecret: secret, pendingCreatedAt: at, updatedAt: at },
        })
        .run();
      tx.delete(recoveryCodes)
        .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.pending, true)))
        .run();
      for (const codeHash of hashes)
        tx.insert(recoveryCodes).values({ userId: user.id, codeHash, pending: true, createdAt: at }).run();
    },
    { behavior: 'immediate' },
  );
  const uri = totpUri(secret, user.email);
  return { secret, uri, qrSvg: await totpQrSvg(uri), recoveryCodes: codes };
}

/** The pending secret becomes the factor (its confirming code's step is the last used), its codes replace the old ones. */
export function activateEnrolmentInTx(tx: Writer, userId: string, step: number, now: Date): void {
  const factor = secondFactorOf(tx, userId);
  if (!factor?.pendingSecret) return;
  const at = now.toISOString();
  tx.update(secondFactors)
    .set({
      totpSecret: factor.pendingSecret,
      enrolledAt: at,
      lastTimeStep: step,
      pendingSecret: null,
      pendingCreatedAt: null,
      mustEnrol: false,
      updatedAt: at,
    })
    .where(eq(secondFactors.userId, userId))
    .run();
  tx.delete(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.pending, false)))
    .run();
  tx.update(recoveryCodes)
    .set({ pending: false })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.pending, true)))
    .run();
}

/** Unused, confirmed recovery codes of a person. */
export function unusedRecoveryCodes(db: Reader, userId: string) {
  return db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.pending, false), isNull(recoveryCodes.usedAt)))
    .all();
}
