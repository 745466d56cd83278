import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { verifyAuditChain } from '@/lib/audit/chain';
import { createSession } from '@/lib/auth/sessions';
import { saveProfileAnswers } from '@/lib/profile/progressive';
import { exportForStaff, runAccessExport, runErasure } from '@/lib/dsr/fulfilment';
import { requestQueue, requestHandlers } from '@/lib/dsr/queue';
import { requestDetail } from '@/lib/dsr/request-detail';
import { assignRequest, fileRequest, rejectRequest, startRequest } from '@/lib/dsr/staff-requests';
import { fileRequestSchema, queueSearchSchema } from '@/lib/validation/dsr';
import { asStaff, lastEmailTo, newContext, signUpCustomer } from './support/fixtures';

async function staffMember(roleKey: string) {
  const { user } = await signUpCustomer();
  const role = await db.role.findUniqueOrThrow({ where: { key: roleKey } });
  if (roleKey !== 'customer') await db.userRole.create({ data: { userId: user.id, roleId: role.id } });
  const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
  return { user, staff: asStaff(user.id, session.id) };
}

async function filed(staff: Awaited<ReturnType<typeof staffMember>>['staff'], email: string, type: 'access' | 'erasure', extra: { dueOn?: string; notes?: string } = {}) {
  const result = await fileRequest(fileRequestSchema.parse({ email, type, ...extra }), staff);
  if (!result.ok) throw new Error(`filing failed: ${JSON.stringify(result)}`);
  return result.requestId;
}

async function eventsOf(requestId: string) {
  await sealAuditEvents();
  return db.auditEvent.findMany({ where: { targetType: 'data_request', targetId: requestId }, orderBy: { sequence: 'asc' } });
}

describe('filing a request on a customer’s behalf', () => {
  it('files a staff request due in 30 days, audits it and acknowledges it to the customer', async () => {
    const { staff } = await staffMember('compliance');
    const { email, user } = await signUpCustomer();
    const before = Date.now();
    const id = await filed(staff, email.toUpperCase(), 'access', { notes: 'Asked by letter, ref 1234' });

    const request = await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ userId: user.id, subjectEmail: email, type: 'access', status: 'open', source: 'staff', filedById: staff.id, notes: 'Asked by letter, ref 1234', assigneeId: null });
    const days = (request.dueAt.getTime() - before) / (24 * 3600 * 1000);
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);

    const [event, ...others] = await eventsOf(id);
    expect(others).toEqual([]);
    expect(event).toMatchObject({ action: 'dsr.filed', actorType: 'staff', actorId: staff.id, sessionId: staff.sessionId });
    expect(JSON.parse(event!.metadata!)).toMatchObject({ requestType: 'access' });
    const mail = await lastEmailTo(email);
    expect(mail?.subject).toBe('We have received your data request');
    expect(mail?.text).toContain('a copy of the personal data');
  });

  it('takes a chosen due date, to the end of that day', async () => {
    const { staff } = await staffMember('compliance');
    const { email } = await signUpCustomer();
    const id = await filed(staff, email, 'erasure', { dueOn: '2999-01-15' });
    expect((await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).dueAt.toISOString()).toBe('2999-01-15T23:59:59.999Z');
  });

  it('says so next to the field when no account uses the address, and files nothing', async () => {
    const { staff } = await staffMember('compliance');
    const count = await db.dataSubjectRequest.count();
    const result = await fileRequest({ email: 'nobody-at-all@example.test', type: 'access' }, staff);
    expect(result).toEqual({ ok: false, fieldErrors: { email: expect.stringContaining('No customer account uses this email address') } });
    expect(await db.dataSubjectRequest.count()).toBe(count);
    expect(await lastEmailTo('nobody-at-all@example.test')).toBeNull();
  });

  it('refuses a second open request of the same type for one customer', async () => {
    const { staff } = await staffMember('compliance');
    const { email } = await signUpCustomer();
    await filed(staff, email, 'access');
    expect(await fileRequest({ email, type: 'access' }, staff)).toEqual({ ok: false, fieldErrors: { type: expect.stringContaining('already has an open access request') } });
  });

  it('validates the form with field messages shared by browser and server', () => {
    const errors = (input: unknown) => {
      const parsed = fileRequestSchema.safeParse(input);
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path[0], i.message]));
    };
    expect(errors({ email: '', type: 'access' })).toEqual({ email: "Enter the customer's email address." });
    expect(errors({ email: 'not-an-address', type: 'access' })).toEqual({ email: 'Enter a valid email address, like name@example.com.' });
    expect(errors({ email: 'a@example.test', type: 'portability' })).toEqual({ type: 'Choose the kind of request.' });
    expect(errors({ email: 'a@example.test', type: 'access', dueOn: '2001-01-01' })).toEqual({ dueOn: 'Choose today or a later date.' });
    expect(errors({ email: 'a@example.test', type: 'access', dueOn: 'soon' })).toMatchObject({ dueOn: expect.stringContaining('Enter a date') });
    expect(errors({ email: 'a@example.test', type: 'access', notes: 'x'.repeat(2001) })).toEqual({ notes: 'Keep notes under 2,000 characters.' });
  });
});

