'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { changeRoleAction, confirmUserAction, resetPasswordAction, setUserActiveAction } from '@/app/actions/users';
import { initialFormState } from '@/lib/form-state';
import type { Role } from '@/lib/roles';
import { FormMessage } from '../FormMessage';
import { OneTimePassword } from './OneTimePassword';
import { SubmitButton } from '../SubmitButton';

/**
 * Confirm (when this administrator may: decision 0018), disable / re-enable, reset the password,
 * change the role — one small form each.
 */
export function UserRowActions({
  userId,
  userName,
  active,
  role,
  roles,
  confirmable = false,
}: {
  userId: string;
  userName: string;
  active: boolean;
  role: Role;
  roles: Role[];
  confirmable?: boolean;
}) {
  const t = useTranslations();
  const [confirmState, confirmAction] = useActionState(confirmUserAction, initialFormState);
  const [activeState, activeAction] = useActionState(setUserActiveAction, initialFormState);
  const [resetState, resetAction] = useActionState(resetPasswordAction, initialFormState);
  const [roleState, roleAction] = useActionState(changeRoleAction, initialFormState);
  const roleSelectId = `role-${userId}`;
  return (
    <div className="row-actions">
      {confirmable ? (
        <form action={confirmAction}>
          <input type="hidden" name="userId" value={userId} />
          <SubmitButton
            className="button button--small"
            label={t('admin.users.confirm')}
            accessibleLabel={t('admin.users.confirmNamed', { name: userName })}
            pendingLabel={t('common.saving')}
          />
          <FormMessage error={confirmState.formError} />
        </form>
      ) : null}
      <form action={activeAction}>
        <input type="hidden" name="userId" value={userId} />
        <input type="hidden" name="active" value={active ? 'false' : 'true'} />
        <SubmitButton
          className="button button--small"
          label={active ? t('admin.users.disable') : t('admin.users.enable')}
          accessibleLabel={
            active
              ? t('admin.users.disableNamed', { name: userName })
              : t('admin.users.enableNamed', { name: userName })
          }
          pendingLabel={t('common.saving')}
        />
        <FormMessage error={activeState.formError} />
      </form>
      <form action={resetAction}>
        <input type="hidden" name="userId" value={userId} />
        <SubmitButton
          className="button button--small"
          label={t('admin.users.resetPassword')}
          accessibleLabel={t('admin.users.resetPasswordNamed', { name: userName })}
          pendingLabel={t('common.saving')}
        />
        <FormMessage error={resetState.formError} />
        {resetState.status === 'success' && resetState.result ? (
          <OneTimePassword password={resetState.result.oneTimePassword} confirmation={resetState.result.confirmation} />
        ) : null}
      </form>
      {roles.length > 1 ? (
        <form action={roleAction} className="inline-form">
          <input type="hidden" name="userId" value={userId} />
          <label htmlFor={roleSelectId} className="visually-hidden">
            {t('admin.users.roleOf', { name: userName })}
          </label>
          <select id={roleSelectId} name="role" defaultValue={role}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {t(`roles.${r}`)}
              </option>
            ))}
          </select>
          <SubmitButton
            className="button button--small"
            label={t('admin.users.changeRole')}
            accessibleLabel={t('admin.users.changeRoleNamed', { name: userName })}
            pendingLabel={t('common.saving')}
          />
          <FormMessage error={roleState.formError} fieldErrorCount={Object.keys(roleState.fieldErrors).length} />
        </form>
      ) : null}
    </div>
  );
}
