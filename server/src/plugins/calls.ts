// Decorates app.calls with the registry of live call rooms, feeds it LiveKit webhooks, and on close
// stops timers, tells clients the server is restarting, and snapshots every room.
import fp from 'fastify-plugin';
import { FanoutTimings } from '../calls/fanout-timings';
import { hashStoredPasscodes } from '../calls/passcodes';
import { CallRegistry } from '../calls/registry';
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

  app.webhookHandlers.push(async (event) => {
    const callId = event.room?.name;
    if (!callId) return;
    if (event.event === 'room_started' && calls.isOver(callId)) {
      // A room for an ended call: deleted on sight.
      await calls.deleteRoom(callId);
      return;
    }
    const room = calls.get(callId);
    if (!room?.enforcer) return;
    if (event.event === 'room_finished') return room.enforcer.roomFinished();
    const identity = event.participant?.identity;
    if (!identity) return;
    switch (event.event) {
      case 'participant_joined':
      case 'track_published':
        // Enforce at once: a banned identity is removed on sight, a reconnect with a refreshed
        // token that carries rights its holder lost is stripped before its tracks reach anyone.
        room.enforcer.joined(identity, event.participant ? permissionOf(event.participant) : null);
        break;
      case 'participant_left':
      case 'participant_connection_aborted':
        room.enforcer.left(identity);
        break;
    }
  });

  app.addHook('onReady', async () => {
    // Passcodes stored in clear by an older version are hashed before anyone can join.
    const legacy = app.accounts.callIdsWithPasscode().map((id) => app.store.getCall(id)!);
    const hashed = hashStoredPasscodes(legacy, (id, settings) => app.accounts.setSettings(id, settings));
    if (hashed > 0) app.log.info({ hashed }, 'hashed the passcodes of calls stored before passcodes were hashed');
    calls.start();
  });
  // preClose runs before every onClose hook, so the store is still open for the final snapshots.
  // (The websocket plugin's own preClose has already told clients 1012 service restart.)
  app.addHook('preClose', async () => calls.stop());
}, { name: 'calls', dependencies: ['store', 'livekit', 'bans', 'accounts'] });
