import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, type StaffActor } from '@/lib/audit/actor';
import type { ProfileFieldType } from '@/lib/validation/profile';
import { optionsOf, type AskWhen, type ProfileFieldFormInput } from '@/lib/validation/profile-fields';

export type FieldAdminFailure = { ok: false; code: string; field?: 'key'; error: string };

/** Every profile field, active or not, in the order customers see them. */
export async function listProfileFields() {
  const fields = await db.profileField.findMany({ orderBy: [{ sortOrder: 'asc' }, { key: 'asc' }] });
  return fields.map((f) => ({ ...f, type: f.type as ProfileFieldType, askWhen: f.askWhen as AskWhen, options: f.options ? f.options.split(',') : [] }));
}

export type AdminProfileField = Awaited<ReturnType<typeof listProfileFields>>[number];

export async function findProfileField(key: string) {
  const field = await db.profileField.findUnique({ where: { key } });
  return field ? { ...field, type: field.type as ProfileFieldType, askWhen: field.askWhen as AskWhen } : null;
}

/** The next free position, for the "add a field" form's default. */
export async function nextProfileFieldPosition() {
  const last = await db.profileField.aggregate({ _max: { sortOrder: true } });
  return (last._max.sortOrder ?? -1) + 1;
}

/** The stored row for validated form values: only the detail the chosen rule uses is kept. */
function columnsOf(input: ProfileFieldFormInput) {
  return {
    label: input.label,
    type: input.type,
    required: input.required,
    askWhen: input.askWhen,
    askAfterSignIns: input.askWhen === 'after_sign_ins' ? Number(input.askAfterSignIns) : null,
    area: input.askWhen === 'before_area' ? input.area : null,
    options: input.type === 'choice' ? optionsOf(input.options).join(',') : null,
    sortOrder: Number(input.sortOrder),
    active: input.active,
  };
}

/** The audit metadata: the rule as stored, so the log shows what customers were asked. */
function described(key: string, row: ReturnType<typeof columnsOf>) {
  return {
    field: key,
    required: row.required,
    askWhen: row.askWhen,
    askAfterSignIns: row.askAfterSignIns,
    area: row.area,
    active: row.active,
  };
}

export async function createProfileField(input: ProfileFieldFormInput & { key: string }, actor: StaffActor): Promise<{ ok: true; key: string } | FieldAdminFailure> {
  const row = columnsOf(input);
  return db.$transaction(async (tx) => {
    if (await tx.profileField.findUnique({ where: { key: input.key }, select: { key: true } })) {
      return { ok: false as const, code: 'key_taken', field: 'key' as const, error: 'A field with this key exists already. Choose another key.' };
    }
    await tx.profileField.create({ data: { key: input.key, ...row } });
    await recordAudit(tx, {
      action: 'profile.field_created',
      ...auditedAs(actor),
      target: { type: 'profile_field', id: input.key },
      metadata: described(input.key, row),
    });
    return { ok: true as const, key: input.key };
  });
}

/**
 * Changes a field's label, type or when it is asked; the key stays, because stored
 * answers (UserAttribute.key) and skips point at it. Answers already given are kept.
 */
export async function updateProfileField(key: string, input: ProfileFieldFormInput, actor: StaffActor): Promise<{ ok: true } | FieldAdminFailure> {
  const row = columnsOf(input);
  return db.$transaction(async (tx) => {
    if (!(await tx.profileField.findUnique({ where: { key }, select: { key: true } }))) {
      return { ok: false as const, code: 'not_found', error: 'This field no longer exists.' };
    }
    await tx.profileField.update({ where: { key }, data: row });
    await recordAudit(tx, {
      action: 'profile.field_updated',
      ...auditedAs(actor),
      target: { type: 'profile_field', id: key },
      metadata: described(key, row),
    });
    return { ok: true as const };
  });
}
