import { useState } from 'react';

/** A number typed as text, kept as typed until it parses, so "12," or "-" never erase what the user is typing. */
export function NumberInput({
  common,
  value,
  integer,
  min,
  max,
  onChange,
}: {
  common: Record<string, unknown>;
  value: number | undefined;
  integer: boolean;
  min: number;
  max: number;
  onChange: (v: number | null) => void;
}) {
  const [text, setText] = useState(value === undefined ? '' : String(value));
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
      title={`${min} – ${max}`}
    />
  );
}
