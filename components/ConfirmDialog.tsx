'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * An action with consequences, asked for confirmation in a native modal <dialog>: a button
 * opens it; the dialog is named by its title, says what will happen, traps the focus and closes
 * with Escape or "Cancel" (the browser's own behaviour). The form inside does the action; the
 * dialog closes when `closed` turns true (the action succeeded and nothing more is to be read).
 */
export function ConfirmDialog({
  id,
  trigger,
  triggerAccessibleLabel,
  title,
  cancelLabel,
  closed = false,
  children,
}: {
  id: string;
  trigger: string;
  triggerAccessibleLabel?: string;
  title: string;
  cancelLabel: string;
  closed?: boolean;
  children: ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (closed) dialog.current?.close();
  }, [closed]);
  return (
    <>
      <button
        type="button"
        className="button button--small"
        aria-haspopup="dialog"
        aria-controls={id}
        aria-label={triggerAccessibleLabel}
        onClick={() => dialog.current?.showModal()}
      >
        {trigger}
      </button>
      <dialog ref={dialog} id={id} className="confirm" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{title}</h2>
        {children}
        <p>
          <button type="button" className="button button--quiet button--small" onClick={() => dialog.current?.close()}>
            {cancelLabel}
          </button>
        </p>
      </dialog>
    </>
  );
}
