import type { Metadata } from 'next';
import type { CSSProperties, ReactNode } from 'react';
import { config } from '@/lib/config';
import './globals.css';

// Every page is rendered per request: each carries its own CSP nonce and reads the session.
export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const { brand } = config();
  return { title: { default: brand.name, template: `%s · ${brand.name}` }, description: `Sign in to ${brand.name}` };
}

export default function RootLayout({ children }: { children: ReactNode }) {
  const { brand } = config();
  return (
    <html lang="en" style={{ '--brand': brand.color } as CSSProperties}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
