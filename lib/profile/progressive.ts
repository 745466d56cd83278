import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { rawBoolean, rawNumber, type RawBoolean, type RawNumber } from '@/lib/db/raw-values';
import { recordUserEvent } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import type { RequestContext } from '@/lib/http/request-context';
import { profileFormSchema, type ProfileFieldDefinition, type ProfileFieldType } from '@/lib/validation/profile';
import { ASK_AGAIN_AFTER_SIGN_INS } from './fields';
import { fieldErrorsOf } from '@/lib/validation/field-errors';

export type DueTrigger = { kind: 'sign_in' } | { kind: 'area'; path: string };

type FieldRow = Awaited<ReturnType<typeof db.profileField.findMany>>[number];
/** What deciding whether a field is due reads of its definition. */
type FieldRule = Pick<FieldRow, 'key' | 'label' | 'type' | 'required' | 'options' | 'askWhen' | 'askAfterSignIns' | 'area'>;

export function toDefinition(row: Pick<FieldRow, 'key' | 'label' | 'type' | 'required' | 'options'>): ProfileFieldDefinition {
  return {
    key: row.key,
    label: row.label,
    type: row.type as ProfileFieldType,
    required: row.required,
    options: row.options ? row.options.split(',') : undefined,
  };
}

function appliesTo(field: FieldRule, trigger: DueTrigger, signInCount: number) {
  if (trigger.kind === 'area') {
    return field.askWhen === 'before_area' && !!field.area && (trigger.path === field.area || trigger.path.startsWith(`${field.area}/`));
  }
  if (field.askWhen === 'sign_up') return true;
  return field.askWhen === 'after_sign_ins' && signInCount >= (field.askAfterSignIns ?? 1);
}

/** Every active profile field with the user's current value, for the profile page. */
export async function editableProfile(userId: string) {
  const [fields, attributes] = await Promise.all([
    db.profileField.findMany({ where: { active: true }, orderBy: { sortOrder: 'asc' } }),
    db.userAttribute.findMany({ where: { userId }, select: { key: true, value: true, verifiedAt: true } }),
  ]);
  const byKey = new Map(attributes.map((a) => [a.key, a]));
  return {
    // On the profile page every field may be left empty: "required" is about when it is asked.
    fields: fields.map((f) => ({ ...toDefinition(f), required: false })),
    values: Object.fromEntries(fields.map((f) => [f.key, byKey.get(f.key)?.value ?? ''])),
    verified: Object.fromEntries(attributes.filter((a) => a.verifiedAt).map((a) => [a.key, a.verifiedAt!])),
  };
}

type UnansweredRow = Omit<FieldRule, 'required' | 'askAfterSignIns'> & {
  required: RawBoolean;
  askAfterSignIns: RawNumber | null;
  signInCount: RawNumber;
  skippedAtSignIn: RawNumber | null;
};

/**
 * The profile fields this user should be asked for now, in display order. It runs after every
 * sign-in and on the account areas that need a field, so it is one statement: the active fields
 * the person has not answered, with their sign-in count and when they skipped each, on both
 * databases. The rules of when a field is due stay here, in code.
 */
export async function dueProfileFields(userId: string, trigger: DueTrigger): Promise<ProfileFieldDefinition[]> {
  const rows = await db.$queryRaw<UnansweredRow[]>`
    SELECT f."key", f."label", f."type", f."required", f."askWhen", f."askAfterSignIns", f."area", f."options",
           u."signInCount", s."skippedAtSignIn"
    FROM "User" u
    JOIN "ProfileField" f ON f."active" AND f."askWhen" <> 'never'
    LEFT JOIN "ProfileFieldSkip" s ON s."userId" = u."id" AND s."key" = f."key"
    WHERE u."id" = ${userId}
      AND NOT EXISTS (SELECT 1 FROM "UserAttribute" a WHERE a."userId" = u."id" AND a."key" = f."key")
    ORDER BY f."sortOrder", f."key"`;
  return rows
    .map((row) => ({
      field: { ...row, required: rawBoolean(row.required), askAfterSignIns: rawNumber(row.askAfterSignIns) },
      signInCount: rawNumber(row.signInCount),
      skippedAt: rawNumber(row.skippedAtSignIn) ?? undefined,
    }))
    .filter(({ field, signInCount }) => appliesTo(field, trigger, signInCount))
    // Optional fields that were skipped rest for a few sign-ins instead of nagging every time.
    .filter(({ field, signInCount, skippedAt }) => field.required || skippedAt === undefined || signInCount >= skippedAt + ASK_AGAIN_AFTER_SIGN_INS)
    .map(({ field }) => toDefinition(field));
}

/** Display name from the name attributes, for greetings and Auth.js's `name`. */
function displayName(values: Map<string, string>) {
  return [values.get('given_name'), values.get('family_name')].filter(Boolean).join(' ') || null;
}

export type SaveProfileResult = { ok: true } | { ok: false; fieldErrors: Record<string, string> };

/**
 * Saves answers for the given fields in one transaction: filled values are stored;
 * optional fields left empty are recorded as skipped (the interstitial) or cleared
 * (the profile page, where emptying a field means "forget this").
 */
export async function saveProfileAnswers(
  input: { userId: string; fields: ProfileFieldDefinition[]; values: Record<string, unknown>; context: RequestContext; blank?: 'skip' | 'clear' },
  tx: DbOrTx = db,
): Promise<SaveProfileResult> {
  const parsed = profileFormSchema(input.fields).safeParse(input.values);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    return { ok: false, fieldErrors };
  }
  const answers = parsed.data as Record<string, string | undefined>;
  const run = async (t: DbOrTx) => {
    const user = await t.user.findUniqueOrThrow({ where: { id: input.userId }, include: { attributes: true } });
    const values = new Map(user.attributes.map((a) => [a.key, a.value]));
    const changed: string[] = [];
    for (const field of input.fields) {
      const value = answers[field.key];
      if (value === undefined && input.blank === 'clear') {
        if (values.delete(field.key)) {
          await t.userAttribute.delete({ where: { userId_key: { userId: user.id, key: field.key } } });
          changed.push(field.key);
        }
        continue;
      }
      if (value === undefined) {
        await t.profileFieldSkip.upsert({
          where: { userId_key: { userId: user.id, key: field.key } },
          create: { userId: user.id, key: field.key, skippedAtSignIn: user.signInCount },
          update: { skippedAt: new Date(), skippedAtSignIn: user.signInCount },
        });
        continue;
      }
      if (values.get(field.key) === value) continue;
      values.set(field.key, value);
      changed.push(field.key);
      await t.userAttribute.upsert({
        where: { userId_key: { userId: user.id, key: field.key } },
        create: { userId: user.id, key: field.key, value, searchValue: value.toLowerCase() },
        // A changed value is no longer the one that was verified.
        update: { value, searchValue: value.toLowerCase(), verifiedAt: null, verificationMethod: null },
      });
    }
    if (changed.length > 0) {
      await t.user.update({ where: { id: user.id }, data: { name: displayName(values) } });
      await emitWebhookEvent(t, 'user.updated', { userId: user.id, changes: changed.map((key) => `profile.${key}`) });
      await recordUserEvent(t, 'user.profile_updated', {
        userId: user.id,
        metadata: { fields: changed.join(',') },
        context: input.context,
      });
    }
  };
  if (tx === db) await db.$transaction(run);
  else await run(tx);
  return { ok: true };
}
