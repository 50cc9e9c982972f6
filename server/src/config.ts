// Configuration is read once at start from the environment and validated with zod. A missing or
// invalid setting stops the start with a message naming the variable and what is expected.
// .env.example lists every setting; docker-compose.yml and its test agree with this schema.
import ipaddr from 'ipaddr.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const httpUrl = z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, ''));
const wsUrl = z.url({ protocol: /^(wss?|https?)$/ }).transform((u) => u.replace(/\/+$/, ''));

/** Address ranges Fastify's trustProxy (proxy-addr) knows by name. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];
/** An address or a CIDR in its usual spelling (four-part IPv4: `10.1` is not an address here). */
function isAddressOrCidr(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = '', bits, extra] = entry.split('/');
  if (extra !== undefined) return false;
  const v4 = ipaddr.IPv4.isValidFourPartDecimal(address);
  if (!v4 && !ipaddr.IPv6.isValid(address)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (v4 ? 32 : 128));
}

/**
 * Whose X-Forwarded-For to believe: `false` (nobody: the socket's address is the client's), the
 * proxies' addresses or CIDRs (comma-separated; also `loopback`, `linklocal`, `uniquelocal`), or
 * `true` (anyone: only for development, refused in production because any client could then
 * choose its own address and walk past IP bans and every per-address limit).
 */
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): boolean | string[] => {
    if (/^(false|0|no|off)$/i.test(value)) return false;
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    const entries = value.split(',').map((e) => e.trim()).filter((e) => e.length > 0);
    const bad = entries.filter((e) => !isAddressOrCidr(e));
    if (entries.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `expected false, or your proxies' addresses or CIDRs separated by commas (not ${JSON.stringify(bad[0] ?? value)})` });
      return z.NEVER;
    }
    return entries;
  });

