import type { ReactNode } from 'react';
import { BrandHeader } from '@/components/brand/brand-header';
import { config } from '@/lib/config';

export default function AuthLayout({ children }: { children: ReactNode }) {
  const { brand } = config();
  return (
    <div className="flex min-h-screen flex-col items-center px-4 py-10 sm:py-16">
      <header className="mb-8">
        <BrandHeader name={brand.name} logoUrl={brand.logoUrl} />
      </header>
      <main className="w-full max-w-md">{children}</main>
    </div>
  );
}
