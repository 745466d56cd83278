import 'server-only';

// How the browser may reach an authenticator (internal, hybrid, usb...), kept comma-separated
// so the column works the same on SQLite and PostgreSQL.

export function storedTransports(transports: string[]): string | null {
  return transports.length > 0 ? transports.join(',') : null;
}

export function transportList(stored: string | null) {
  return stored ? (stored.split(',') as AuthenticatorTransport[]) : undefined;
}
