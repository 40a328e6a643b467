import { useState } from 'react';

/** A number typed as text, kept as typed until it parses, so "12," or "-" never erase what the user is typing. */
export function NumberInput({
  common,
  value,
  integer,
  min,
  max,
  locale,
  onChange,
}: {
  common: Record<string, unknown>;
  value: number | undefined;
  /** The interface language: a stored 10.5 reads "10,5" in French, Dutch and German. */
  locale: string;
  integer: boolean;
  min: number;
  max: number;
  onChange: (v: number | null) => void;
}) {
  const [text, setText] = useState(value === undefined ? '' : asTyped(value, locale));
  return (
    <input
      {...common}
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        const normalised = e.target.value.trim().replace(',', '.');
        if (normalised === '') onChange(null);
        else if (/^-?\d+(\.\d+)?$/.test(normalised)) onChange(Number(normalised));
      }}
      title={`${asTyped(min, locale)} – ${asTyped(max, locale)}`}
    />
  );
}

/** A number as a person of that language types it: its decimal separator, no grouping. */
function asTyped(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 6 }).format(value);
}
