import { NOTE_SUFFIX, type Answers, type AnswerValue } from './answers';
import { getCatalogue, itemsOf, type Catalogue, type Element } from './catalogue';
import { derive } from './derived';

/**
 * Decision support, never a verdict (docs/domain/checklist.md): which indicators are present,
 * grouped by the elements of the legal definition of trafficking (art. 433quinquies) — act,
 * means, purpose. For a minor the means are not required. The magistrate, not Relais,
 * qualifies the facts: the UI says so next to this summary.
 */
export interface ElementSummary {
  element: Element;
  /** Item codes whose answer is an indicator of this element. */
  present: string[];
  /** The answers behind it, in the same order: what was answered (only the indicating options of a multi-choice), and its note. */
  quotes: IndicatorQuote[];
  /** Item codes of this element not answered yet (shown items only). */
  unanswered: string[];
  /** Not needed for the qualification (means, for a minor). */
  notRequired: boolean;
}

/** One answer that is an indicator, as decision support quotes it. */
export interface IndicatorQuote {
  code: string;
  answer: AnswerValue;
  note: string | null;
}

export function indicatorPresent(code: string, presentWhen: readonly string[] | undefined, value: unknown): boolean {
  if (code === 'ctx.forms') return Array.isArray(value) && value.length > 0;
  if (presentWhen) return typeof value === 'string' && presentWhen.includes(value);
  return value === 'yes';
}

export function summarise(answers: Answers, catalogue: Catalogue = getCatalogue()): ElementSummary[] {
  const minor = derive(answers).minor;
  const elements: Element[] = ['act', 'means', 'purpose'];
  return elements.map((element) => {
    const items = itemsOf(catalogue).filter((i) => i.element === element);
    const present: string[] = [];
    const quotes: IndicatorQuote[] = [];
    const unanswered: string[] = [];
    for (const item of items) {
      if (item.showWhen && item.showWhen.code === 'ctx.forms') {
        const forms = answers['ctx.forms'];
        if (!Array.isArray(forms) || !forms.includes(item.showWhen.includes ?? '')) continue;
      }
      const value = answers[item.code];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) unanswered.push(item.code);
      else if (indicatorPresent(item.code, item.presentWhen, value)) {
        present.push(item.code);
        const note = answers[`${item.code}${NOTE_SUFFIX}`];
        quotes.push({ code: item.code, answer: value, note: typeof note === 'string' && note.trim() ? note : null });
      }
    }
    return { element, present, quotes, unanswered, notRequired: element === 'means' && minor };
  });
}

/** Per-section progress for the form: answered / asked items (fixed items excluded). */
export function sectionProgress(
  answers: Answers,
  isShownFn: (code: string) => boolean,
  catalogue: Catalogue = getCatalogue(),
) {
  return catalogue.sections.map((section) => {
    const asked = section.items.filter((i) => !i.fixed && isShownFn(i.code));
    const answered = asked.filter((i) => {
      const v = answers[i.code];
      return v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
    });
    const required = asked.filter((i) => i.required);
    const requiredMissing = required.filter((i) => !answered.includes(i));
    return {
      section: section.code,
      asked: asked.length,
      answered: answered.length,
      requiredMissing: requiredMissing.map((i) => i.code),
    };
  });
}
