import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { headers } from 'next/headers';
import { adminScopeIsPlatform, can, type Permission } from '@/lib/permissions';
import type { OrganisationKind, Role } from '@/lib/roles';

/** An item is shown to a role holding its permission, or any of its permissions. */
const ITEMS: { href: string; key: string; permission: Permission | Permission[]; platformOnly?: boolean }[] = [
  { href: '/checklists', key: 'checklists', permission: 'checklist.read' },
  { href: '/referrals', key: 'referrals', permission: 'referral.create' },
  { href: '/inbox', key: 'inbox', permission: 'centre_request.create' },
  { href: '/notifications', key: 'notifications', permission: 'referral.read' },
  { href: '/dashboard', key: 'dashboard', permission: 'statistics.read' },
  { href: '/statistics', key: 'statistics', permission: 'statistics.read' },
  { href: '/import', key: 'import', permission: ['checklist.import', 'centre_request.import'] },
  { href: '/admin/users', key: 'users', permission: 'user.list' },
  { href: '/admin/audit', key: 'audit', permission: 'audit.read' },
  { href: '/admin/settings', key: 'settings', permission: 'settings.update', platformOnly: true },
  { href: '/admin/tokens', key: 'tokens', permission: 'api_token.manage' },
  {
    href: '/admin/second-factor',
    key: 'secondFactorPolicy',
    permission: 'settings.second_factor_policy',
    platformOnly: true,
  },
  { href: '/admin/single-sign-on', key: 'singleSignOn', permission: 'settings.single_sign_on', platformOnly: true },
  { href: '/admin/mail', key: 'mail', permission: 'mail.admin' },
  { href: '/admin/replication', key: 'replication', permission: 'replication.read', platformOnly: true },
  { href: '/account', key: 'account', permission: 'account.read' },
];

/** Navigation for what the role may do; the pages check again on the server. */
export async function AppNav({
  role,
  organisationKind,
  unread = 0,
}: {
  role: Role;
  organisationKind: OrganisationKind;
  unread?: number;
}) {
  const t = await getTranslations('nav');
  const path = ((await headers()).get('x-relais-path') ?? '').split('?')[0] ?? '';
  return (
    <nav aria-label={t('label')} className="app-nav">
      <ul>
        {ITEMS.filter(
          (item) =>
            [item.permission].flat().some((p) => can(role, p)) &&
            (!item.platformOnly || adminScopeIsPlatform(organisationKind)),
        ).map((item) => {
          const current = path === item.href || path.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link href={item.href} aria-current={current ? 'page' : undefined}>
                {t(item.key)}
                {item.key === 'notifications' && unread > 0 ? (
                  <span className="nav-count" data-testid="unread-count">
                    {' '}
                    {unread}
                    <span className="visually-hidden"> {t('unread')}</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
