'use client';

import { useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { parseApiErrorAnswer, readApiErrorAnswer } from '@/lib/api-error-answer';

type Progress = { phase: 'checking' | 'writing'; done: number; total: number };
type ImportErrorRow = { row: number | null; column: string | null; key: string; message: string };
type Outcome =
  | { kind: 'imported'; imported: number }
  | { kind: 'refused'; errorCount: number; errors: ImportErrorRow[] }
  | { kind: 'failed'; message: string };

/** The texts an import names its rows with; the others (progress, errors) are the same for every import. */
const OWN_TEXTS = new Set(['file', 'submit', 'writing', 'imported']);

/**
 * Sends a CSV file to an import endpoint (POST /api/v1/checklists/import by default, or
 * /api/v1/centre-requests/import: both answer alike) and shows its progress (streamed as NDJSON
 * lines), then the number imported or every error by row and column. `texts` is a group of the
 * `import` messages holding this import's own file label, button, saving and imported texts.
 */
export function ImportForm({
  endpoint = '/api/v1/checklists/import',
  texts,
}: {
  endpoint?: string;
  texts?: string;
} = {}) {
  const messages = useTranslations('import');
  const t: typeof messages = ((key: string, values?: Record<string, string | number>) =>
    messages(texts && OWN_TEXTS.has(key) ? `${texts}.${key}` : key, values)) as typeof messages;
  const fileId = useId();
  const errorsTitleId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<Progress | 'sending' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const file = input.current?.files?.[0];
    setOutcome(null);
    if (!file) {
      setFileError(t('chooseFile'));
      input.current?.focus();
      return;
    }
    setFileError(null);
    setBusy(true);
    setProgress('sending');
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'text/csv', Accept: 'application/x-ndjson' },
        body: file,
      });
      if (!response.ok || !response.body) {
        const answer = await readApiErrorAnswer(response);
        setOutcome({
          kind: 'failed',
          message: answer.errors.body?.[0]?.message ?? answer.error?.message ?? t('failed'),
        });
        return;
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffer.slice(0, newline));
          buffer = buffer.slice(newline + 1);
          if (line.phase === 'done') {
            if (line.status === 200) setOutcome({ kind: 'imported', imported: line.imported });
            else if (line.status === 422)
              setOutcome({ kind: 'refused', errorCount: line.errorCount, errors: line.errors });
            else setOutcome({ kind: 'failed', message: parseApiErrorAnswer(line).error?.message ?? t('failed') });
          } else setProgress(line as Progress);
        }
      }
    } catch {
      setOutcome({ kind: 'failed', message: t('failed') });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  return (
    <>
      <form className="panel" onSubmit={submit} noValidate>
        <div className={`field${fileError ? ' field--invalid' : ''}`}>
          <label htmlFor={fileId}>{t('file')}</label>
          <p className="field__hint" id={`${fileId}-hint`}>
            {t('fileHint')}
          </p>
          <input
            ref={input}
            id={fileId}
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${fileId}-hint${fileError ? ` ${fileId}-error` : ''}`}
            aria-invalid={fileError ? true : undefined}
          />
          {fileError ? (
            <ul className="field__errors" id={`${fileId}-error`}>
              <li>{fileError}</li>
            </ul>
          ) : null}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('submit')}
        </button>
      </form>
      <div role="status" aria-live="polite" className="import-status">
        {progress === 'sending' ? (
          <p>
            <progress aria-label={t('sending')} /> {t('sending')}
          </p>
        ) : progress ? (
          <p>
            <progress
              max={progress.total}
              value={progress.phase === 'writing' ? undefined : progress.done}
              aria-label={t('progressLabel')}
            />{' '}
            {progress.phase === 'checking'
              ? t('checking', { done: progress.done, total: progress.total })
              : t('writing', { total: progress.total })}
          </p>
        ) : null}
      </div>
      {outcome?.kind === 'imported' ? (
        <p className="notice notice--success" role="alert">
          {t('imported', { count: outcome.imported })}
        </p>
      ) : null}
      {outcome?.kind === 'failed' ? (
        <p className="notice notice--error" role="alert">
          {outcome.message}
        </p>
      ) : null}
      {outcome?.kind === 'refused' ? (
        <section aria-labelledby={errorsTitleId}>
          <div className="notice notice--error" role="alert">
            <p id={errorsTitleId}>
              <strong>{t('refused', { count: outcome.errorCount })}</strong>
            </p>
            {outcome.errors.length < outcome.errorCount ? (
              <p>{t('shownOnly', { shown: outcome.errors.length })}</p>
            ) : null}
          </div>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('errorsCaption')}>
            <table>
              <caption className="visually-hidden">{t('errorsCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t('row')}
                  </th>
                  <th scope="col">{t('column')}</th>
                  <th scope="col">{t('problem')}</th>
                </tr>
              </thead>
              <tbody>
                {outcome.errors.map((e, i) => (
                  <tr key={i}>
                    <td className="num">{e.row ?? t('wholeFile')}</td>
                    <td>
                      <code>{e.column ?? '—'}</code>
                    </td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
