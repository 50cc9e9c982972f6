// Fixed loopback ports for the test run, away from the development defaults (3000, 7880-7882),
// so `npm test` works while `npm start` is running. The webhook port is fixed because LiveKit's
// webhook URL is part of its config: test servers that need webhooks listen on it.
export const TEST_LIVEKIT_PORT = 17880;
export const TEST_WEBHOOK_PORT = 17900;
export const TEST_LIVEKIT_KEY = 'testkey';
export const TEST_LIVEKIT_SECRET = 'caucus-test-secret-0123456789abcdef';
