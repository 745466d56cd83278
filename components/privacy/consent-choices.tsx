import type { PurposeState } from '@/lib/consent/state';
import { DateTime } from '@/components/ui/date-time';

type Action = (formData: FormData) => Promise<void>;

const buttonClass =
  'rounded-lg border px-3 py-1.5 text-sm font-semibold transition border-zinc-300 bg-white hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800';

// The visible label is short; the hidden rest names the purpose, so each button's name says what it does.
function ChoiceButton({ purpose, granted, label, joiner = '', action }: { purpose: PurposeState; granted: boolean; label: string; joiner?: string; action: Action }) {
  return (
    <form action={action}>
      <input type="hidden" name="purpose" value={purpose.key} />
      <input type="hidden" name="granted" value={String(granted)} />
      <button type="submit" className={granted ? `${buttonClass} !border-brand !bg-brand text-white hover:opacity-90` : buttonClass}>
        {label}
        <span className="sr-only">{` ${joiner}${purpose.name.toLowerCase()}`}</span>
      </button>
    </form>
  );
}

function Standing({ purpose }: { purpose: PurposeState }) {
  if (!purpose.decidedAt || purpose.decidedVersion === null) return <>You have not chosen yet, so it is off.</>;
  if (!purpose.granted) {
    return (
      <>
        You turned it off on <DateTime value={purpose.decidedAt} /> (version {purpose.decidedVersion}).
      </>
    );
  }
  return (
    <>
      You agreed to version {purpose.decidedVersion} on <DateTime value={purpose.decidedAt} />.
      {purpose.outdated ? ` The text has changed since (now version ${purpose.current.version}): agree to the new text, or turn it off.` : null}
    </>
  );
}

/** One row per optional purpose: what it means, where the person stands, and a button to change it. */
export function ConsentChoices({ purposes, action }: { purposes: PurposeState[]; action: Action }) {
  return (
    <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
      {purposes.map((purpose) => (
        <li key={purpose.key} aria-labelledby={`purpose-${purpose.key}`} className="flex flex-col gap-3 py-4 first:pt-0 last:pb-0 sm:flex-row sm:items-start sm:justify-between">
          <div className="space-y-1">
            <h3 id={`purpose-${purpose.key}`} className="flex items-center gap-2 font-semibold">
              {purpose.name}
              <span
                className={`rounded-full px-2 py-0.5 text-xs font-semibold ${purpose.granted ? 'bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200' : 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300'}`}
              >
                {purpose.granted ? 'On' : 'Off'}
              </span>
            </h3>
            <p className="text-sm text-zinc-700 dark:text-zinc-300">{purpose.current.text}</p>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              <Standing purpose={purpose} />
            </p>
          </div>
          <div className="flex shrink-0 gap-2">
            {purpose.outdated ? <ChoiceButton purpose={purpose} granted label="Agree to the new text" joiner="for " action={action} /> : null}
            {purpose.granted ? (
              <ChoiceButton purpose={purpose} granted={false} label="Turn off" action={action} />
            ) : (
              <ChoiceButton purpose={purpose} granted label="Turn on" action={action} />
            )}
          </div>
        </li>
      ))}
    </ul>
  );
}
