// pino: pretty in a terminal, JSON otherwise (log collectors want one object per line).
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config';
import { requestSerializer } from './http/log-redaction';

export function loggerOptions(config: Pick<Config, 'logLevel'>): FastifyServerOptions['logger'] {
  const base = {
    level: config.logLevel,
    // Invites, session tokens, API tokens, session cookies and their CSRF tokens must never reach a log file.
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    // Invite links carry their invite in the query string: logged URLs have it replaced.
    serializers: { req: requestSerializer },
  };
  return process.stdout.isTTY
    ? { ...base, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
    : base;
}
