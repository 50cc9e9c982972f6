// `npm start`: one command on a fresh clone. Starts a local LiveKit (unless LIVEKIT_URL points at an
// external one), then the Fastify server that serves the built client, the API and the websocket on
// one port, and prints the URL and either the one-time setup link (empty database) or the
// console's address and a ready host link for a demo call. Ctrl-C or SIGTERM stops both;
// LiveKit also dies with us if we are killed (see startLivekit), so no orphan keeps the ports.
// `npm run dev` (--dev) adds Vite's dev server with hot reload in front of the API.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createSetupLink } from '../server/src/accounts/setup';
import { buildApp } from '../server/src/app';
import { ConfigError, loadConfig } from '../server/src/config';
import { startLivekit, type RunningLivekit } from './livekit';
import { nativeModulesProblem } from './native/check';

const DEV_API_KEY = 'devkey';
// LiveKit refuses secrets shorter than 32 characters. Development only; production sets its own.
const DEV_API_SECRET = 'caucus-development-secret-not-for-production';

const dev = process.argv.includes('--dev');
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const native = nativeModulesProblem();
  if (native) {
    console.error(native);
    process.exit(1);
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const env = process.env;
  const port = Number(env.PORT ?? 3000);
  const production = env.NODE_ENV === 'production';

  let livekit: RunningLivekit | null = null;
  if (!env.LIVEKIT_URL) {
    const lkPort = Number(env.LIVEKIT_PORT ?? 7880);
    say(`starting LiveKit on 127.0.0.1:${lkPort} ...`);
    livekit = await startLivekit({
      apiKey: DEV_API_KEY,
      apiSecret: DEV_API_SECRET,
      port: lkPort,
      webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook`,
      log: say,
    });
    env.LIVEKIT_URL = livekit.url;
    env.LIVEKIT_API_KEY = DEV_API_KEY;
    env.LIVEKIT_API_SECRET = DEV_API_SECRET;
  }
  if (!env.CAUCUS_ORGANIZER_KEY && !production) {
    env.CAUCUS_ORGANIZER_KEY = randomBytes(18).toString('base64url');
    say(`generated a development organizer key (set CAUCUS_ORGANIZER_KEY to keep one): ${env.CAUCUS_ORGANIZER_KEY}`);
  }

  let vite: { close(): Promise<void> } | null = null;
  if (dev) {
    const { createServer } = await import('vite');
    env.CAUCUS_API_ORIGIN = `http://127.0.0.1:${port}`;
    const server = await createServer({ root: 'client', configFile: 'client/vite.config.ts' });
    await server.listen();
    vite = server;
    env.PUBLIC_URL ??= server.resolvedUrls?.local[0]?.replace(/\/$/, '') ?? 'http://localhost:5173';
  }

  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    await livekit?.stop();
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }

  const app = await buildApp({ config });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping Caucus ...`);
    await app.close().catch((err) => console.error(err));
    await vite?.close();
    await livekit?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    console.error(`could not listen on ${config.host}:${config.port}: ${(err as Error).message}`);
    console.error('Another program may be using the port: set PORT to a free one (see README, Troubleshooting).');
    await livekit?.stop();
    process.exit(1);
  }

  say('');
  say(`Caucus is running at ${config.publicUrl}`);
  // An empty database: the one-time link that creates the coalition's owner (24 hours, single use).
  const setup = createSetupLink(app);
  if (setup) {
    say(`  set up your coalition (one-time link, valid 24 hours):`);
    say(`    ${setup}`);
  } else {
    say(`  the console:                       ${config.publicUrl}/console`);
    const demo = await app.inject({
      method: 'POST',
      url: '/api/calls',
      headers: { authorization: `Bearer ${config.organizerKey}` },
      payload: { title: 'Demo call', settings: { lobby: false, speakingLimitSec: 120 } },
    });
    if (demo.statusCode === 201) {
      const { call, links } = demo.json() as { call: { id: string }; links: { participant: string } };
      const host = await app.inject({
        method: 'POST',
        url: `/api/calls/${call.id}/invitations`,
        headers: { authorization: `Bearer ${config.organizerKey}` },
        payload: { role: 'host', name: 'Demo host' },
      });
      if (host.statusCode === 201) say(`  host link for a demo call:         ${(host.json() as { link: string }).link}`);
      say(`  participant link for the same:     ${links.participant}`);
    }
  }
  say('Press Ctrl-C to stop.');
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
