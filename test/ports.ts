import { createServer } from 'node:net';

// Fixed loopback ports for the test run, away from the development defaults (3000, 7880-7882),
// so `npm test` works while `npm start` is running. The webhook port is fixed because LiveKit's
// webhook URL is part of its config: test servers that need webhooks listen on it.
export const TEST_LIVEKIT_PORT = 17880;
export const TEST_WEBHOOK_PORT = 17900;
export const TEST_LIVEKIT_KEY = 'testkey';
export const TEST_LIVEKIT_SECRET = 'caucus-test-secret-0123456789abcdef';

/** A port nothing listens on now (the system picks it), for servers a test starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
