import { Button } from '@/components/ui/button';
import { DateTime } from '@/components/ui/date-time';
import { SCOPE_DESCRIPTIONS, type OidcScope } from '@/lib/validation/oidc';

type App = { clientId: string; name: string; scopes: OidcScope[]; grantedAt: Date };

/** The apps this person let use their account, what each may see, and a way to take that back. */
export function ConnectedApps({ apps, remove }: { apps: App[]; remove: (formData: FormData) => Promise<void> }) {
  if (apps.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">You have not signed in to any app with your account.</p>;
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {apps.map((app) => (
        <li key={app.clientId} className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between">
          <div>
            <p className="font-semibold">{app.name}</p>
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Allowed on <DateTime value={app.grantedAt} withTime={false} />. It may:
            </p>
            <ul className="mt-1 list-disc pl-5 text-sm text-zinc-600 dark:text-zinc-400">
              {app.scopes.map((scope) => (
                <li key={scope}>{SCOPE_DESCRIPTIONS[scope].toLowerCase()}</li>
              ))}
            </ul>
          </div>
          <form action={remove} className="shrink-0">
            <input type="hidden" name="clientId" value={app.clientId} />
            <Button type="submit" variant="secondary" className="sm:w-auto" aria-label={`Remove access for ${app.name}`}>
              Remove access
            </Button>
          </form>
        </li>
      ))}
    </ul>
  );
}
