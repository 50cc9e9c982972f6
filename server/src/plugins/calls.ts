// Decorates app.calls with the registry of live call rooms, feeds it LiveKit webhooks, and on close
// stops timers, tells clients the server is restarting, and snapshots every room.
import fp from 'fastify-plugin';
import { FanoutTimings } from '../calls/fanout-timings';
import { CallRegistry } from '../calls/registry';
import fanoutTimingsRoute from '../routes/fanout-timings';

declare module 'fastify' {
  interface FastifyInstance {
    calls: CallRegistry;
  }
}

export default fp(async (app) => {
  // The benchmark's timing hook exists only when asked for (CAUCUS_FANOUT_TIMING=1).
  const timings = app.config.fanoutTiming ? new FanoutTimings() : null;
  const calls = new CallRegistry({
    store: app.store,
    livekit: app.livekit,
    log: app.log,
    reconcileIntervalMs: app.config.reconcileIntervalMs,
    timings,
    bans: app.bans,
  });
  app.bans.attach(calls);
  app.decorate('calls', calls);
  if (timings) await app.register(fanoutTimingsRoute, { timings });

  app.webhookHandlers.push((event) => {
    const callId = event.room?.name;
    const identity = event.participant?.identity;
    if (!callId || !identity) return;
    const room = calls.get(callId);
    if (!room?.enforcer) return;
    switch (event.event) {
      case 'participant_joined':
      case 'track_published':
        // Enforce at once: a banned identity is removed on sight, stale grants are replaced.
        room.enforcer.joined(identity);
        break;
      case 'participant_left':
      case 'participant_connection_aborted':
        room.enforcer.left(identity);
        break;
    }
  });

  app.addHook('onReady', async () => calls.start());
  // preClose runs before every onClose hook, so the store is still open for the final snapshots.
  // (The websocket plugin's own preClose has already told clients 1012 service restart.)
  app.addHook('preClose', async () => calls.stop());
}, { name: 'calls', dependencies: ['store', 'livekit', 'bans'] });
