'use client';

import { useEffect, type RefObject } from 'react';

/**
 * Input typed before the page's scripts have loaded is kept (decision 0010, "nothing typed is
 * lost"). On a slow line a form is on screen a second or more before React hydrates it, and
 * hydration resets every controlled field to the value React rendered: what the person typed in
 * that second would vanish. A tiny inline script (lib/early-input-script.ts, sent with the page's CSP
 * nonce by app/layout.tsx and run as soon as the HTML is parsed) records every input and change
 * inside an element marked `data-early-input`, and marks that element `data-early-typed` so the
 * status line stops saying "saved" (app/globals.css). Once hydrated, `useEarlyInputReplay`
 * replays what was recorded through the form's own handlers — as if typed again — so it is
 * validated, shown and saved like any other change.
 */
interface EarlyEntry {
  id: string;
  value: string;
  checked: boolean;
}

declare global {
  interface Window {
    __relaisEarly?: { hydrated: boolean; entries: EarlyEntry[] };
  }
}

/** The last recorded state of each control, in the order of their last change (a radio group ends on the last one chosen). */
export function lastEntries(entries: readonly EarlyEntry[]): EarlyEntry[] {
  const last = new Map<string, { at: number; entry: EarlyEntry }>();
  entries.forEach((entry, at) => last.set(entry.id, { at, entry }));
  return [...last.values()].sort((a, b) => a.at - b.at).map((x) => x.entry);
}

/** Sets a control's value as the browser would when a person types, so that React's handlers see a change. */
function replay(el: HTMLElement, entry: EarlyEntry) {
  // React may hydrate without touching the DOM, keeping what was typed on screen while its state
  // is still the rendered one, and records that on-screen value as already seen. So the control is
  // first set to the other value through the element's own setter (which React watches and
  // records), then the recorded value is given the way a person gives it: React sees a change.
  if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
    if (el.type === 'radio' && !entry.checked) return; // a radio is un-chosen only by choosing another
    el.checked = !entry.checked;
    el.click();
    return;
  }
  (el as HTMLInputElement).value = entry.value === '' ? ' ' : '';
  const prototype =
    el instanceof HTMLTextAreaElement
      ? HTMLTextAreaElement.prototype
      : el instanceof HTMLSelectElement
        ? HTMLSelectElement.prototype
        : HTMLInputElement.prototype;
  // The prototype's setter, not the element's: React watches the element's own `value` to tell its changes from the person's.
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(el, entry.value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Replays, once the form is hydrated, what was typed in `root` before; stops the early recording. */
export function useEarlyInputReplay(root: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const early = window.__relaisEarly;
    const container = root.current;
    if (!early || !container) return;
    early.hydrated = true;
    const entries = lastEntries(early.entries);
    early.entries = [];
    for (const entry of entries) {
      const el = document.getElementById(entry.id);
      if (el && container.contains(el)) replay(el, entry);
    }
    container.removeAttribute('data-early-typed');
  }, [root]);
}