describe('the queue', () => {
  it('filters overdue, type and assignment, soonest due first, page by page', async () => {
    const { staff, user: officer } = await staffMember('compliance');
    const overdueIds: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { email } = await signUpCustomer();
      const id = await filed(staff, email, i === 2 ? 'erasure' : 'access');
      await db.dataSubjectRequest.update({ where: { id }, data: { dueAt: new Date(Date.now() - (i + 1) * 24 * 3600 * 1000) } });
      overdueIds.push(id);
    }
    const { email: later } = await signUpCustomer();
    const notDue = await filed(staff, later, 'access');
    // A finished request past its date is not overdue.
    await db.dataSubjectRequest.update({ where: { id: overdueIds[0] }, data: { status: 'completed', completedAt: new Date() } });

    const overdue = await requestQueue(queueSearchSchema.parse({ overdue: 'yes' }), staff.id);
    const mine = overdue.requests.filter((r) => overdueIds.includes(r.id));
    expect(mine.map((r) => r.id)).toEqual([overdueIds[2], overdueIds[1]]);
    expect(mine.every((r) => r.overdue)).toBe(true);
    expect(overdue.requests.some((r) => r.id === notDue || r.id === overdueIds[0])).toBe(false);
    const dues = overdue.requests.map((r) => r.dueAt.getTime());
    expect(dues).toEqual([...dues].sort((a, b) => a - b));

    const erasures = await requestQueue(queueSearchSchema.parse({ overdue: 'yes', type: 'erasure' }), staff.id);
    expect(erasures.requests.every((r) => r.type === 'erasure')).toBe(true);
    expect(erasures.requests.map((r) => r.id)).toContain(overdueIds[2]);

    await assignRequest(notDue, staff.id, staff);
    const assignedToMe = await requestQueue(queueSearchSchema.parse({ assignee: 'me' }), staff.id);
    expect(assignedToMe.requests.map((r) => r.id)).toEqual([notDue]);
    expect(assignedToMe.requests[0]).toMatchObject({ assignee: officer.email, overdue: false });
    const unassigned = await requestQueue(queueSearchSchema.parse({ assignee: 'unassigned', status: 'all' }), staff.id);
    expect(unassigned.requests.some((r) => r.id === notDue)).toBe(false);
    expect(unassigned.requests.some((r) => r.id === overdueIds[0])).toBe(true);

    // Keyset pages: walking one row at a time visits every active request once, in order.
    const all = await requestQueue(queueSearchSchema.parse({}), staff.id, new Date(), 1000);
    const walked: string[] = [];
    let after: string | undefined;
    do {
      const page = await requestQueue(queueSearchSchema.parse({ after }), staff.id, new Date(), 2);
      walked.push(...page.requests.map((r) => r.id));
      after = page.next ?? undefined;
    } while (after);
    expect(walked).toEqual(all.requests.map((r) => r.id));
  });
});

