import { describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { mustAcceptDocuments } from '@/lib/consent/re-consent';
import { checkSessionToken } from '@/lib/auth/session-endpoint';
import { dueProfileFields } from '@/lib/profile/progressive';
import { metrics } from '@/lib/operations/metrics';
import { GOOD_PASSWORD, newContext, signedInFrom, signUpCustomer } from './support/fixtures';

/**
 * The statements the hot paths send, counted where the app's database client meets its driver
 * (lib/db/observed-adapter.ts, the counter GET /metrics serves). A count, not a timing: a change
 * that adds a round trip to every sign-in shows here, on both databases, whatever the machine.
 */
async function statementsDuring(work: () => Promise<unknown>) {
  const counter = metrics().dbStatements;
  const read = async () => {
    const values = (await counter.get()).values;
    const of = (scope: string) => values.find((v) => v.labels.scope === scope)?.value ?? 0;
    return { transaction: of('transaction'), single: of('single') };
  };
  const before = await read();
  await work();
  const after = await read();
  return { inTransaction: after.transaction - before.transaction, single: after.single - before.single };
}

describe('statements per request', () => {
  it('keeps a password sign-in to one look-up and one transaction of at most 6 statements, BEGIN and COMMIT included', async () => {
    const { email } = await signUpCustomer();
    let result: Awaited<ReturnType<typeof signInWithPassword>> | undefined;
    const counted = await statementsDuring(async () => {
      result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    });
    if (!result?.ok) throw new Error(`the sign-in failed: ${JSON.stringify(result)}`);
    signedInFrom(result.outcome);
    expect(counted.inTransaction).toBeLessThanOrEqual(6);
    // The account, its password hash and whether two-step is on, read together.
    expect(counted.single).toBe(1);
  });

  it('asks what is due after a sign-in (profile questions, new terms) in one statement each', async () => {
    const { user } = await signUpCustomer();
    for (const check of [() => dueProfileFields(user.id, { kind: 'sign_in' }), () => dueProfileFields(user.id, { kind: 'area', path: '/account/orders' }), () => mustAcceptDocuments(user.id)]) {
      expect(await statementsDuring(check)).toEqual({ inTransaction: 0, single: 1 });
    }
  });

  it('checks a live session, the work of every signed-in request, in one statement', async () => {
    const { email } = await signUpCustomer();
    const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!result.ok) throw new Error(`the sign-in failed: ${JSON.stringify(result)}`);
    const { token } = signedInFrom(result.outcome);
    let checked: Awaited<ReturnType<typeof checkSessionToken>> = null;
    // Just made, so its idle expiry is not due to slide: the look-up alone.
    expect(await statementsDuring(async () => (checked = await checkSessionToken(token)))).toEqual({ inTransaction: 0, single: 1 });
    expect(checked).toMatchObject({ session: { user: { email } } });
  });
});
