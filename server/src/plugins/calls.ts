// Decorates app.calls with the registry of live call rooms, feeds it LiveKit webhooks, and on close
// stops timers, tells clients the server is restarting, and snapshots every room.
import fp from 'fastify-plugin';
import { FanoutTimings } from '../calls/fanout-timings';
import { hashStoredPasscodes } from '../calls/passcodes';
import { CallRegistry } from '../calls/registry';
import { Cluster } from '../cluster/cluster';
import { forwardedWebhookSchema, type ForwardedWebhook } from '../cluster/messages';
import { permissionOf } from './livekit';
import fanoutTimingsRoute from '../routes/fanout-timings';

declare module 'fastify' {
  interface FastifyInstance {
    calls: CallRegistry;
  }
}

export default fp(async (app) => {
  // The benchmark's timing hook exists only when asked for (CAUCUS_FANOUT_TIMING=1).
  const timings = app.config.fanoutTiming ? new FanoutTimings() : null;
  // Cluster mode: an owner lease per call and a Redis bus between instances (server/src/cluster).
  const { redisUrl, instanceId, leaseMs } = app.config;
  const cluster = app.config.cluster && redisUrl ? new Cluster({ redisUrl, instanceId, leaseMs, store: app.store, log: app.log }) : null;
  const calls = new CallRegistry({
    store: app.store,
    livekit: app.livekit,
    log: app.log,
    reconcileIntervalMs: app.config.reconcileIntervalMs,
    timings,
    bans: app.bans,
    cluster,
  });
  app.bans.attach(calls);
  app.decorate('calls', calls);
  if (timings) await app.register(fanoutTimingsRoute, { timings });

  // A webhook reaches whichever instance the load balancer picked: the owner's enforcer acts on it.
  const enforce = (callId: string, webhook: ForwardedWebhook) => {
    const enforcer = calls.core(callId)?.enforcer;
    if (!enforcer) return;
    if (webhook.event === 'room_finished') return enforcer.roomFinished();
    if (!webhook.identity) return;
    switch (webhook.event) {
      case 'participant_joined':
      case 'track_published':
        // Enforce at once: a banned identity is removed on sight, a reconnect with a refreshed
        // token that carries rights its holder lost is stripped before its tracks reach anyone.
        enforcer.joined(webhook.identity, webhook.permission);
        break;
      case 'participant_left':
      case 'participant_connection_aborted':
        enforcer.left(webhook.identity);
        break;
    }
  };
  if (cluster) {
    cluster.webhook = enforce;
    app.readinessChecks.push({ name: 'redis', check: () => cluster.ping() });
  }

  app.webhookHandlers.push(async (event) => {
    const callId = event.room?.name;
    if (!callId) return;
    if (event.event === 'room_started' && calls.isOver(callId)) {
      // A room for an ended call: deleted on sight.
      await calls.deleteRoom(callId);
      return;
    }
    const kind = forwardedWebhookSchema.shape.event.safeParse(event.event);
    if (!kind.success || !calls.get(callId)) return;
    const webhook: ForwardedWebhook = {
      event: kind.data,
      identity: event.participant?.identity || null,
      permission: event.participant ? permissionOf(event.participant) : null,
    };
    if (calls.core(callId) || !cluster) enforce(callId, webhook);
    else await cluster.tell(callId, { op: 'webhook', webhook });
  });

  app.addHook('onReady', async () => {
    // Passcodes stored in clear by an older version are hashed before anyone can join.
    const legacy = app.accounts.callIdsWithPasscode().map((id) => app.store.getCall(id)!);
    const hashed = hashStoredPasscodes(legacy, (id, settings) => app.accounts.setSettings(id, settings));
    if (hashed > 0) app.log.info({ hashed }, 'hashed the passcodes of calls stored before passcodes were hashed');
    await cluster?.start(calls);
    calls.start();
  });
  // preClose runs before every onClose hook, so the store is still open for the final snapshots.
  // (The websocket plugin's own preClose has already told clients 1012 service restart.)
  app.addHook('preClose', async () => {
    await calls.stop();
    // Leases released at once: another instance takes the calls over without waiting for expiry.
    await cluster?.stop();
  });
}, { name: 'calls', dependencies: ['store', 'livekit', 'bans', 'accounts', 'readiness'] });
