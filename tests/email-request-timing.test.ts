import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { requestEmailCode, requestMagicLink } from '@/lib/auth/email-sign-in';
import { holdDeferredWork } from '@/lib/http/after-response';
import { lastEmailTo, newContext, signUpCustomer, uniqueEmail } from './support/fixtures';

// Timing itself is measured by `npm run bench:auth` (docs/performance.md); this checks the
// cause: before the answer, nothing that depends on the address has happened.
describe('email sign-in requests do the same work for known and unknown addresses', () => {
  const deferred: Array<() => Promise<unknown>> = [];
  afterEach(() => holdDeferredWork(null));

  it('issue the link or code, audit it and email it only after the answer', async () => {
    const { email, user } = await signUpCustomer({ password: null });
    const unknown = uniqueEmail('nobody');
    const eventsBefore = await db.auditEvent.count({ where: { targetId: user.id } });
    const emailsBefore = await db.devOutboxMessage.count({ where: { to: email } });
    const jobsBefore = new Set((await db.job.findMany({ select: { id: true } })).map((j) => j.id));
    holdDeferredWork((task) => deferred.push(task));

    for (const request of [() => requestMagicLink(email, '/account', newContext()), () => requestEmailCode(email, newContext())]) {
      expect(await request()).toEqual({ ok: true });
    }
    expect(await requestMagicLink(unknown, '/account', newContext())).toEqual({ ok: true });
    expect(await requestEmailCode(unknown, newContext())).toEqual({ ok: true });

    // Before the answers went out, nothing depended on the address: no token, no event, no email.
    expect(deferred).toHaveLength(4);
    expect(await db.verificationToken.count({ where: { identifier: email, purpose: { in: ['magic_link', 'email_code'] } } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: user.id } })).toBe(eventsBefore);
    expect(await db.devOutboxMessage.count({ where: { to: email } })).toBe(emailsBefore);
    // What each answer did write is the same for both: one queued request, about nobody, its
    // address sealed, so a crash after the answer still ends in the email (lib/jobs/queue.ts).
    const queued = (await db.job.findMany()).filter((j) => !jobsBefore.has(j.id));
    expect(queued.map((j) => `${j.name} ${j.status} ${j.userId}`).sort()).toEqual([
      'sign_in.email_code_request pending null',
      'sign_in.email_code_request pending null',
      'sign_in.magic_link_request pending null',
      'sign_in.magic_link_request pending null',
    ]);
    expect(queued.every((j) => !j.payload!.includes(email) && !j.payload!.includes(unknown))).toBe(true);

    // Deferred work defers its own email in turn: run until nothing is left.
    while (deferred.length) await deferred.shift()!();
    expect(await db.verificationToken.count({ where: { identifier: email, purpose: { in: ['magic_link', 'email_code'] } } })).toBe(2);
    expect(await db.auditEvent.count({ where: { targetId: user.id, action: { in: ['user.magic_link_sent', 'user.email_code_sent'] } } })).toBe(2);
    expect(await db.devOutboxMessage.count({ where: { to: email } })).toBe(emailsBefore + 2);
    expect(await lastEmailTo(unknown)).toBeNull();
  });
});
