/**
 * One filter of a list or of the statistics (a GET form): a labelled choice among options, with
 * an "all" option first when the filter may be left empty.
 */
export function FilterSelect({
  id,
  name,
  label,
  value,
  options,
  allLabel,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  /** The empty choice ("all"), if the filter may be left empty. */
  allLabel?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} defaultValue={value}>
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The last twelve years, newest first, as filter options. */
export function recentYears(thisYear: number): { value: string; label: string }[] {
  return Array.from({ length: 12 }, (_, i) => String(thisYear - i)).map((y) => ({ value: y, label: y }));
}
