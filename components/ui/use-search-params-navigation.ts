'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTransition } from 'react';

/**
 * Changes some search params of the current page and navigates there, so a table's sort and
 * columns live in the URL (shareable, and the server renders what it says). `undefined` removes one.
 * `optimistic` runs inside the same transition: the place to show the change before the server answers.
 */
export function useSearchParamsNavigation() {
  const router = useRouter();
  const pathname = usePathname();
  const current = useSearchParams();
  const [pending, startTransition] = useTransition();
  const navigate = (changes: Record<string, string | undefined>, optimistic?: () => void) => {
    const params = new URLSearchParams(current.toString());
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) params.delete(key);
      else params.set(key, value);
    }
    startTransition(() => {
      optimistic?.();
      router.push(`${pathname}?${params}`, { scroll: false });
    });
  };
  return { navigate, pending };
}
