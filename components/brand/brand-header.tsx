import Link from 'next/link';

/** Product name and logo, as configured (BRAND_NAME, BRAND_LOGO_URL). */
export function BrandHeader({ name, logoUrl, href = '/' }: { name: string; logoUrl: string; href?: string }) {
  return (
    <Link href={href} className="inline-flex items-center gap-2 text-lg font-semibold text-zinc-900 dark:text-zinc-50">
      {/* eslint-disable-next-line @next/next/no-img-element -- the logo may be any configured URL */}
      <img src={logoUrl} alt="" width={32} height={32} className="h-8 w-8" />
      <span>{name}</span>
    </Link>
  );
}
