'use server';

import { z } from 'zod';
import { verifyAuditChain } from '@/lib/audit/chain';
import { adminAction } from '@/lib/rbac/admin-action';

export const verifyAuditChainAction = adminAction('audit:read', z.tuple([]), () => verifyAuditChain(), { page: '/admin/audit' });
