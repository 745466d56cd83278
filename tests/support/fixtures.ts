import type { SignInOutcome } from '@/lib/auth/sign-in-pipeline';
import { randomUUID } from 'node:crypto';
import { db } from '@/lib/db/client';
import type { RequestContext } from '@/lib/http/request-context';
import { staffActor, userActor, type ClientActor, type StaffActor, type UserActor } from '@/lib/audit/actor';
import { signUp } from '@/lib/auth/sign-up';

let ipCounter = 1;

/** A request context from a fresh IP, so per-IP limits of one test do not leak into another. */
export function newContext(): RequestContext {
  ipCounter += 1;
  return { ip: `198.51.100.${ipCounter % 250}-${randomUUID().slice(0, 4)}`, userAgent: 'vitest' };
}

export function uniqueEmail(label = 'user') {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

export const GOOD_PASSWORD = 'quiet orchard lantern 42';

/** Signs a customer up through the real sign-up path. */
export async function signUpCustomer(options: { email?: string; password?: string | null } = {}) {
  const email = options.email ?? uniqueEmail();
  const password = options.password === undefined ? GOOD_PASSWORD : options.password;
  const result = await signUp(
    { email, method: password ? 'password' : 'link', password: password ?? undefined, acceptTerms: true },
    newContext(),
  );
  if (!result.ok) throw new Error(`sign-up failed: ${JSON.stringify(result)}`);
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  return { email, password, user };
}

/** The newest email sent to an address, from the development outbox. */
export async function lastEmailTo(email: string) {
  return db.devOutboxMessage.findFirst({ where: { to: email }, orderBy: { createdAt: 'desc' } });
}

export function tokenFrom(text: string): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`no token in: ${text}`);
  return match[1]!;
}

export function codeFrom(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error(`no code in: ${text}`);
  return match[1]!;
}

/** The session from a sign-in outcome; fails the test if the sign-in stopped short. */
export function signedInFrom(outcome: SignInOutcome | null | undefined) {
  if (outcome?.kind !== 'signed_in') throw new Error(`expected a session, got ${outcome?.kind ?? 'nothing'}`);
  return outcome.signedIn;
}

/** A staff member acting in the console, built the way the admin actions build one. */
export function asStaff(id: string, sessionId: string | null = null, context: RequestContext = newContext()): StaffActor {
  return staffActor({ user: { id }, sessionId }, context);
}

/** A person acting on their own account, built the way the account actions build one. */
export function asUser(id: string, sessionId: string | null = null, context: RequestContext = newContext()): UserActor {
  return userActor({ user: { id }, sessionId }, context);
}

/** A machine client calling the management API, as lib/api/handler.ts builds one from its token. */
export function asClient(client: { id?: string; name?: string; scopes?: Iterable<string> } = {}, context: RequestContext = newContext()): ClientActor {
  return {
    type: 'client',
    id: client.id ?? `client-${randomUUID().slice(0, 8)}`,
    name: client.name ?? 'Test client',
    scopes: new Set(client.scopes ?? []),
    context,
  };
}

/** The administrator the test database is seeded with: staff changes need an actor who holds what they grant. */
export async function seededAdministrator(): Promise<StaffActor> {
  const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@test.example' }, select: { id: true } });
  return asStaff(admin.id);
}
