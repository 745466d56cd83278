import { pino, stdTimeFunctions, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger };

/**
 * The entry's structured log: one JSON object per line on stdout, with the level as a word and an
 * ISO time, so it reads in a terminal and parses in a log pipeline alike. Callers pass ids, never
 * addresses, tokens or query strings (lib/http/entry.ts).
 */
export function createLogger(level: Level | 'silent' = 'info', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'gatehouse', pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** An error for the log: its class and message (driver messages can name hosts, never credentials), no stack. */
export function errorFields(error: unknown) {
  return error instanceof Error ? { error: error.message, errorType: error.name } : { error: String(error) };
}
