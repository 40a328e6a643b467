import type { Answers } from '@/lib/checklist/answers';
import { NOTE_SUFFIX } from '@/lib/checklist/answers';
import { getCatalogue } from '@/lib/checklist/catalogue';
import { isShown } from '@/lib/checklist/validation';
import { formatAnswer, type Labels } from './format';

/** A check-list read-only, with the catalogue version it was filled against (screen and print). */
export function ChecklistView({
  answers,
  catalogueVersion,
  labels,
  locale,
}: {
  answers: Answers;
  catalogueVersion: string;
  labels: Labels;
  locale: string;
}) {
  const catalogue = getCatalogue(catalogueVersion);
  return (
    <div className="checklist-view">
      {catalogue.sections.map((section) => (
        <section key={section.code} aria-labelledby={`view-${section.code}`}>
          <h2 id={`view-${section.code}`}>{labels[`section.${section.code}`]}</h2>
          <dl className="answers">
            {section.items
              .filter((item) => isShown(item, answers))
              .map((item) => (
                <div key={item.code} className="answer">
                  <dt>{labels[item.code] ?? item.code}</dt>
                  <dd>
                    {formatAnswer(item, answers[item.code], labels, locale)}
                    {typeof answers[`${item.code}${NOTE_SUFFIX}`] === 'string' ? (
                      <span className="answer__note">
                        {' '}
                        — {labels['answer.note']} : {String(answers[`${item.code}${NOTE_SUFFIX}`])}
                      </span>
                    ) : null}
                  </dd>
                </div>
              ))}
          </dl>
        </section>
      ))}
    </div>
  );
}
