import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/auth/current-session';

export default async function Home() {
  redirect((await getCurrentSession()) ? '/account' : '/sign-in');
}
