import type { Permission } from '../permissions';

/**
 * Every action the audit trail records, one spelling per operation (docs/decisions/0017-code-shape.md).
 * The writer accepts nothing else; the administrators' filter and the labels derive from it.
 * A refused permission check is recorded under the permission's name, so every permission is
 * an action too (checked below).
 */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'auth.sign_out',
  'auth.session_end',
  'auth.lock',
  'auth.request',
  'auth.second_factor',
  'auth.passkey_use',
  'auth.passkey_refused',
  'account.read',
  'account.change_password',
  'checklist.read',
  'checklist.write',
  'checklist.list',
  'checklist.create',
  'checklist.update',
  'checklist.complete',
  'checklist.correct',
  'checklist.read_history',
  'checklist.start_correction',
  'checklist.import',
  'checklist.discard',
  'investigation.create',
  'investigation.read',
  'investigation.set_persons_met',
  'investigation.set_yearly_persons_met',
  'referral.create',
  'referral.read',
  'referral.act',
  'referral.list',
  'referral.transition',
  'referral.packet_reduced',
  'centre.capacity.update',
  'centre_request.create',
  'centre_request.import',
  'statistics.read',
  'statistics.export',
  'user.list',
  'user.create',
  'user.disable',
  'user.enable',
  'user.reset_password',
  'user.change_role',
  'user.confirm',
  'audit.read',
  'settings.update',
  'replication.read',
  'account.second_factor',
  'account.passkey_register',
  'account.passkey_remove',
  'user.reset_second_factor',
  'settings.second_factor_policy',
  'settings.single_sign_on',
  'api_token.manage',
  'api_token.create',
  'api_token.revoke',
  'api_token.use',
  'mail.admin',
  'mail.retry',
  'mail.duty_addresses',
  'account.mail_preferences',
  'retention.run',
  'retention.draft_deleted',
  'retention.correction_abandoned',
  'retention.checklist_reduced',
  'retention.referral_reduced',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

// Every permission is an audit action (refusals are recorded under it): a permission added
// without its action fails the type check here.
const permissionsAreActions: Permission extends AuditAction ? true : never = true;
void permissionsAreActions;

/** The family of an action (its first segment): what administrators filter the log by. */
export type AuditCategory = AuditAction extends `${infer C}.${string}` ? C : never;

export const AUDIT_CATEGORIES = [...new Set(AUDIT_ACTIONS.map((a) => a.split('.')[0]))] as AuditCategory[];

export function categoryOf(action: AuditAction): AuditCategory {
  return action.split('.')[0] as AuditCategory;
}

/**
 * Spellings written before the catalogue existed. The chain is append-only, so those entries
 * keep their text; the reader shows and filters them as the action they meant.
 */
export const LEGACY_AUDIT_ACTIONS: Readonly<Record<string, AuditAction>> = {
  'user.resetPassword': 'user.reset_password',
  'user.changeRole': 'user.change_role',
  'account.changePassword': 'account.change_password',
  'centreRequest.create': 'centre_request.create',
};

/** The catalogue action an entry's stored text stands for, or null for text from no known version. */
export function auditActionOf(stored: string): AuditAction | null {
  if ((AUDIT_ACTIONS as readonly string[]).includes(stored)) return stored as AuditAction;
  return LEGACY_AUDIT_ACTIONS[stored] ?? null;
}

/** Every stored spelling of the actions of one category (for the log's filter). */
export function storedActionsOf(category: AuditCategory): string[] {
  const current = AUDIT_ACTIONS.filter((a) => categoryOf(a) === category);
  const legacy = Object.entries(LEGACY_AUDIT_ACTIONS)
    .filter(([, a]) => categoryOf(a) === category)
    .map(([old]) => old);
  return [...current, ...legacy];
}

/** The message key of an action's label (admin.audit.actions.*): dots are path separators in the catalogues. */
export function auditActionLabelKey(action: AuditAction): string {
  return `actions.${action.replaceAll('.', '_')}`;
}