describe('assigning and starting', () => {
  it('assigns only to people who hold dsr:process, and audits each step', async () => {
    const { staff } = await staffMember('compliance');
    const { user: colleague } = await staffMember('admin');
    const { user: agent } = await staffMember('support');
    const { email } = await signUpCustomer();
    const id = await filed(staff, email, 'access');

    expect(await assignRequest(id, agent.id, staff)).toEqual({ ok: false, fieldErrors: { assigneeId: expect.stringContaining('dsr:process') } });
    expect((await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).assigneeId).toBeNull();
    const handlers = (await requestHandlers()).map((h) => h.id);
    expect(handlers).toEqual(expect.arrayContaining([staff.id, colleague.id]));
    expect(handlers).not.toContain(agent.id);

    expect(await assignRequest(id, colleague.id, staff)).toMatchObject({ ok: true, message: 'The request is assigned.' });
    expect(await assignRequest(id, staff.id, staff)).toMatchObject({ ok: true, message: 'The request is assigned to you.' });
    expect(await startRequest(id, staff)).toMatchObject({ ok: true });
    expect(await startRequest(id, staff)).toMatchObject({ ok: false, formError: 'This request is already in progress.' });
    expect(await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'in_progress', assigneeId: staff.id });

    const events = await eventsOf(id);
    expect(events.map((e) => e.action)).toEqual(['dsr.filed', 'dsr.assigned', 'dsr.assigned', 'dsr.started']);
    expect(events.map((e) => JSON.parse(e.metadata!).assigneeId ?? null)).toEqual([null, colleague.id, staff.id, null]);
    expect(events.every((e) => e.actorId === staff.id && e.actorType === 'staff')).toBe(true);

    const detail = await requestDetail(id);
    expect(detail?.timeline.map((t) => t.step)).toEqual(['Filed', 'Assigned', 'Assigned', 'Started']);
    expect(detail?.timeline[1]?.detail).toBe(`to ${colleague.email}`);
    expect((await verifyAuditChain()).ok).toBe(true);
  });
});

describe('running an access request', () => {
  it('completes it with a summary of the export as evidence and emails the customer where to download it', async () => {
    const { staff } = await staffMember('compliance');
    const { email, user } = await signUpCustomer();
    await saveProfileAnswers({ userId: user.id, fields: [{ key: 'given_name', label: 'First name', type: 'text', required: true }], values: { given_name: 'Quinlan' }, context: newContext() });
    const id = await filed(staff, email, 'access');

    expect(await runAccessExport(id, staff)).toMatchObject({ ok: true });
    const request = await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ status: 'completed', assigneeId: staff.id });
    expect(request.completedAt).not.toBeNull();
    const evidence = JSON.parse(request.evidence!);
    expect(evidence).toMatchObject({ format: 'gatehouse.export/1', counts: { attributes: 1, consentRecords: expect.any(Number), dataSubjectRequests: 1 } });
    expect(evidence.counts.consentRecords).toBe(await db.consentRecord.count({ where: { userId: user.id } }));
    // Evidence says what was exported, never the data itself.
    expect(request.evidence).not.toContain(email);
    expect(request.evidence).not.toContain('Quinlan');
    expect(request.evidence).not.toContain(user.id);

    const mail = await lastEmailTo(email);
    expect(mail?.subject).toBe('Your data is ready to download');
    expect(mail?.text).toContain('Download my data');
    expect(mail?.text).toContain('/account/privacy');
    expect((await eventsOf(id)).map((e) => e.action)).toEqual(['dsr.filed', 'dsr.completed']);

    expect(await runAccessExport(id, staff)).toEqual({ ok: false, formError: 'This request is already completed.' });

    const download = await exportForStaff(id, staff);
    if (!download.ok) throw new Error(download.error);
    expect(download.document.subject).toEqual({ id: user.id, email });
    expect(download.document.profile.attributes.map((a) => a.value)).toContain('Quinlan');
    expect(await db.auditEvent.findFirst({ where: { targetId: id, action: 'dsr.export_downloaded' } })).toMatchObject({ actorType: 'staff', actorId: staff.id });

    const detail = await requestDetail(id);
    expect(detail?.evidence).toMatchObject({ kind: 'export', counts: { attributes: 1 } });
  });

  it('will not run an export for an erasure request, nor download one before it is done', async () => {
    const { staff } = await staffMember('compliance');
    const { email } = await signUpCustomer();
    const erasure = await filed(staff, email, 'erasure');
    expect(await runAccessExport(erasure, staff)).toMatchObject({ ok: false, formError: expect.stringContaining('Only an access request') });
    const access = await filed(staff, email, 'access');
    expect(await exportForStaff(access, staff)).toMatchObject({ ok: false });
    expect(await db.auditEvent.count({ where: { targetId: access, action: 'dsr.export_downloaded' } })).toBe(0);
  });
});

