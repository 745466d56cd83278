import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { createSession, findActiveSession, revokeSession, revokeUserSessions } from '@/lib/auth/sessions';
import { newContext, signUpCustomer } from './support/fixtures';

describe('server-side sessions', () => {
  it('stops working as soon as they are revoked', async () => {
    const { user } = await signUpCustomer();
    const { token, session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    expect((await findActiveSession(token))?.id).toBe(session.id);
    await revokeSession(db, session.id, 'test');
    expect(await findActiveSession(token)).toBeNull();
  });

  it('expire after the idle timeout and after the absolute lifetime', async () => {
    const { user } = await signUpCustomer();
    const idle = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    await db.session.update({ where: { id: idle.session.id }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await findActiveSession(idle.token)).toBeNull();

    const old = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    await db.session.update({ where: { id: old.session.id }, data: { absoluteExpiresAt: new Date(Date.now() - 1000) } });
    expect(await findActiveSession(old.token)).toBeNull();
  });

  it('end for every device when all sessions are revoked, except the one kept', async () => {
    const { user } = await signUpCustomer();
    const a = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    const b = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    await revokeUserSessions(db, user.id, 'test', b.session.id);
    expect(await findActiveSession(a.token)).toBeNull();
    expect(await findActiveSession(b.token)).not.toBeNull();
  });

  it('do not work for a suspended user', async () => {
    const { user } = await signUpCustomer();
    const { token } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    await db.user.update({ where: { id: user.id }, data: { status: 'suspended' } });
    expect(await findActiveSession(token)).toBeNull();
  });
});
