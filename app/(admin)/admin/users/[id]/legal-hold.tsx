import { AccountSection } from '@/components/account/section';
import { LegalHoldForm } from '@/components/admin/legal-hold-form';
import { ActionButton } from '@/components/forms/action-button';
import { currentUserCan } from '@/lib/rbac/check';
import { legalHoldOf } from '@/lib/retention/legal-hold';
import { placeLegalHoldAction, releaseLegalHoldAction } from './legal-hold-actions';

/** "Legal hold" beside the name, for every member of staff who opens the account. */
export async function LegalHoldBadge({ userId }: { userId: string }) {
  const hold = await legalHoldOf(userId);
  if (!hold?.legalHold) return null;
  return <span className="inline-block rounded-full bg-amber-100 px-2.5 py-0.5 text-xs font-semibold text-amber-900 dark:bg-amber-950 dark:text-amber-200">Legal hold</span>;
}

/**
 * Place or release a legal hold: compliance staff only (retention:manage), and only on people
 * within their own permissions (`mayAct`; the page explains why not). The actions check again.
 */
export async function LegalHoldSection({ userId, mayAct }: { userId: string; mayAct: boolean }) {
  if (!mayAct || !(await currentUserCan('retention:manage'))) return null;
  const hold = await legalHoldOf(userId);
  if (!hold) return null;
  return (
    <AccountSection
      title="Legal hold"
      id="legal-hold"
      description="While on hold, retention and erasure leave this account and its records alone, even if the customer asks for deletion. The customer is not told."
    >
      {hold.legalHold ? (
        <>
          <p className="text-sm">
            <span className="font-medium">Under legal hold.</span> Reason: {hold.legalHoldReason ?? '—'}
          </p>
          <ActionButton action={releaseLegalHoldAction.bind(null, userId)} label="Release legal hold" pendingLabel="Releasing…" />
        </>
      ) : (
        <LegalHoldForm action={placeLegalHoldAction.bind(null, userId)} />
      )}
    </AccountSection>
  );
}
