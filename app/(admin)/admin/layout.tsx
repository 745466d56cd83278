import type { ReactNode } from 'react';
import Link from 'next/link';
import { BrandHeader } from '@/components/brand/brand-header';
import { permissionsOf, requirePermission } from '@/lib/rbac/check';
import type { Permission } from '@/lib/rbac/permissions';
import { config } from '@/lib/config';

/** Console sections and the permission each needs; a link shows only to those who hold it (the pages check again). */
const ADMIN_SECTIONS: [href: string, label: string, permission: Permission][] = [
  ['/admin', 'Dashboard', 'dashboard:read'],
  ['/admin/users', 'Users', 'users:read'],
  ['/admin/roles', 'Roles', 'rbac:manage'],
  ['/admin/audit', 'Audit log', 'audit:read'],
  ['/admin/retention', 'Retention', 'retention:manage'],
  ['/admin/requests', 'Data requests', 'dsr:process'],
  ['/admin/consent', 'Consent', 'consent:manage'],
  ['/admin/profile-fields', 'Profile fields', 'profile:manage'],
  ['/admin/webhooks', 'Webhooks', 'webhooks:manage'],
  ['/admin/connections', 'Connections', 'connections:manage'],
  ['/admin/clients', 'Apps', 'clients:manage'],
];

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await requirePermission('dashboard:read');
  const held = await permissionsOf(session.user.id);
  const { brand } = config();
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <BrandHeader name={`${brand.name} Admin`} logoUrl={brand.logoUrl} href="/admin" />
          <nav aria-label="Admin console" className="flex flex-wrap items-center gap-x-4 gap-y-2 text-sm">
            {ADMIN_SECTIONS.filter(([, , permission]) => held.has(permission)).map(([href, label]) => (
              <Link key={href} href={href} className="hover:underline">
                {label}
              </Link>
            ))}
            <Link href="/account" className="text-zinc-500 hover:underline">
              My account
            </Link>
          </nav>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