describe('running an erasure request', () => {
  it('erases the account, keeps as evidence exactly the rows it touched, and emails the address it had', async () => {
    const { staff } = await staffMember('compliance');
    const { email, user } = await signUpCustomer();
    await saveProfileAnswers({ userId: user.id, fields: [{ key: 'given_name', label: 'First name', type: 'text', required: true }], values: { given_name: 'Ottoline' }, context: newContext() });
    await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
    const id = await filed(staff, email, 'erasure');
    await assignRequest(id, staff.id, staff);

    expect(await runErasure(id, 'someone-else@example.test', staff)).toEqual({ ok: false, fieldErrors: { confirmEmail: expect.stringContaining("not the customer's email address") } });
    expect(await db.user.findUnique({ where: { id: user.id } })).not.toBeNull();

    const expected = {
      Session: await db.session.count({ where: { userId: user.id } }),
      UserAttribute: await db.userAttribute.count({ where: { userId: user.id } }),
      ConsentRecord: await db.consentRecord.count({ where: { userId: user.id } }),
      VerificationToken: await db.verificationToken.count({ where: { OR: [{ userId: user.id }, { identifier: email }] } }),
      DevOutboxMessage: await db.devOutboxMessage.count({ where: { to: email } }),
      Job: await db.job.count({ where: { userId: user.id } }),
      AuditEvent: (await db.auditEvent.count({ where: { actorId: user.id } })) + (await db.auditEvent.count({ where: { targetId: user.id } })),
      DataSubjectRequest: await db.dataSubjectRequest.count({ where: { OR: [{ userId: user.id }, { subjectEmail: email }] } }),
      WebAuthnChallenge: await db.webAuthnChallenge.count({ where: { userId: user.id } }),
      Account: await db.account.count({ where: { userId: user.id } }),
      Passkey: await db.passkey.count({ where: { userId: user.id } }),
      MfaFactor: await db.mfaFactor.count({ where: { userId: user.id } }),
      RecoveryCode: await db.recoveryCode.count({ where: { userId: user.id } }),
      OidcPayload: await db.oidcPayload.count({ where: { accountId: user.id } }),
      WebhookEndpoint: await db.webhookEndpoint.count({ where: { createdById: user.id } }),
      User: 1,
    };
    expect(expected.Session).toBe(2);
    expect(expected.UserAttribute).toBe(1);

    const result = await runErasure(id, email, staff);
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.evidence?.rows).toEqual(expected);

    expect(await db.user.findUnique({ where: { id: user.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.userAttribute.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.consentRecord.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.job.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { OR: [{ actorId: user.id }, { targetId: user.id }] } })).toBe(0);

    const request = await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } });
    expect(request).toMatchObject({ status: 'completed', userId: null, subjectEmail: `${result.evidence!.tombstoneId}@erased.invalid` });
    expect(JSON.parse(request.evidence!)).toEqual({ tombstoneId: result.evidence!.tombstoneId, rows: expected });
    expect(await db.user.findUniqueOrThrow({ where: { id: result.evidence!.tombstoneId } })).toMatchObject({ status: 'erased' });

    // The erasure wiped the earlier emails to the address; only the notice of it is there now.
    const outbox = await db.devOutboxMessage.findMany({ where: { to: email } });
    expect(outbox.map((m) => m.subject)).toEqual(['Your data has been erased']);

    expect((await eventsOf(id)).map((e) => e.action)).toEqual(['dsr.filed', 'dsr.assigned', 'dsr.completed']);
    expect(await db.auditEvent.findFirst({ where: { action: 'user.erased', targetId: result.evidence!.tombstoneId } })).toMatchObject({ actorType: 'staff', actorId: staff.id });
    const detail = await requestDetail(id);
    expect(detail?.evidence).toEqual({ kind: 'erasure', rows: expected });
    expect(detail?.timeline.map((t) => t.step)).toEqual(['Filed', 'Assigned', 'Completed']);
    expect((await verifyAuditChain()).ok).toBe(true);
  });

  it('refuses under legal hold, changes nothing and audits the refusal', async () => {
    const { staff } = await staffMember('compliance');
    const { email, user } = await signUpCustomer();
    const id = await filed(staff, email, 'erasure');
    await db.user.update({ where: { id: user.id }, data: { legalHold: true, legalHoldReason: 'Litigation 2026-04' } });
    const outboxBefore = await db.devOutboxMessage.count({ where: { to: email } });

    expect(await runErasure(id, email, staff)).toEqual({ ok: false, formError: expect.stringContaining('under legal hold') });
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ email, status: 'active' });
    expect(await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'open', evidence: null, completedAt: null });
    expect(await db.devOutboxMessage.count({ where: { to: email } })).toBe(outboxBefore);
    expect(await db.auditEvent.findFirst({ where: { targetId: id, action: 'dsr.erasure_refused' } })).toMatchObject({ result: 'failure', reason: 'legal_hold', actorId: staff.id });
  });
});

