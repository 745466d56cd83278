// Child process for the crash-safety test: answers sign-ups, password sign-ins, password
// reset and sign-in link requests through the real domain functions, several at a time, and
// prints each as `<kind> <email> [session id]` only once it has been answered, until it is
// killed. The work a server leaves to after() (sending the emails) waits in a queue that
// drains more slowly than requests come in, as a busy server's does, so the kill lands with
// acknowledged emails not yet sent.
import { randomUUID } from 'node:crypto';
import { signUp } from '@/lib/auth/sign-up';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { requestPasswordReset } from '@/lib/auth/password-reset';
import { requestMagicLink } from '@/lib/auth/email-sign-in';
import { holdDeferredWork } from '@/lib/http/after-response';
import type { RequestContext } from '@/lib/http/request-context';

const PASSWORD = 'quiet orchard lantern 42';
const deferred: (() => Promise<unknown>)[] = [];
const signedUp: string[] = [];

// A fresh address per request, so per-network limits never answer instead of the code under test.
const context = (): RequestContext => ({ ip: `203.0.113.${Math.floor(Math.random() * 250)}-${randomUUID().slice(0, 8)}`, userAgent: 'crash-test' });
const acknowledge = (line: string) => process.stdout.write(`${line}\n`);

async function step(i: number) {
  const known = signedUp[Math.floor(Math.random() * signedUp.length)];
  if (!known || i % 4 === 0) {
    const email = `crash-${randomUUID().slice(0, 12)}@example.test`;
    const result = await signUp({ email, method: 'password', password: PASSWORD, acceptTerms: true }, context());
    if (!result.ok) throw new Error(`sign-up refused: ${JSON.stringify(result)}`);
    signedUp.push(email);
    acknowledge(`sign_up ${email}`);
  } else if (i % 4 === 1) {
    const result = await signInWithPassword({ email: known, password: PASSWORD }, context());
    if (!result.ok || result.outcome.kind !== 'signed_in') throw new Error(`sign-in refused: ${JSON.stringify(result)}`);
    acknowledge(`sign_in ${known} ${result.outcome.signedIn.session.id}`);
  } else if (i % 4 === 2) {
    // Each address is asked for one email of each kind at most, well within its per-address limit.
    signedUp.splice(signedUp.indexOf(known), 1);
    const result = await requestPasswordReset(known, context());
    if (!result.ok) throw new Error(`reset refused: ${JSON.stringify(result)}`);
    acknowledge(`password_reset ${known}`);
    const link = await requestMagicLink(known, '/account', context());
    if (!link.ok) throw new Error(`link refused: ${JSON.stringify(link)}`);
    acknowledge(`magic_link ${known}`);
  } else {
    const result = await signInWithPassword({ email: known, password: PASSWORD }, context());
    if (!result.ok || result.outcome.kind !== 'signed_in') throw new Error(`sign-in refused: ${JSON.stringify(result)}`);
    acknowledge(`sign_in ${known} ${result.outcome.signedIn.session.id}`);
  }
}

async function requests(lane: number) {
  for (let i = lane; ; i += 1) await step(i);
}

async function afterResponses() {
  for (;;) {
    const task = deferred.shift();
    if (task) await task();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

holdDeferredWork((task) => deferred.push(task));
void afterResponses();
for (let lane = 0; lane < 3; lane += 1) {
  requests(lane).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
