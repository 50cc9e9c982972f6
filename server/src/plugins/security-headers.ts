// Security headers (helmet) with a Content Security Policy that still lets the app reach LiveKit:
// the signalling websocket and its HTTP endpoints, media from blob: URLs, and nothing else.
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

/** The origins the browser must reach for LiveKit, in ws(s) and http(s) form. */
export function livekitOrigins(livekitUrl: string): string[] {
  const url = new URL(livekitUrl);
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  return [`${secure ? 'wss' : 'ws'}://${url.host}`, `${secure ? 'https' : 'http'}://${url.host}`];
}

export default fp(async (app) => {
  const publicOrigin = new URL(app.config.publicUrl);
  const selfWs = `${publicOrigin.protocol === 'https:' ? 'wss' : 'ws'}://${publicOrigin.host}`;
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Inline style attributes are used by the media components (tile layout).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:', 'mediastream:'],
        connectSrc: ["'self'", selfWs, ...livekitOrigins(app.config.livekit.url)],
        workerSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: publicOrigin.protocol === 'https:' ? [] : null,
      },
    },
    // LiveKit media and workers do not need cross-origin isolation; COEP would break blob workers.
    crossOriginEmbedderPolicy: false,
    hsts: publicOrigin.protocol === 'https:',
  });
}, { name: 'security-headers' });