describe('rejecting a request', () => {
  it('records the reason as evidence, audits it and tells the customer why', async () => {
    const { staff } = await staffMember('compliance');
    const { email } = await signUpCustomer();
    const id = await filed(staff, email, 'access');
    expect(await rejectRequest(id, 'We could not verify the request came from you', staff)).toMatchObject({ ok: true });
    expect(await db.dataSubjectRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'rejected', evidence: JSON.stringify({ reason: 'We could not verify the request came from you' }) });
    expect(await db.auditEvent.findFirst({ where: { targetId: id, action: 'dsr.rejected' } })).toMatchObject({ reason: null, personalText: JSON.stringify({ reason: 'We could not verify the request came from you' }), actorId: staff.id });
    const mail = await lastEmailTo(email);
    expect(mail?.subject).toBe('About your data request');
    expect(mail?.text).toContain('We could not verify the request came from you');
    expect(await rejectRequest(id, 'again', staff)).toEqual({ ok: false, formError: 'This request is already rejected.' });
    expect(await assignRequest(id, staff.id, staff)).toEqual({ ok: false, formError: 'This request is already rejected.' });
  });

  it('answers plainly for an unknown request', async () => {
    const { staff } = await staffMember('compliance');
    for (const answer of [await startRequest('no-such-request', staff), await runAccessExport('no-such-request', staff), await rejectRequest('no-such-request', 'why not', staff)]) {
      expect(answer).toEqual({ ok: false, formError: 'That request was not found.' });
    }
  });
});
