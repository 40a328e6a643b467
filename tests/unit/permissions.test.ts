import { describe, expect, it } from 'vitest';
import {
  adminScopeIsPlatform,
  can,
  needsConfirmationWhenSetByAnAdministrator,
  PERMISSIONS,
  permissionsOf,
  type Permission,
} from '@/lib/permissions';
import { isRoleAllowedFor, ORGANISATION_KINDS, ROLES } from '@/lib/roles';

describe('permission table (docs/domain/access.md)', () => {
  it('gives each role exactly what access.md says', () => {
    expect(permissionsOf('referrer').sort()).toEqual(
      [
        'account.read',
        'account.change_password',
        'account.second_factor',
        'account.mail_preferences',
        'checklist.read',
        'checklist.write',
        'checklist.discard',
        'referral.create',
        'referral.read',
        'referral.act',
      ].sort(),
    );
    expect(permissionsOf('centre_staff').sort()).toEqual(
      [
        'account.read',
        'account.change_password',
        'account.second_factor',
        'account.mail_preferences',
        'referral.read',
        'referral.act',
        'centre.capacity.update',
        'centre_request.create',
        'centre_request.import',
      ].sort(),
    );
    expect(permissionsOf('coordinator').sort()).toEqual(
      [
        'account.read',
        'account.change_password',
        'account.second_factor',
        'account.mail_preferences',
        'statistics.read',
        'statistics.export',
        'checklist.import',
        'centre_request.import',
      ].sort(),
    );
    expect(permissionsOf('admin').sort()).toEqual(
      [
        'account.read',
        'account.change_password',
        'account.second_factor',
        'account.mail_preferences',
        'checklist.import',
        'user.list',
        'user.create',
        'user.disable',
        'user.reset_password',
        'user.change_role',
        'mail.admin',
        'user.confirm',
        'audit.read',
        'settings.update',
        'user.reset_second_factor',
        'settings.second_factor_policy',
        'settings.single_sign_on',
        'api_token.manage',
        'replication.read',
      ].sort(),
    );
  });

  it('never lets a coordinator or an administrator read a person’s record', () => {
    for (const p of ['checklist.read', 'checklist.write', 'referral.read', 'referral.act'] as Permission[]) {
      expect(can('coordinator', p)).toBe(false);
      expect(can('admin', p)).toBe(false);
    }
  });

  it('makes every account that reads persons’ records, or administers, wait for a second administrator when an administrator set its password (decision 0018)', () => {
    expect(ROLES.filter(needsConfirmationWhenSetByAnAdministrator).sort()).toEqual([
      'admin',
      'centre_staff',
      'referrer',
    ]);
  });

  it('keeps statistics away from referrers and centre staff', () => {
    expect(can('referrer', 'statistics.read')).toBe(false);
    expect(can('centre_staff', 'statistics.read')).toBe(false);
  });

  it('only names known roles', () => {
    for (const roles of Object.values(PERMISSIONS)) for (const r of roles) expect(ROLES).toContain(r);
  });

  it('matches roles to organisation kinds', () => {
    expect(isRoleAllowedFor('referrer', 'police')).toBe(true);
    expect(isRoleAllowedFor('referrer', 'centre')).toBe(false);
    expect(isRoleAllowedFor('centre_staff', 'centre')).toBe(true);
    expect(isRoleAllowedFor('centre_staff', 'onss')).toBe(false);
    expect(isRoleAllowedFor('coordinator', 'coordination')).toBe(true);
    expect(isRoleAllowedFor('coordinator', 'police')).toBe(false);
    for (const kind of ORGANISATION_KINDS) expect(isRoleAllowedFor('admin', kind)).toBe(true);
  });

  it('makes only coordination administrators platform-wide', () => {
    expect(ORGANISATION_KINDS.filter(adminScopeIsPlatform)).toEqual(['coordination']);
  });
});
