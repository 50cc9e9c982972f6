// Browser tests run against the production build of the client, served by the real server.
import { build } from 'vite';

export default async function setup() {
  await build({ root: 'client', configFile: 'client/vite.config.ts', logLevel: 'warn' });
}
