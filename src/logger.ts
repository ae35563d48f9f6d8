import { pino, type Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'nik', 'name', '*.nik', '*.name'], censor: '[redacted]' },
  });
}
