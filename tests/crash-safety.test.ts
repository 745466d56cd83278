import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';

describe('durability', () => {
  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-writer.ts'], {
      env: { ...process.env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: string[] = [];
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        acknowledged.push(...lines.filter(Boolean));
        if (acknowledged.length >= 200) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    await new Promise((r) => child.once('exit', r).once('close', r));
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    const stored = await db.devOutboxMessage.count({ where: { id: { in: acknowledged } } });
    expect(stored).toBe(acknowledged.length);
  });
});
