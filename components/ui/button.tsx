import type { ButtonHTMLAttributes } from 'react';

type Variant = 'primary' | 'secondary' | 'link' | 'danger';

const styles: Record<Variant, string> = {
  primary: 'bg-brand text-white hover:opacity-90 disabled:opacity-60 shadow-sm',
  secondary:
    'border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50 disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800',
  link: 'text-brand-ink underline-offset-4 hover:underline px-0 py-0',
  danger: 'bg-red-600 text-white hover:bg-red-700 disabled:opacity-60',
};

export function Button({ variant = 'primary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  const base = variant === 'link' ? '' : 'w-full rounded-lg px-4 py-2.5 text-sm font-semibold transition';
  return <button className={`${base} ${styles[variant]} ${className}`} {...props} />;
}
