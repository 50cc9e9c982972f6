// Everything we say to LiveKit goes through here: tokens, the admin API and webhook verification.
// Only the server talks to LiveKit's admin API; clients get tokens without admin grants.
import fp from 'fastify-plugin';
import {
  AccessToken,
  RoomServiceClient,
  TrackSource,
  WebhookReceiver,
  type ParticipantInfo,
  type WebhookEvent,
} from 'livekit-server-sdk';
import { normalizePermission, type LivekitPermission, type ServerFrame, type TrackSource as TrackSourceName } from '@caucus/shared';
import type { Config } from '../config';
import { livekitAdminErrors, livekitAdminSeconds } from '../metrics/registry';
import { timedClient } from '../metrics/timed-client';

/** Our source names and LiveKit's numbers, both ways (tokens and updates out, reports back in). */
const SOURCE: Record<TrackSourceName, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
  screen_share_audio: TrackSource.SCREEN_SHARE_AUDIO,
};
const SOURCE_NAME = new Map(Object.entries(SOURCE).map(([name, source]) => [source, name as TrackSourceName]));

/** A permission as LiveKit reports it (ParticipantInfo.permission), in our vocabulary. */
export function permissionOf(info: ParticipantInfo): LivekitPermission | null {
  const p = info.permission;
  if (!p) return null;
  return {
    canSubscribe: p.canSubscribe,
    canPublish: p.canPublish,
    canPublishData: p.canPublishData,
    canPublishSources: p.canPublishSources.flatMap((s) => SOURCE_NAME.get(s) ?? []),
    hidden: p.hidden,
  };
}

/** What a client needs to enter the LiveKit room: the address and a token (the `admitted` frame's `livekit`). */
export type LivekitAccess = Extract<ServerFrame, { type: 'admitted' }>['livekit'];

/** Token lifetime. LiveKit refreshes tokens of connected clients itself; ours only need to last until join. */
export const TOKEN_TTL_SECONDS = 600;

function toWire(permission: LivekitPermission) {
  // Normalised: never canPublish with no sources, which LiveKit would read as any source.
  const p = normalizePermission(permission);
  return {
    canSubscribe: p.canSubscribe,
    canPublish: p.canPublish,
    canPublishData: p.canPublishData,
    canPublishSources: p.canPublishSources.map((s) => SOURCE[s]),
    hidden: p.hidden,
    canUpdateMetadata: false,
  };
}

export interface Livekit {
  /** The address browsers connect to. */
  url: string;
  rooms: RoomServiceClient;
  mintToken(args: { room: string; identity: string; name: string; permission: LivekitPermission }): Promise<string>;
  /** Sends the whole permission set (fields left out would become false). */
  setPermission(room: string, identity: string, permission: LivekitPermission): Promise<ParticipantInfo>;
  /** Verifies the signature (sha256 claim over the raw body) and parses the event; throws if forged. */
  receiveWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent>;
  /** For /readyz: null when LiveKit answers, else the reason. */
  check(): Promise<string | null>;
}

export function createLivekit(config: Config['livekit']): Livekit {
  // Every admin call is timed and its failures counted here (caucus_livekit_admin_*), whoever makes it.
  const rooms = timedClient(new RoomServiceClient(config.apiUrl, config.apiKey, config.apiSecret, { requestTimeout: 5 }), {
    seconds: livekitAdminSeconds,
    errors: livekitAdminErrors,
  });
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret);
  return {
    url: config.url,
    rooms,
    async mintToken({ room, identity, name, permission }) {
      const at = new AccessToken(config.apiKey, config.apiSecret, { identity, name, ttl: TOKEN_TTL_SECONDS });
      const wire = toWire(permission);
      at.addGrant({
        roomJoin: true,
        room,
        canSubscribe: wire.canSubscribe,
        canPublish: wire.canPublish,
        // Set explicitly: in a JWT an unset canPublishData defaults to canPublish.
        canPublishData: wire.canPublishData,
        canPublishSources: wire.canPublishSources,
        canUpdateOwnMetadata: false,
        hidden: wire.hidden,
      });
      return at.toJwt();
    },
    setPermission(room, identity, permission) {
      const wire = toWire(permission);
      return rooms.updateParticipant(room, identity, { permission: wire });
    },
    receiveWebhook: (rawBody, authorization) => receiver.receive(rawBody, authorization),
    async check() {
      try {
        await rooms.listRooms(['caucus-readiness-probe']);
        return null;
      } catch (err) {
        return `LiveKit at ${config.apiUrl} is unreachable: ${(err as Error).message}`;
      }
    },
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    livekit: Livekit;
    /** Handlers for verified LiveKit webhooks (routes/livekit-webhook.ts calls them in order). */
    webhookHandlers: ((event: WebhookEvent) => void | Promise<void>)[];
  }
}

export default fp<{ livekit: Livekit }>(async (app, { livekit }) => {
  app.decorate('livekit', livekit);
  app.decorate('webhookHandlers', []);
}, { name: 'livekit' });
