// Server-rendered in UTC, and said so: the server does not know the reader's time zone.
const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function DateTime({ value, withTime = true }: { value: Date; withTime?: boolean }) {
  return <time dateTime={value.toISOString()}>{withTime ? `${dateTime.format(value)} UTC` : dateOnly.format(value)}</time>;
}
