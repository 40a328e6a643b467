import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { auditEvents } from '@/db/schema';
import {
  AUDIT_ACTIONS,
  AUDIT_CATEGORIES,
  auditActionLabelKey,
  auditActionOf,
  LEGACY_AUDIT_ACTIONS,
} from '@/lib/audit/actions';
import { PERMISSIONS } from '@/lib/permissions';
import { auditHash, GENESIS_HASH } from '@/lib/audit/audit-chain';
import { findAuditEvents } from '@/lib/server/audit/find-audit-events';
import de from '@/lib/i18n/messages/de.json';
import en from '@/lib/i18n/messages/en.json';
import fr from '@/lib/i18n/messages/fr.json';
import nl from '@/lib/i18n/messages/nl.json';
import { makeOrganisation, makeUser } from '../support/factories';

const CATALOGUES = { fr, nl, de, en };

describe('the audit action catalogue', () => {
  it('has a label for every action and every category in the four languages', () => {
    for (const [locale, messages] of Object.entries(CATALOGUES)) {
      const audit = messages.admin.audit as { actions: Record<string, string>; categories: Record<string, string> };
      for (const action of AUDIT_ACTIONS)
        expect(audit.actions[auditActionLabelKey(action).slice('actions.'.length)], `${locale} ${action}`).toBeTruthy();
      for (const category of AUDIT_CATEGORIES) expect(audit.categories[category], `${locale} ${category}`).toBeTruthy();
    }
  });

  it('spells each operation once: every permission is an action, and no two actions differ only by case or underscores', () => {
    for (const permission of Object.keys(PERMISSIONS)) expect(AUDIT_ACTIONS).toContain(permission);
    const squashed = AUDIT_ACTIONS.map((a) => a.replaceAll('_', '').toLowerCase());
    expect(new Set(squashed).size).toBe(AUDIT_ACTIONS.length);
  });

  it('reads the spellings written before the catalogue as the action they meant', () => {
    expect(auditActionOf('user.resetPassword')).toBe('user.reset_password');
    expect(auditActionOf('centreRequest.create')).toBe('centre_request.create');
    expect(auditActionOf('user.reset_password')).toBe('user.reset_password');
    expect(auditActionOf('no.such_action')).toBeNull();
    for (const mapped of Object.values(LEGACY_AUDIT_ACTIONS)) expect(AUDIT_ACTIONS).toContain(mapped);
  });

  it('lets administrators filter every category, an entry in an older spelling included', async () => {
    const centre = makeOrganisation('centre');
    const platformAdmin = await makeUser({ role: 'admin', organisation: makeOrganisation('coordination') });
    // An entry as an earlier version wrote it (the chain is append-only: its text stays).
    getDb().transaction((tx) => {
      const prev = tx.select({ hash: auditEvents.hash }).from(auditEvents).all().at(-1)?.hash ?? GENESIS_HASH;
      const row = {
        at: new Date().toISOString(),
        actorUserId: null,
        actorOrganisationId: centre.id,
        action: 'centreRequest.create',
        outcome: 'refused' as const,
        targetType: null,
        targetId: 'legacy-entry',
        ip: null,
        detail: null,
      };
      tx.insert(auditEvents)
        .values({ ...row, prevHash: prev, hash: auditHash(prev, row) })
        .run();
    });
    const { events } = findAuditEvents({ actor: platformAdmin.actor, filters: { category: 'centre_request' } });
    expect(events.map((e) => [e.targetId, e.action, e.catalogueAction])).toContainEqual([
      'legacy-entry',
      'centreRequest.create',
      'centre_request.create',
    ]);
    for (const category of AUDIT_CATEGORIES)
      expect(() => findAuditEvents({ actor: platformAdmin.actor, filters: { category } })).not.toThrow();
  });
});
