// `npm test`: unit, integration (real LiveKit) and browser end-to-end tests in one run.
// Media must stay on loopback: as root (CI), the run re-enters itself inside a network namespace
// that has only `lo` (unshare -n), so neither LiveKit nor Chromium can reach any other address.
// Without root (a laptop) it runs as it is; LiveKit still only offers 127.0.0.1 candidates.
// Anything the namespace cannot reach (building LiveKit with Go) is done before entering it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { obtainLivekitBinary } from './livekit';
import { chromiumPath } from '../test/browser';
import { POSTGRES_BIN } from '../test/postgres';
import { redisServerPath } from '../test/redis';
import { nativeModulesProblem } from './native/check';

// The cluster tests (`npm run test:cluster`) start their own services and run apart: a plain
// `npm test` runs the other three projects; a file under server/test/cluster/ runs in `cluster`.
const given = process.argv.slice(2);
const projects = given.some((a) => a === '--project' || a.startsWith('--project='))
  ? []
  : given.some((a) => a.includes('server/test/cluster'))
    ? ['--project', 'cluster']
    : ['--project', 'unit', '--project', 'integration', '--project', 'e2e'];
const args = [...projects, ...given];
const vitest = 'node_modules/.bin/vitest';

function fail(message: string): never {
  console.error(`\nnpm test cannot run: ${message}\n`);
  process.exit(1);
}

if (!process.env.CAUCUS_TEST_NETNS) {
  const native = nativeModulesProblem();
  if (native) fail(native);
  try {
    process.env.LIVEKIT_BIN = obtainLivekitBinary((line) => console.log(line));
  } catch (err) {
    fail((err as Error).message);
  }
  if (args.includes('cluster')) {
    if (!existsSync(redisServerPath())) fail(`redis-server not found at ${redisServerPath()}: install Debian's redis-server (apt-get install -y redis-server) or set REDIS_SERVER.`);
    if (!existsSync(join(POSTGRES_BIN, 'postgres'))) fail(`Postgres 15 not found in ${POSTGRES_BIN}: install Debian's postgresql (apt-get install -y postgresql) or set POSTGRES_BIN.`);
  }
  if (!existsSync(chromiumPath())) {
    fail(`Chromium not found at ${chromiumPath()}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
}

const isRoot = process.getuid?.() === 0;
const canIsolate = isRoot && !process.env.CAUCUS_TEST_NETNS && spawnSync('sh', ['-c', 'command -v unshare && command -v ip']).status === 0;

// A JSON report beside the usual output, so the run can end on one plain summary line.
const report = join(mkdtempSync(join(tmpdir(), 'caucus-test-')), 'vitest.json');
const vitestArgs = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args];

const result = canIsolate
  ? spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${vitest}" "$@"`, 'sh', ...vitestArgs], {
      stdio: 'inherit',
      env: { ...process.env, CAUCUS_TEST_NETNS: '1' },
    })
  : spawnSync(vitest, vitestArgs, { stdio: 'inherit', env: process.env });

if (canIsolate) console.log('(tests ran in a loopback-only network namespace)');
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  console.log(`\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
}
process.exit(result.status ?? 1);
