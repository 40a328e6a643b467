'use client';

import type { useTranslations } from 'next-intl';
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Answers } from '@/lib/checklist/answers';
import { itemsOf, type Catalogue } from '@/lib/checklist/catalogue';
import { validateForCompletion } from '@/lib/checklist/validation';

/** The keyboard shortcut of "next required question": Alt with N (the key's place, so a dead key on a Mac keyboard works too). */
export const NEXT_REQUIRED_SHORTCUT = 'Alt+N';

const isEmpty = (v: unknown) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The questions completion still needs an answer to, in the form's order: the required ones and
 * those required by another answer (a birth date or an estimate, the sector of economic
 * exploitation, the reason of a refusal…), exactly as completion judges them.
 */
export function unansweredRequired(answers: Answers, catalogue: Catalogue): string[] {
  const errors = validateForCompletion(answers, catalogue);
  return itemsOf(catalogue)
    .map((item) => item.code)
    .filter((code) => errors[code] !== undefined && isEmpty(answers[code]));
}

/** The control of a question: the answer chosen in a group (or its first), else the field itself. */
function controlOf(wrapper: HTMLElement, code: string): HTMLElement | null {
  if (wrapper.matches('fieldset'))
    return wrapper.querySelector<HTMLElement>('input:checked') ?? wrapper.querySelector<HTMLElement>('input');
  return document.getElementById(`item-${code}`);
}

/**
 * "Next required question", a button on the check-list's sticky bar and the shortcut Alt+N from
 * anywhere on the page: the focus goes to the next question still needing an answer after the
 * one being answered (from the top again at the end), and, once none is left, to the button that
 * completes the check-list, which is said aloud. It saves the dozens of Tab presses between two
 * required questions; the questions in between stay where they were for whoever wants them.
 */
export function NextRequired({
  answers,
  catalogue,
  completeButtonId,
  helpId,
  t,
}: {
  answers: Answers;
  catalogue: Catalogue;
  completeButtonId: string;
  helpId: string;
  t: ReturnType<typeof useTranslations>;
}) {
  const missing = useMemo(() => unansweredRequired(answers, catalogue), [answers, catalogue]);
  const order = useMemo(() => new Map(itemsOf(catalogue).map((item, i) => [item.code, i])), [catalogue]);
  const latest = useRef({ missing, order });
  useEffect(() => {
    latest.current = { missing, order };
  }, [missing, order]);
  const [said, setSaid] = useState('');

  const goToNext = useCallback(() => {
    const { missing: codes, order: position } = latest.current;
    const wrappers = new Map(
      codes.flatMap((code) => {
        const el = document.querySelector<HTMLElement>(`[data-item="${CSS.escape(code)}"]`);
        return el ? [[code, el] as const] : [];
      }),
    );
    const here = document.activeElement?.closest<HTMLElement>('[data-item]')?.dataset.item;
    const after = here === undefined ? -1 : (position.get(here) ?? -1);
    const candidates = [...wrappers.keys()];
    const target = candidates.find((code) => (position.get(code) ?? 0) > after) ?? candidates[0];
    if (target === undefined) {
      document.getElementById(completeButtonId)?.focus();
      setSaid(t('checklist.keys.allAnswered'));
      return;
    }
    setSaid('');
    const wrapper = wrappers.get(target)!;
    controlOf(wrapper, target)?.focus({ preventScroll: true });
    // The whole question (its label or legend included) just under the sticky bar: scroll-padding-top keeps it clear.
    wrapper.scrollIntoView({ block: 'start' });
  }, [completeButtonId, t]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.code !== 'KeyN' || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      goToNext();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [goToNext]);

  return (
    <>
      <button
        type="button"
        className="button button--small checklist-bar__next"
        aria-keyshortcuts={NEXT_REQUIRED_SHORTCUT}
        aria-describedby={helpId}
        onClick={goToNext}
        data-testid="next-required"
      >
        {missing.length > 0 ? t('checklist.keys.next', { count: missing.length }) : t('checklist.keys.toComplete')}
      </button>
      <span role="status" className="visually-hidden">
        {said}
      </span>
    </>
  );
}

/**
 * Keeps the page's scroll-padding-top as tall as the sticky bar (plus a margin), whatever its
 * height on this screen, so that a field the focus moves to is never hidden under it (WCAG 2.4.11).
 */
export function useStickyBarPadding(bar: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const element = bar.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const apply = () => {
      root.style.scrollPaddingTop = `${Math.ceil(element.getBoundingClientRect().height) + 16}px`;
    };
    apply();
    const observer = new ResizeObserver(apply);
    observer.observe(element);
    return () => {
      observer.disconnect();
      root.style.scrollPaddingTop = '';
    };
  }, [bar]);
}