/** This instance's name in a cluster (leases, logs, metrics) when CAUCUS_INSTANCE_ID is unset. */
function defaultInstanceId(): string {
  const host = hostname().replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 55) || 'caucus';
  return `${host}-${randomBytes(4).toString('hex')}`;
}

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: port.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    PUBLIC_URL: httpUrl.optional(),
    LIVEKIT_URL: wsUrl,
    LIVEKIT_API_URL: httpUrl.optional(),
    LIVEKIT_API_KEY: z.string().min(1),
    LIVEKIT_API_SECRET: z.string().min(32, 'must be at least 32 characters (LiveKit refuses shorter secrets)'),
    CAUCUS_ORGANIZER_KEY: z.string().min(16, 'must be at least 16 characters'),
    DATABASE_PATH: z.string().min(1).default('data/caucus.db'),
    /** Cluster mode (with REDIS_URL): the shared Postgres database instead of the SQLite file. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' }).optional(),
    /** Cluster mode (with DATABASE_URL): the Redis that carries leases, events and commands. */
    REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'expected a redis:// (or rediss://) URL' }).optional(),
    CAUCUS_INSTANCE_ID: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1 to 64 letters, digits, _ or -')
      .optional(),
    /** How long a call's owner holds its lease without renewing it (ms). */
    CAUCUS_LEASE_MS: z.coerce.number().int().min(1000).max(60_000).default(5000),
    /** Bearer token for GET /metrics (Prometheus); unset: /metrics does not exist. */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    CLIENT_DIST: z.string().min(1).default('client/dist'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TRUST_PROXY: trustProxy.default(false),
    /** Open websockets from one network (an address; IPv6 by /64), authenticated or not. */
    WS_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(200),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(600_000).default(10_000),
    JOIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(30),
    AUTH_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(10),
    REGISTRATION_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(20),
    /** Registration mails: smtp(s)://user:pass@host:port. Unset: mails go to the console's outbox. */
    SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
    MAIL_FROM: z.string().min(3).max(200).optional(),
    /** Tests only: a clock the registration scheduler runs on that tests can move (POST /api/internal/clock). */
    CAUCUS_TEST_CLOCK: z.stringbool().default(false),
    /** The benchmark's server-side fan-out timing (GET /api/internal/fanout-timings); never in production. */
    CAUCUS_FANOUT_TIMING: z.stringbool().default(false),
  })
  .superRefine((c, ctx) => {
    // Cluster mode needs both: instances share the database AND the bus, or they must not share either.
    if ((c.DATABASE_URL === undefined) !== (c.REDIS_URL === undefined)) {
      const missing = c.DATABASE_URL === undefined ? 'DATABASE_URL' : 'REDIS_URL';
      const set = missing === 'DATABASE_URL' ? 'REDIS_URL' : 'DATABASE_URL';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: `${set} is set but ${missing} is not: cluster mode needs both a Postgres DATABASE_URL and a REDIS_URL (or neither, for one embedded instance)`,
      });
    }
    if (c.NODE_ENV === 'production' && c.TRUST_PROXY === true) {
      ctx.addIssue({
        code: 'custom',
        path: ['TRUST_PROXY'],
        message:
          'true is refused in production: every client could then choose its own address (X-Forwarded-For) and walk past IP bans and rate limits. ' +
          "Name your reverse proxy's addresses or CIDRs instead (e.g. TRUST_PROXY=10.0.0.2 or TRUST_PROXY=172.28.0.10,10.0.0.0/8), or false without a proxy",
      });
    }
  })
  .transform((c) => ({
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    livekit: {
      // The address browsers use; the admin API is reached over HTTP(S) at the same host unless
      // LIVEKIT_API_URL says otherwise (e.g. the compose service name inside Docker).
      url: c.LIVEKIT_URL.replace(/^http/, 'ws'),
      apiUrl: c.LIVEKIT_API_URL ?? c.LIVEKIT_URL.replace(/^ws/, 'http'),
      apiKey: c.LIVEKIT_API_KEY,
      apiSecret: c.LIVEKIT_API_SECRET,
    },
    organizerKey: c.CAUCUS_ORGANIZER_KEY,
    databasePath: c.DATABASE_PATH,
    databaseUrl: c.DATABASE_URL ?? null,
    redisUrl: c.REDIS_URL ?? null,
    /** Several instances share one Postgres and one Redis (both URLs set). */
    cluster: c.DATABASE_URL !== undefined && c.REDIS_URL !== undefined,
    instanceId: c.CAUCUS_INSTANCE_ID ?? defaultInstanceId(),
    leaseMs: c.CAUCUS_LEASE_MS,
    metricsToken: c.METRICS_TOKEN ?? null,
    clientDist: c.CLIENT_DIST,
    logLevel: c.LOG_LEVEL,
    trustProxy: c.TRUST_PROXY,
    wsConnectionsPerAddress: c.WS_CONNECTIONS_PER_ADDRESS,
    reconcileIntervalMs: c.RECONCILE_INTERVAL_MS,
    joinRateLimit: c.JOIN_RATE_LIMIT,
    authRateLimit: c.AUTH_RATE_LIMIT,
    registrationRateLimit: c.REGISTRATION_RATE_LIMIT,
    fanoutTiming: c.CAUCUS_FANOUT_TIMING,
    mail: {
      smtpUrl: c.SMTP_URL ?? null,
      from: c.MAIL_FROM ?? `Caucus <no-reply@${new URL(c.PUBLIC_URL ?? 'http://localhost').hostname}>`,
    },
    testClock: c.CAUCUS_TEST_CLOCK,
  }));

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Every variable the schema reads: .env.example and docker-compose.yml are checked against it. */
export const CONFIG_VARIABLES = Object.keys(configSchema.in.shape) as (keyof typeof configSchema.in.shape)[];

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(CONFIG_VARIABLES.map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = configSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '(config)');
        return env[name] === undefined ? `${name} is required: ${i.message}` : `${name}: ${i.message}`;
      }),
    );
  }
  return parsed.data;
}
