import Link from 'next/link';

const linkClass = 'block rounded-lg border border-zinc-300 px-4 py-2.5 text-center text-sm font-semibold hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

/** The other ways in, keeping where the person was going. */
export function OtherSignInWays({ next, except }: { next?: string; except: 'password' | 'link' | 'code' }) {
  const q = next ? `?next=${encodeURIComponent(next)}` : '';
  return (
    <nav aria-label="Other ways to sign in" className="space-y-3 border-t border-zinc-200 pt-5 dark:border-zinc-800">
      <p className="text-center text-sm text-zinc-500 dark:text-zinc-400">Or sign in another way</p>
      {except !== 'password' ? <Link href={`/sign-in${q}`} className={linkClass}>Sign in with a password</Link> : null}
      {except !== 'link' ? <Link href={`/sign-in/link${q}`} className={linkClass}>Email me a sign-in link</Link> : null}
      {except !== 'code' ? <Link href={`/sign-in/code${q}`} className={linkClass}>Email me a code</Link> : null}
      <p className="pt-2 text-center text-sm">
        New here? <Link href={`/sign-up${q}`} className="font-semibold text-brand-ink underline-offset-4 hover:underline">Create an account</Link>
      </p>
    </nav>
  );
}
