// What a request looks like in the log. Fastify's default logs the whole URL, and invite links
// carry their invite (a bearer credential: the host link makes anyone host) in the query string:
// opening /c/:id?invite=... would put it in every log file and log collector. Secret query
// parameters are replaced before the line is written; headers are redacted in logger.ts.
import type { FastifyRequest } from 'fastify';

/** Query parameters that are credentials, or personal data (the console's privacy export by email). */
const SECRET_PARAMS = new Set(['invite', 'token', 'sessionToken', 'key', 'email']);
/** A registrant's own page carries its credential in the path: /registrations/<token>[/action]. */
const SECRET_PATH = /^\/registrations\/[^/?]+/;

export function redactUrl(raw: string): string {
  const url = raw.replace(SECRET_PATH, '/registrations/[redacted]');
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let secret = false;
  for (const key of new Set(params.keys())) {
    if (SECRET_PARAMS.has(key)) {
      params.set(key, '[redacted]');
      secret = true;
    }
  }
  return secret ? `${url.slice(0, q)}?${params.toString()}` : url;
}

/** pino serializer for `req` (Fastify's own fields, with the URL redacted). */
export function requestSerializer(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
