'use client';

import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { changeRoleAction, confirmUserAction, resetPasswordAction, setUserActiveAction } from '@/app/actions/users';
import { resetSecondFactorAction } from '@/app/actions/second-factor';
import { initialFormState } from '@/lib/form-state';
import type { Role } from '@/lib/roles';
import { ConfirmDialog } from '../ConfirmDialog';
import { FormMessage } from '../FormMessage';
import { OneTimePassword } from './OneTimePassword';
import { SubmitButton } from '../SubmitButton';

/**
 * Confirm (when this administrator may: decision 0018), disable / re-enable, reset the password,
 * change the role — one small form each. Disabling and resetting the password are asked for
 * confirmation in a dialog that says what will happen.
 */
export function UserRowActions({
  userId,
  userName,
  active,
  role,
  roles,
  confirmable = false,
  ssoOnly = false,
}: {
  userId: string;
  userName: string;
  active: boolean;
  role: Role;
  roles: Role[];
  confirmable?: boolean;
  /** No password to reset (decision 0032). */
  ssoOnly?: boolean;
}) {
  const t = useTranslations();
  const [confirmState, confirmAction] = useActionState(confirmUserAction, initialFormState);
  const [activeState, activeAction] = useActionState(setUserActiveAction, initialFormState);
  const [resetState, resetAction] = useActionState(resetPasswordAction, initialFormState);
  const [roleState, roleAction] = useActionState(changeRoleAction, initialFormState);
  const [secondFactorState, secondFactorAction] = useActionState(resetSecondFactorAction, initialFormState);
  const roleSelectId = `role-${userId}`;
  const activeForm = (
    <form action={activeAction}>
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <SubmitButton
        className="button button--small"
        label={active ? t('admin.users.confirmations.disableConfirm') : t('admin.users.enable')}
        accessibleLabel={
          active
            ? t('admin.users.confirmations.disableConfirmNamed', { name: userName })
            : t('admin.users.enableNamed', { name: userName })
        }
        pendingLabel={t('common.saving')}
      />
      <FormMessage error={activeState.formError} />
    </form>
  );
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
      {active ? (
        // Disabling shuts a person out at once: the dialog says so before it happens.
        <ConfirmDialog
          id={`disable-${userId}`}
          trigger={t('admin.users.disable')}
          triggerAccessibleLabel={t('admin.users.disableNamed', { name: userName })}
          title={t('admin.users.confirmations.disableTitle', { name: userName })}
          cancelLabel={t('admin.users.confirmations.cancel')}
          closed={activeState.status === 'success'}
        >
          <p className="confirm__consequence">
            {t('admin.users.confirmations.disableConsequence', { name: userName })}
          </p>
          {activeForm}
        </ConfirmDialog>
      ) : (
        activeForm
      )}
      {ssoOnly ? null : (
        <ConfirmDialog
          id={`reset-${userId}`}
          trigger={t('admin.users.resetPassword')}
          triggerAccessibleLabel={t('admin.users.resetPasswordNamed', { name: userName })}
          title={t('admin.users.confirmations.resetTitle', { name: userName })}
          cancelLabel={t('admin.users.confirmations.close')}
        >
          {resetState.status === 'success' ? null : (
            <p className="confirm__consequence">
              {t('admin.users.confirmations.resetConsequence', { name: userName })}
            </p>
          )}
          <form action={resetAction}>
            <input type="hidden" name="userId" value={userId} />
            {resetState.status === 'success' ? null : (
              <SubmitButton
                className="button button--small"
                label={t('admin.users.confirmations.resetConfirm')}
                accessibleLabel={t('admin.users.confirmations.resetConfirmNamed', { name: userName })}
                pendingLabel={t('common.saving')}
              />
            )}
            <FormMessage error={resetState.formError} />
            {resetState.status === 'success' && resetState.result ? (
              <OneTimePassword
                password={resetState.result.oneTimePassword}
                confirmation={resetState.result.confirmation}
              />
            ) : null}
          </form>
        </ConfirmDialog>
      )}
      {/* A lost phone: the person sets up a new second factor at the next sign-in (decision 0025). */}
      <form action={secondFactorAction}>
        <input type="hidden" name="userId" value={userId} />
        <SubmitButton
          className="button button--small"
          label={t('admin.users.secondFactorReset.button')}
          accessibleLabel={t('admin.users.secondFactorReset.buttonNamed', { name: userName })}
          pendingLabel={t('common.saving')}
        />
        <FormMessage
          error={secondFactorState.formError}
          success={secondFactorState.status === 'success' ? t('admin.users.secondFactorReset.done') : undefined}
        />
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
