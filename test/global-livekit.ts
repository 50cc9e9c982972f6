// Starts ONE real livekit-server for the integration and browser tests. If it cannot be obtained
// or started, the run fails loudly: these tests are never skipped for lack of LiveKit.
// Both projects list this setup; they run in the same process, so the first starts LiveKit and
// the second shares it (reference-counted) instead of fighting over the port.
import type { TestProject } from 'vitest/node';
import { startLivekit, type RunningLivekit } from '../infra/livekit';
import { TEST_LIVEKIT_KEY, TEST_LIVEKIT_PORT, TEST_LIVEKIT_SECRET, TEST_WEBHOOK_PORT } from './ports';

declare module 'vitest' {
  export interface ProvidedContext {
    livekit: { url: string; httpUrl: string; apiKey: string; apiSecret: string; webhookPort: number };
  }
}

let running: Promise<RunningLivekit> | null = null;
let users = 0;

export default async function setup(project: TestProject) {
  users += 1;
  running ??= startLivekit({
    apiKey: TEST_LIVEKIT_KEY,
    apiSecret: TEST_LIVEKIT_SECRET,
    port: TEST_LIVEKIT_PORT,
    webhookUrl: `http://127.0.0.1:${TEST_WEBHOOK_PORT}/api/livekit/webhook`,
    log: (line) => console.log(`[livekit] ${line}`),
  });
  const livekit = await running;
  project.provide('livekit', {
    url: livekit.url,
    httpUrl: livekit.httpUrl,
    apiKey: TEST_LIVEKIT_KEY,
    apiSecret: TEST_LIVEKIT_SECRET,
    webhookPort: TEST_WEBHOOK_PORT,
  });
  return async () => {
    users -= 1;
    if (users === 0) await livekit.stop();
  };
}
