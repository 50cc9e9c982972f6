// The public schedule: GET / (upcoming and recent public calls), GET /calls/:id (one call's page),
// GET /calls/:id/calendar.ics, and GET /api/schedule for integrations. Shared widely, so served
// with caching (max-age plus ETag revalidation) and rendered on the server.
import etag from '@fastify/etag';
import type { FastifyPluginAsync } from 'fastify';
import { linkKey } from '../calls/participant-links';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseOrThrow } from '../http/validate';
import { callToIcs } from '../schedule/ics';
import { callPage, callPagePath, joinLink, notFoundPage, schedulePage } from '../schedule/pages';
import { publicCall } from './calls';

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'public');
const ASSETS = {
  '/schedule.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(PUBLIC_DIR, 'schedule.js')) },
  '/schedule.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(PUBLIC_DIR, 'schedule.css')) },
};

/** A minute fresh, then revalidated with the ETag; stale pages may be shown while revalidating. */
const PAGE_CACHE = 'public, max-age=60, stale-while-revalidate=600';
const LIST_LIMIT = 50;
const params = z.strictObject({ id: z.string().min(1).max(64) });

const schedule: FastifyPluginAsync = async (app) => {
  await app.register(etag, { weak: true });
  const links = linkKey(app.config.livekit.apiSecret);
  const ctx = () => ({ publicUrl: app.config.publicUrl, now: Date.now(), linkKey: links });

  for (const [path, asset] of Object.entries(ASSETS)) {
    app.get(path, async (_req, reply) => reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body));
  }

  app.get('/', async (_req, reply) => {
    const { upcoming, recent } = app.store.listPublicCalls(Date.now(), LIST_LIMIT);
    return reply.type('text/html; charset=utf-8').header('cache-control', PAGE_CACHE).send(schedulePage(ctx(), upcoming, recent));
  });

  app.get('/api/schedule', async (_req, reply) => {
    const { upcoming, recent } = app.store.listPublicCalls(Date.now(), LIST_LIMIT);
    const entry = (c: (typeof upcoming)[number]) => ({ ...publicCall(c), page: `${app.config.publicUrl}${callPagePath(c)}`, join: joinLink(ctx(), c) });
    return reply.header('cache-control', PAGE_CACHE).send({ upcoming: upcoming.map(entry), recent: recent.map(entry) });
  });

  const publicCallOr404 = (id: string) => {
    const call = app.store.getCall(id);
    return call && call.schedule.public ? call : null;
  };

  app.get('/calls/:id', async (req, reply) => {
    const { id } = parseOrThrow(params, req.params, 'path');
    const call = publicCallOr404(id);
    reply.type('text/html; charset=utf-8');
    if (!call) return reply.status(404).send(notFoundPage(ctx()));
    return reply.header('cache-control', PAGE_CACHE).send(callPage(ctx(), call));
  });

  app.get('/calls/:id/calendar.ics', async (req, reply) => {
    const { id } = parseOrThrow(params, req.params, 'path');
    const call = publicCallOr404(id);
    if (!call || call.schedule.startsAt === null) return reply.status(404).type('text/plain').send('No such public call');
    const c = ctx();
    const ics = callToIcs(call, {
      joinUrl: joinLink(c, call) ?? `${c.publicUrl}${callPagePath(call)}`,
      pageUrl: `${c.publicUrl}${callPagePath(call)}`,
      host: new URL(c.publicUrl).host,
      now: call.createdAt,
    });
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="caucus-${call.id}.ics"`)
      .header('cache-control', PAGE_CACHE)
      .send(ics);
  });
};

export default schedule;
