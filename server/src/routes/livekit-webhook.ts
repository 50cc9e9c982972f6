// LiveKit posts webhooks here as application/webhook+json. The signature covers the RAW body, so
// it is kept as a string; only events signed with our key are acted on, forged ones are logged.
import type { FastifyPluginAsync } from 'fastify';
import type { WebhookEvent } from 'livekit-server-sdk';
import { errorBody } from '../http/errors';

const livekitWebhook: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser('application/webhook+json', { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.post('/api/livekit/webhook', async (req, reply) => {
    if (typeof req.body !== 'string') {
      return reply.status(415).send(errorBody('unsupported_media_type', 'Expected application/webhook+json'));
    }
    let event: WebhookEvent;
    try {
      event = await app.livekit.receiveWebhook(req.body, req.headers.authorization);
    } catch (err) {
      req.log.warn({ reason: (err as Error).message, ip: req.ip }, 'refused a webhook with a bad signature');
      return reply.status(401).send(errorBody('unauthorized', 'Webhook signature is missing or invalid'));
    }
    req.log.debug({ event: event.event, room: event.room?.name, identity: event.participant?.identity }, 'webhook');
    for (const handle of app.webhookHandlers) await handle(event);
    return { ok: true };
  });
};

export default livekitWebhook;
