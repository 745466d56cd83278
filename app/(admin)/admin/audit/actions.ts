'use server';

import { requirePermission } from '@/lib/rbac/check';
import { verifyAuditChain, type ChainVerification } from '@/lib/audit/chain';

export async function verifyAuditChainAction(): Promise<ChainVerification> {
  await requirePermission('audit:read', '/admin/audit');
  return verifyAuditChain();
}
