// Boots the server from the environment. Config errors stop the start with a clear message.
import { createSetupLink } from './accounts/setup';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await buildApp({ config });
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  // An empty database: the one-time link that creates the coalition's owner, on stdout (not in
  // the structured log, where it would be kept and shipped).
  const setup = createSetupLink(app);
  if (setup) process.stdout.write(`\nSet up your coalition (one-time link, valid 24 hours):\n  ${setup}\n\n`);
}

void main();
