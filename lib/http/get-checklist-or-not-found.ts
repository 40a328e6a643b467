import 'server-only';
import { UUID } from '@/lib/validation/common';
import { notFound } from 'next/navigation';
import type { Actor } from '../server/auth/actor';
import { NotFoundError } from '../server/errors';
import { getChecklist, type ChecklistDetail } from '../server/checklists/get-checklist';

/** For pages: the check-list, or the 404 page (out of reach and non-existent alike). */
export function getChecklistOrNotFound(actor: Actor, id: string): ChecklistDetail {
  if (!UUID.test(id)) notFound();
  try {
    return getChecklist({ actor, id });
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
