import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { LIST_STEP } from '@/lib/list-window';

/**
 * Under a list: how many rows are shown and, when there are more, a link that shows the next
 * ones (a plain link with the filters kept: works without JavaScript; the page keeps its place).
 */
export async function ShowMore({
  shown,
  next,
  params,
}: {
  shown: number;
  next: number | null;
  params: Record<string, string | undefined>;
}) {
  const t = await getTranslations('common');
  const query = new URLSearchParams(
    Object.entries({ ...params, show: next === null ? undefined : String(next) }).filter(
      (e): e is [string, string] => e[1] !== undefined && e[1] !== '',
    ),
  );
  return (
    <p className="list-window" data-testid="list-window">
      {next === null ? t('listAll', { count: shown }) : t('listFirst', { count: shown })}{' '}
      {next !== null ? (
        <Link href={`?${query.toString()}`} scroll={false}>
          {t('listMore', { count: LIST_STEP })}
        </Link>
      ) : null}
    </p>
  );
}
