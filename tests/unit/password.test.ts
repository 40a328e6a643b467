import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from '@/lib/server/auth/password';

describe('password hashing', () => {
  it('stores argon2id hashes, salted, that verify only the right password', async () => {
    const a = await hashPassword('a long passphrase here');
    const b = await hashPassword('a long passphrase here');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'a long passphrase here')).toBe(true);
    expect(await verifyPassword(a, 'a long passphrase herE')).toBe(false);
    expect(a).not.toContain('passphrase');
  });

  it('answers false, not an exception, for a malformed hash', async () => {
    expect(await verifyPassword('not-a-hash', 'whatever')).toBe(false);
  });

  it('generates readable one-time passwords that differ every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-zA-Z2-9]{4}(-[a-zA-Z2-9]{4}){3}$/);
      expect(p).not.toMatch(/[01lIO]/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
