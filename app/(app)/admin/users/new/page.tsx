import { getTranslations } from 'next-intl/server';
import { ClientMessages } from '@/components/ClientMessages';
import Link from 'next/link';
import { CreateUserForm } from '@/components/admin/CreateUserForm';
import { rolesAllowedFor } from '@/lib/roles';
import { requirePageActor } from '@/lib/http/current-actor';
import { findManagedOrganisations } from '@/lib/server/users/find-managed-organisations';

export async function generateMetadata() {
  return { title: (await getTranslations('admin.users'))('createTitle') };
}

export default async function NewUserPage() {
  const actor = await requirePageActor('user.create');
  const organisations = findManagedOrganisations({ actor }).map((o) => ({ ...o, roles: [...rolesAllowedFor(o.kind)] }));
  const t = await getTranslations('admin.users');
  return (
    <ClientMessages namespaces={['admin', 'roles', 'organisationKinds', 'singleSignOn']}>
      <p>
        <Link href="/admin/users">← {t('back')}</Link>
      </p>
      <h1>{t('createTitle')}</h1>
      <p className="lead">{t('createLead')}</p>
      <CreateUserForm organisations={organisations} defaultOrganisationId={actor.organisationId} />
    </ClientMessages>
  );
}
