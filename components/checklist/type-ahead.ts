import type { KeyboardEvent } from 'react';

/**
 * Type-ahead in a group of radio buttons or check boxes, as a native list offers it: typing the
 * first letters of an answer moves the focus to it. Letters typed in quick succession make one
 * prefix ("ne" for "Non", not "Exploitation…"); the same letter typed again moves on to the next
 * answer that starts with it. Accents and case do not matter.
 */
const lastTyped = new WeakMap<HTMLElement, { text: string; at: number }>();
/** As long as a pause between two letters of one prefix may be (browsers use about one second for their lists). */
const PAUSE_MS = 1000;

const normalise = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase().trim();

/** Moves the focus to the answer typed, if any; returns it (the caller chooses it for a single choice). */
export function chooseByTyping(event: KeyboardEvent<HTMLElement>, group: HTMLElement): HTMLInputElement | null {
  const { key, target } = event;
  // Space ticks, arrows move, shortcuts are someone else's: only a printable character is a letter typed.
  if (key.length !== 1 || key === ' ' || event.ctrlKey || event.altKey || event.metaKey) return null;
  if (!(target instanceof HTMLInputElement) || (target.type !== 'radio' && target.type !== 'checkbox')) return null;
  const inputs = [...group.querySelectorAll<HTMLInputElement>('input[type="radio"], input[type="checkbox"]')];
  const previous = lastTyped.get(group);
  const text = (previous && event.timeStamp - previous.at < PAUSE_MS ? previous.text : '') + normalise(key);
  lastTyped.set(group, { text, at: event.timeStamp });
  const repeated = [...text].every((c) => c === text[0]);
  const prefix = repeated ? text[0]! : text;
  const here = inputs.indexOf(target);
  // A new letter looks from the next answer on; a longer prefix may still be the current answer.
  const from = repeated ? here + 1 : here;
  const order = [...inputs.slice(from), ...inputs.slice(0, from)];
  const found = order.find((input) => normalise(input.closest('label')?.textContent ?? '').startsWith(prefix));
  if (!found) return null;
  event.preventDefault();
  found.focus();
  return found;
}
