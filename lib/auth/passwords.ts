import 'server-only';
import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordSchema } from '@/lib/validation/auth';
import { config } from '@/lib/config';

// OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1.
// @node-rs/argon2 hashes on libuv's thread pool, so a sign-in never blocks the event loop.
// algorithm 2 is Argon2id (the package exports it as a const enum, which isolatedModules cannot read).
const ARGON2_OPTIONS = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * At most one argon2 computation per core at a time; the rest wait their turn here.
 * libuv's thread pool (4 threads by default) also serves crypto, DNS look-ups and file
 * access, so a flood of sign-ins must not fill it with hashes: the waiting happens in
 * this queue, on the event loop, where it costs nothing. Each hash is ~19 MiB too, so
 * the cap also bounds memory under a burst.
 */
class Argon2Slots {
  private running = 0;
  private peak = 0;
  private started = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    // A released slot is handed straight to the next waiter, so `running` never exceeds the limit.
    else this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    this.started += 1;
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  load() {
    return { limit: this.limit, running: this.running, waiting: this.queue.length, peak: this.peak, started: this.started };
  }
}

const slots = new Argon2Slots(availableParallelism());

/** How busy the argon2 queue is (running, waiting, the most ever run at once, how many ever started): for tests and diagnostics. */
export function argon2Load() {
  return slots.load();
}

export function hashPassword(password: string): Promise<string> {
  return slots.run(() => hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await slots.run(() => verify(passwordHash, password));
  } catch {
    // A malformed stored hash is a failed match, never a crash of the sign-in.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same argon2 work as a real check, for emails that have no password,
 * so response time does not reveal whether an account exists.
 */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword('gatehouse-timing-equaliser');
  await verifyPassword(await dummyHash, password);
  return false;
}

// zxcvbn-ts's list of the most common passwords (~49k, from leaked corpora).
const commonPasswords = new Set(dictionary['passwords-common'] as string[]);

export const COMMON_PASSWORD_MESSAGE =
  'This password is one of the most common and appears in data breaches, so attackers try it first. Choose something less predictable — a few unrelated words work well.';

/** Length rules (shared with the browser) plus the common-password check that only the server can afford. */
export function passwordProblem(password: string): string | null {
  const length = passwordSchema(config().password.minLength).safeParse(password);
  if (!length.success) return length.error.issues[0]!.message;
  if (commonPasswords.has(password.toLowerCase())) return COMMON_PASSWORD_MESSAGE;
  return null;
}
