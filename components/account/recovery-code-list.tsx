'use client';

import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

/**
 * Recovery codes, shown exactly once (only their hashes are kept), with a text
 * download. Once dismissed they cannot be shown again.
 */
export function RecoveryCodeList({ codes, brandName, accountName, onDone }: { codes: string[]; brandName: string; accountName: string; onDone: () => void }) {
  const download = () => {
    const text = [
      `${brandName} recovery codes for ${accountName}`,
      `Created ${new Date().toISOString().slice(0, 10)}. Each code works once, if you cannot use your authenticator app.`,
      '',
      ...codes,
      '',
    ].join('\n');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `${brandName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-recovery-codes.txt`;
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="space-y-4">
      <Alert tone="warning">
        Save these recovery codes somewhere safe, like a password manager. Each one signs you in once if you lose your phone. This is the only
        time they are shown.
      </Alert>
      <ol aria-label="Your recovery codes" className="grid grid-cols-2 gap-2 rounded-lg border border-zinc-200 bg-zinc-50 p-4 font-mono text-base dark:border-zinc-800 dark:bg-zinc-950">
        {codes.map((code) => (
          <li key={code} className="text-center tracking-wider">
            {code}
          </li>
        ))}
      </ol>
      <div className="grid gap-3 sm:grid-cols-2">
        <Button type="button" variant="secondary" onClick={download}>
          Download as text
        </Button>
        <Button type="button" onClick={onDone}>
          I have saved my recovery codes
        </Button>
      </div>
    </div>
  );
}
