import { redirect } from 'next/navigation';
import { HOME_BY_ROLE } from '@/lib/roles';
import { currentActor } from '@/lib/http/current-actor';

/** Each role lands on its own screen. */
export default async function Home() {
  const actor = await currentActor();
  redirect(actor ? HOME_BY_ROLE[actor.role] : '/signin');
}
