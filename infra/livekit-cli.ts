// `npm run livekit -- obtain`: find or build the pinned livekit-server and print its path.
// `npm run livekit -- run`: run a loopback development LiveKit in the foreground (dev keys).
import { obtainLivekitBinary, startLivekit } from './livekit';

const [command = 'obtain'] = process.argv.slice(2);

if (command === 'obtain') {
  try {
    console.log(obtainLivekitBinary((line) => console.error(line)));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
} else if (command === 'run') {
  const lk = await startLivekit({
    apiKey: process.env.LIVEKIT_API_KEY ?? 'devkey',
    apiSecret: process.env.LIVEKIT_API_SECRET ?? 'caucus-development-secret-not-for-production',
    port: Number(process.env.LIVEKIT_PORT ?? 7880),
    webhookUrl: process.env.LIVEKIT_WEBHOOK_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}/api/livekit/webhook`,
    logLevel: 'info',
  });
  console.log(`LiveKit is running at ${lk.url}; Ctrl-C stops it.`);
  lk.process.stdout?.pipe(process.stdout);
  lk.process.stderr?.pipe(process.stderr);
  const stop = () => void lk.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} else {
  console.error('usage: npm run livekit -- obtain | run');
  process.exit(2);
}
