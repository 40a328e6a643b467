import type { useTranslations } from 'next-intl';
import type { AnswerValue } from '@/lib/checklist/answers';
import { NOTE_SUFFIX } from '@/lib/checklist/answers';
import type { ItemDefinition } from '@/lib/checklist/catalogue';
import { NATIONALITY_CODES } from '@/lib/checklist/countries';
import { countryName, type Labels } from './format';
import { NumberInput } from './NumberInput';
import { chooseByTyping } from './type-ahead';

/** One check-list item: its label, hint and errors tied to the control, and its note when the item has one. */
export function ItemControl({
  item,
  value,
  note,
  errors,
  labels,
  locale,
  onChange,
  derivedMinor,
  t,
}: {
  item: ItemDefinition;
  value: AnswerValue | undefined;
  note: AnswerValue | undefined;
  errors?: string[];
  labels: Labels;
  locale: string;
  onChange: (code: string, value: AnswerValue | null) => void;
  derivedMinor: boolean;
  t: ReturnType<typeof useTranslations>;
}) {
  const id = `item-${item.code}`;
  const errorId = `${id}-errors`;
  const helpId = `${id}-help`;
  const help = labels[`help.${item.code}`];
  const invalid = (errors?.length ?? 0) > 0;
  const describedBy = [help ? helpId : null, invalid ? errorId : null].filter(Boolean).join(' ') || undefined;
  const label = labels[item.code] ?? item.code;
  const type = item.type;
  /*
   * The minor circumstance left unanswered is shown ticked with the value completion will store
   * (docs/domain/checklist.md#minors). It is not written to the draft: it follows the derived
   * age until the author picks an answer, so the draft keeps only what the author chose.
   */
  const proposed = item.code === 'agg.victim_minor' && value === undefined ? (derivedMinor ? 'yes' : 'no') : undefined;
  const common = {
    id,
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    'aria-required': item.required || undefined,
  };
  const errorList = (
    <ul id={errorId} className="field__errors" aria-live="polite">
      {(errors ?? []).map((k) => (
        <li key={k}>{t(k)}</li>
      ))}
    </ul>
  );
  const extras = (
    <>
      {item.addition ? <p className="addition-flag">{labels.addition}</p> : null}
      {help ? (
        <p id={helpId} className="field__hint">
          {help}
        </p>
      ) : null}
      {item.code === 'agg.victim_minor' ? (
        <p className="field__hint">
          {t('checklist.minor.proposed', { answer: labels[derivedMinor ? 'answer.yes' : 'answer.no'] ?? '' })}
          {proposed !== undefined ? ` ${t('checklist.minor.proposedKept')}` : ''}
        </p>
      ) : null}
    </>
  );
  const noteControl = item.withNote ? (
    <div className="item-note">
      <label htmlFor={`${id}-note`}>
        {labels['answer.note']} <span className="visually-hidden">— {label}</span>
      </label>
      <input
        id={`${id}-note`}
        type="text"
        maxLength={1000}
        value={typeof note === 'string' ? note : ''}
        onChange={(e) => onChange(`${item.code}${NOTE_SUFFIX}`, e.target.value)}
      />
    </div>
  ) : null;
  const required = item.required ? <span className="field__required"> ({t('common.required')})</span> : null;

  if (item.fixed) {
    return (
      <div className="field">
        <span className="field__label">{label}</span>
        <p id={id} tabIndex={-1}>
          {labels[`${item.code}=${String(value)}`] ?? String(value ?? '—')}
        </p>
      </div>
    );
  }

  if (
    type.kind === 'yesno' ||
    type.kind === 'yesnounknown' ||
    (type.kind === 'choice' && type.options.length <= 4) ||
    type.kind === 'multi'
  ) {
    const options =
      type.kind === 'yesno' ? ['yes', 'no'] : type.kind === 'yesnounknown' ? ['yes', 'no', 'unknown'] : type.options;
    const multi = type.kind === 'multi';
    const optionLabel = (o: string) =>
      (type.kind === 'yesno' || type.kind === 'yesnounknown' ? labels[`answer.${o}`] : labels[`${item.code}=${o}`]) ??
      o;
    const selected = multi ? (Array.isArray(value) ? value : []) : (value ?? proposed);
    return (
      <fieldset
        className={`field field--group${invalid ? ' field--invalid' : ''}`}
        id={id}
        data-item={item.code}
        tabIndex={-1}
        aria-invalid={invalid}
        aria-describedby={describedBy}
      >
        <legend>
          {label}
          {required}
        </legend>
        {extras}
        {/* Typing the first letters of an answer goes to it (and chooses it, for a single choice), as in a list. */}
        <div
          className={multi || options.length > 3 ? 'options options--stacked' : 'options'}
          onKeyDown={(e) => {
            const input = chooseByTyping(e, e.currentTarget);
            if (input && !multi) onChange(item.code, input.value);
          }}
        >
          {options.map((o) => {
            const checked = multi ? (selected as string[]).includes(o) : selected === o;
            return (
              <label key={o} className="option">
                <input
                  type={multi ? 'checkbox' : 'radio'}
                  name={item.code}
                  value={o}
                  checked={checked}
                  onChange={(e) => {
                    if (multi) {
                      const current = (selected as string[]) ?? [];
                      onChange(item.code, e.target.checked ? [...current, o] : current.filter((x) => x !== o));
                    } else onChange(item.code, o);
                  }}
                />{' '}
                {optionLabel(o)}
                {proposed === o ? <span className="muted"> ({t('checklist.minor.proposedMark')})</span> : null}
              </label>
            );
          })}
          {!multi && value !== undefined ? (
            <button type="button" className="button button--link" onClick={() => onChange(item.code, null)}>
              {t('checklist.clear')} <span className="visually-hidden">— {label}</span>
            </button>
          ) : null}
        </div>
        {errorList}
        {noteControl}
      </fieldset>
    );
  }

  let control: React.ReactNode;
  if (type.kind === 'choice' || type.kind === 'country') {
    const options =
      type.kind === 'country'
        ? [...NATIONALITY_CODES]
            .map((c) => ({ value: c, label: countryName(c, locale, labels) }))
            .sort((a, b) => a.label.localeCompare(b.label, locale))
        : type.options.map((o) => ({ value: o, label: labels[`${item.code}=${o}`] ?? o }));
    control = (
      <select
        {...common}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(item.code, e.target.value || null)}
      >
        <option value="">{t('checklist.choose')}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (type.kind === 'date') {
    control = (
      <input
        {...common}
        type="date"
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(item.code, e.target.value || null)}
      />
    );
  } else if (type.kind === 'integer' || type.kind === 'decimal') {
    control = (
      <NumberInput
        common={common}
        value={typeof value === 'number' ? value : undefined}
        integer={type.kind === 'integer'}
        min={type.min}
        max={type.max}
        locale={locale}
        onChange={(v) => onChange(item.code, v)}
      />
    );
  } else if (type.kind === 'text' && type.multiline) {
    control = (
      <textarea
        {...common}
        maxLength={type.maxLength}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(item.code, e.target.value)}
      />
    );
  } else {
    control = (
      <input
        {...common}
        type="text"
        maxLength={type.kind === 'text' ? type.maxLength : undefined}
        value={typeof value === 'string' ? value : ''}
        onChange={(e) => onChange(item.code, e.target.value)}
      />
    );
  }
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}`} data-item={item.code}>
      <label htmlFor={id}>
        {label}
        {required}
      </label>
      {extras}
      {control}
      {errorList}
      {noteControl}
    </div>
  );
}
