import type { ReactNode } from 'react';
import { BrandHeader } from '@/components/brand/brand-header';
import { requirePermission } from '@/lib/rbac/check';
import { config } from '@/lib/config';

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePermission('dashboard:read');
  const { brand } = config();
  return (
    <div className="min-h-screen">
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="mx-auto flex max-w-6xl items-center justify-between px-4 py-3">
          <BrandHeader name={`${brand.name} Admin`} logoUrl={brand.logoUrl} href="/admin" />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
