/**
 * A status as text (colour only adds to it), with the overdue flag spelled out. Synchronous, with
 * its words given by the caller: a list renders it once per row (decision 0016).
 */
export function StatusBadge({
  status,
  label,
  overdueLabel,
}: {
  status: string;
  label: string;
  overdueLabel?: string | null;
}) {
  return (
    <>
      <span className={`badge badge--status-${status}`}>{label}</span>
      {overdueLabel ? <span className="badge badge--overdue">{overdueLabel}</span> : null}
    </>
  );
}
