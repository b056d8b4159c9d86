import pino, { type Logger } from 'pino';
import type { LogLevel } from './config/load-config';

export type { Logger };

/** JSON lines on stdout; secret-bearing fields are redacted wherever a logger is handed them. */
export function createLogger(level: LogLevel, role: string): Logger {
  return pino({
    level,
    base: { role, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'apiKey', 'config.apiKey'],
      censor: '[redacted]',
    },
  });
}
