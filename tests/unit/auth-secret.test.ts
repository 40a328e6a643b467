import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { authSecret } from '@/lib/server/auth/auth-options';

describe('the generated session secret (no NEXTAUTH_SECRET)', () => {
  it('is written once, whole and private, then read back; a damaged file is refused with what to do', () => {
    const dir = path.join(os.tmpdir(), `relais-secret-${randomUUID()}`);
    const saved = { db: process.env.RELAIS_DB_PATH, secret: process.env.NEXTAUTH_SECRET };
    process.env.RELAIS_DB_PATH = path.join(dir, 'relais.sqlite');
    delete process.env.NEXTAUTH_SECRET;
    try {
      const first = authSecret();
      expect(first.length).toBeGreaterThanOrEqual(64);
      expect(authSecret()).toBe(first);
      const file = path.join(dir, 'auth-secret');
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(fs.readdirSync(dir)).toEqual(['auth-secret']); // no temporary file left behind
      fs.writeFileSync(file, '');
      expect(() => authSecret()).toThrow(/empty or damaged.*NEXTAUTH_SECRET/);
    } finally {
      process.env.RELAIS_DB_PATH = saved.db;
      if (saved.secret !== undefined) process.env.NEXTAUTH_SECRET = saved.secret;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
