'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import type { Answers } from '@/lib/checklist/answers';
import { getCatalogue, itemByCode } from '@/lib/checklist/catalogue';
import { ChecklistForm } from '@/components/checklist/ChecklistForm';
import type { Labels } from '@/components/checklist/format';
import { browserStorage } from '@/components/checklist/use-draft-autosave';
import {
  dismiss,
  enqueue,
  OFFLINE_PREFIX,
  outboxItems,
  reopen,
  sendWaiting,
  unfinishedItems,
  type OutboxItem,
  type UnfinishedItem,
} from './outbox';

/**
 * A check-list filled and completed without a line (decision 0033). The form is the usual one;
 * its answers wait in the browser's encrypted store under an id made here, and completing puts
 * it in the list of check-lists waiting to be sent, which goes out at once, at the `online`
 * event or at the next load of this page. The list says where each one stands; a reference is
 * shown only once the server has given it.
 */
export function OfflineChecklist({
  service,
  catalogueVersion,
  labels,
  locale,
}: {
  service: string;
  catalogueVersion: string;
  labels: Labels;
  locale: string;
}) {
  const t = useTranslations();
  const [clientId, setClientId] = useState<string | null>(null);
  const [outbox, setOutbox] = useState<OutboxItem[]>([]);
  const [unfinished, setUnfinished] = useState<UnfinishedItem[]>([]);
  const [loaded, setLoaded] = useState(false);

  const refresh = useCallback(() => {
    const storage = browserStorage();
    setOutbox(outboxItems(storage));
    setUnfinished(unfinishedItems(storage));
  }, []);
  const send = useCallback(() => {
    const storage = browserStorage();
    void storage.ready.then(() => sendWaiting(storage)).then(refresh);
  }, [refresh]);

  useEffect(() => {
    let live = true;
    void browserStorage().ready.then(() => {
      if (!live) return;
      // Made in the browser: the page itself may come from the worker's cache, the same for every new form.
      setClientId(crypto.randomUUID());
      setLoaded(true);
      refresh();
      send();
    });
    window.addEventListener('online', send);
    return () => {
      live = false;
      window.removeEventListener('online', send);
    };
  }, [refresh, send]);

  function completed(answers: Answers) {
    if (!clientId) return;
    // What the server sets itself (the author's service) is shown, not sent.
    const items = itemByCode(getCatalogue(catalogueVersion));
    const sent = Object.fromEntries(Object.entries(answers).filter(([code]) => !items.get(code)?.fixed));
    enqueue(browserStorage(), clientId, sent);
    setClientId(null);
    refresh();
    send();
    window.scrollTo(0, 0);
  }

  const label = (key: string) => labels[key] ?? key;
  const when = (at: string) =>
    at ? new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(at)) : '';
  const others = unfinished.filter((u) => u.clientId !== clientId);

  return (
    <>
      {outbox.length + others.length > 0 ? (
        <section aria-labelledby="outbox-title" className="outbox">
          <h2 id="outbox-title">{t('offline.outbox.title')}</h2>
          <ul data-testid="outbox" aria-live="polite">
            {outbox.map((item) => (
              <li key={item.clientId} data-testid="outbox-item" data-state={item.state}>
                <strong>{t(`offline.state.${item.state}`, { label: item.label ?? '' })}</strong>{' '}
                <span className="muted">{t('offline.outbox.completedAt', { at: when(item.at) })}</span>
                {item.state === 'waiting' ? <p className="muted">{t('offline.outbox.waitingHelp')}</p> : null}
                {item.errors ? (
                  <ul className="field__errors">
                    {Object.entries(item.errors).flatMap(([code, keys]) =>
                      keys.map((k) => <li key={code + k}>{code === '_form' ? t(k) : `${label(code)} — ${t(k)}`}</li>),
                    )}
                  </ul>
                ) : null}
                {item.state === 'sent' && item.id ? (
                  <>
                    {' '}
                    <a href={`/checklists/${item.id}`}>{t('offline.outbox.open')}</a>{' '}
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => {
                        dismiss(browserStorage(), item.clientId);
                        refresh();
                      }}
                    >
                      {t('offline.outbox.dismiss')}
                    </button>
                  </>
                ) : null}
                {item.state === 'refused' || item.state === 'conflict' ? (
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => {
                      const reopened = reopen(browserStorage(), item.clientId);
                      if (reopened) setClientId(reopened);
                      refresh();
                    }}
                  >
                    {t('offline.outbox.reopen')}
                  </button>
                ) : null}
              </li>
            ))}
            {others.map((item) => (
              <li key={item.clientId} data-testid="outbox-item" data-state="unfinished">
                <strong>{t('offline.state.unfinished')}</strong>{' '}
                <span className="muted">{t('offline.outbox.startedAt', { at: when(item.at) })}</span>{' '}
                <button type="button" className="button button--quiet" onClick={() => setClientId(item.clientId)}>
                  {t('offline.outbox.resume')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {clientId ? (
        <ChecklistForm
          key={clientId}
          id={OFFLINE_PREFIX + clientId}
          initialAnswers={{ 'ctx.service': service }}
          status="draft"
          catalogueVersion={catalogueVersion}
          labels={labels}
          locale={locale}
          submit={completed}
        />
      ) : loaded ? (
        <button type="button" className="button" onClick={() => setClientId(crypto.randomUUID())}>
          {t('offline.another')}
        </button>
      ) : (
        <p className="muted">{t('offline.loading')}</p>
      )}
    </>
  );
}
