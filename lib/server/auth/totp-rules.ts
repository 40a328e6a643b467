import { randomInt } from 'node:crypto';
import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP as authenticator apps expect it (RFC 6238: SHA-1, 6 digits, 30-second steps) and the
 * rules Relais adds (decision 0025): a code of the step before or after the current one is
 * accepted (clocks drift), and a code whose step is not later than the last accepted one is
 * refused, so a code seen over someone's shoulder cannot be used again.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = 'Relais';
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  // 20 random bytes (160 bits), base32: what RFC 4226 recommends and every app reads.
  return generateSecret();
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/** How the otpauth URI is drawn as a QR code: medium error correction, the quiet zone scanners need. */
export const TOTP_QR_OPTIONS = { type: 'svg', errorCorrectionLevel: 'M', margin: 4, width: 224 } as const;

/** The otpauth URI as a QR code in SVG markup, for an authenticator app's camera. */
export function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, TOTP_QR_OPTIONS);
}

/** The code of `at` (tests and the demo's documentation). */
export function totpCode(secret: string, at: Date = new Date()): string {
  return generateSync({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** The time step a code is checked in: what is stored as the last used one. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' };

/**
 * Checks a code typed by a person. `lastStep` is the step of the last code accepted (null when
 * none): a right code of that step or an earlier one is a replay.
 */
export function checkTotp(secret: string, code: string, lastStep: number | null, now: Date = new Date()): TotpCheck {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'wrong' };
  const epoch = Math.floor(now.getTime() / 1000);
  const options = { secret, token, epoch, epochTolerance: TOTP_PERIOD_SECONDS } as const;
  const result = verifySync(options);
  if (!result.valid) return { ok: false, reason: 'wrong' };
  const step = totpStep(now) + result.delta;
  if (lastStep !== null && step <= lastStep) return { ok: false, reason: 'replayed' };
  return { ok: true, step };
}

// No 0/O, 1/l/I: a code copied from paper must not be misread.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten recovery codes of 2 groups of 5 characters (~49 bits each), shown once. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

/** A recovery code as typed (case, spaces, a missing dash) to its stored form. */
export function normaliseRecoveryCode(code: string): string {
  const s = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return s.length === 10 ? `${s.slice(0, 5)}-${s.slice(5)}` : s;
}
