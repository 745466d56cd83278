'use client';

import { createContext, useContext, useState, type ReactNode } from 'react';
import { AccountSection } from './section';
import { RecoveryCodeList } from './recovery-code-list';

const ShowCodes = createContext<(codes: string[]) => void>(() => undefined);

/** For the forms that receive new recovery codes (turning two-step on, generating new ones). */
export const useShowRecoveryCodes = () => useContext(ShowCodes);

/**
 * Holds newly issued recovery codes above the sections it wraps. It outlives the
 * page refresh that follows the change (the status turns "On" and the set-up form
 * goes away), so the codes stay on screen until the person says they saved them.
 */
export function FreshRecoveryCodes({ brandName, accountName, children }: { brandName: string; accountName: string; children: ReactNode }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  return (
    <ShowCodes.Provider value={setCodes}>
      {codes ? (
        <AccountSection id="new-recovery-codes" title="Your new recovery codes">
          <RecoveryCodeList codes={codes} brandName={brandName} accountName={accountName} onDone={() => setCodes(null)} />
        </AccountSection>
      ) : null}
      {children}
    </ShowCodes.Provider>
  );
}
