// docker-compose.cluster.yml cannot run here (no Docker engine), so this checks that it agrees with
// the app and with itself: each instance's environment is what the config schema reads and puts
// the app in cluster mode; secrets come from .env only; nothing but the balancer and LiveKit's
// media ports is published; the LiveKit node configs, the balancer's Caddyfile and the apps name
// the same ports, hosts and paths.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, configSchema } from '../server/src/config';
import { LIVEKIT_VERSION } from './livekit';

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  networks?: Record<string, { ipv4_address?: string } | null>;
  healthcheck?: { test: string[] };
};
type LivekitNode = {
  port: number;
  rtc: { tcp_port: number; udp_port: number };
  redis: { address: string };
  prometheus_port: number;
  keys?: unknown;
  webhook: { api_key?: string; urls: string[] };
  room: { auto_create: boolean };
};

const composeText = readFileSync('docker-compose.cluster.yml', 'utf8');
// `merge`: the instances share their settings through YAML merge keys (<<), as Compose reads them.
const compose = parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
};
const { services } = compose;
const APPS = ['caucus-a', 'caucus-b'] as const;
const NODES = ['livekit-a', 'livekit-b'] as const;

// A compose file is interpolated from .env; stand in a plausible value for every ${VAR}.
const SAMPLES: Record<string, string> = {
  PUBLIC_URL: 'https://caucus.example.org',
  LIVEKIT_API_KEY: 'prodkey',
  LIVEKIT_API_SECRET: 'a-production-secret-of-at-least-32-chars',
  CAUCUS_ORGANIZER_KEY: 'an-organizer-key-long-enough',
  METRICS_TOKEN: 'a-metrics-token-long-enough',
  POSTGRES_PASSWORD: 'c0ffee15deadbeef',
};
const interpolate = (value: string) =>
  value.replace(/\$\{(\w+)(:-([^}]*))?\}/g, (_m, name: string, _d, fallback?: string) => SAMPLES[name] ?? fallback ?? '');
const envOf = (service: string) =>
  Object.fromEntries(Object.entries(services[service]!.environment!).map(([k, v]) => [k, interpolate(String(v))]));
const configOf = (app: string) => configSchema.parse(envOf(app));

/** The host path mounted at `target` in a service (relative to the compose file). */
function mounted(service: string, target: string): string {
  const volume = services[service]!.volumes!.find((v) => v.split(':')[1] === target);
  expect(volume, `${service} mounts ${target}`).toBeDefined();
  return volume!.split(':')[0]!.replace(/^\.\//, '');
}
const nodeConfig = (node: string) => parse(readFileSync(mounted(node, '/etc/livekit.yaml'), 'utf8')) as LivekitNode;

/** A Caddyfile as a tree of directives: `tokens` of a line, and the block it opens, if any. */
type Directive = { tokens: string[]; children: Directive[] };
function parseCaddyfile(text: string): Directive[] {
  const root: Directive = { tokens: [], children: [] };
  const stack = [root];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    if (line === '}') {
      stack.pop();
      continue;
    }
    const opens = line.endsWith('{');
    const directive = { tokens: line.replace(/\{$/, '').trim().split(/\s+/), children: [] };
    stack.at(-1)!.children.push(directive);
    if (opens) stack.push(directive);
  }
  expect(stack, 'every { in the Caddyfile is closed').toHaveLength(1);
  return root.children;
}
const caddy = parseCaddyfile(readFileSync(mounted('lb', '/etc/caddy/Caddyfile'), 'utf8'));
const site = (address: string) => {
  const found = caddy.find((d) => d.tokens[0] === address);
  expect(found, `Caddyfile site ${address}`).toBeDefined();
  return found!;
};
/** The reverse_proxy directly in a block: its upstreams and its options. */
function proxyIn(block: Directive): { upstreams: string[]; options: Record<string, string> } {
  const proxy = block.children.find((d) => d.tokens[0] === 'reverse_proxy');
  expect(proxy, `reverse_proxy in ${block.tokens.join(' ')}`).toBeDefined();
  return {
    upstreams: proxy!.tokens.slice(1),
    options: Object.fromEntries(proxy!.children.map((d) => [d.tokens[0]!, d.tokens.slice(1).join(' ')])),
  };
}
const handle = (block: Directive, matcher: string | null) => {
  const found = block.children.find((d) => d.tokens[0] === 'handle' && (d.tokens[1] ?? null) === matcher);
  expect(found, `handle ${matcher ?? '(the rest)'}`).toBeDefined();
  return found!;
};

describe('docker-compose.cluster.yml', () => {
  test('has the balancer, two instances, Redis, Postgres and two LiveKit nodes, all pinned', () => {
    expect(Object.keys(services).sort()).toEqual(['caucus-a', 'caucus-b', 'lb', 'livekit-a', 'livekit-b', 'postgres', 'redis']);
    for (const node of NODES) expect(services[node]!.image).toBe(`livekit/livekit-server:v${LIVEKIT_VERSION}`);
    // Official images with a version in the tag (never latest).
    expect(services.redis!.image).toMatch(/^redis:\d+\.\d+/);
    expect(services.postgres!.image).toMatch(/^postgres:\d+\.\d+/);
    expect(services.lb!.image).toMatch(/^caddy:\d+\.\d+/);
    for (const app of APPS) expect(services[app]!.build).toBeDefined();
  });

  test("each instance's environment is exactly what the schema reads, validates, and means cluster mode", () => {
    for (const app of APPS) {
      const env = envOf(app);
      for (const name of Object.keys(env)) expect(CONFIG_VARIABLES).toContain(name);
      const parsed = configSchema.safeParse(env);
      expect(parsed.success, `${app}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      const config = parsed.data!;
      expect(config.env).toBe('production');
      expect(config.host).toBe('0.0.0.0');
      expect(config.cluster).toBe(true);
      expect(config.instanceId).toBe(app);
      expect(config.metricsToken).toBe(SAMPLES.METRICS_TOKEN);
      expect(services[app]!.expose).toContain(env.PORT);
    }
    // The same program with the same settings: only the name differs.
    const [a, b] = APPS.map((app) => {
      const { CAUCUS_INSTANCE_ID: _, ...rest } = services[app]!.environment!;
      return rest;
    });
    expect(a).toEqual(b);
  });

  test('the instances reach the Redis and the Postgres of this file, once they answer', () => {
    const config = configOf('caucus-a');
    const redis = new URL(config.redisUrl!);
    expect(redis.hostname).toBe('redis');
    const postgres = new URL(config.databaseUrl!);
    const pg = services.postgres!.environment!;
    expect(postgres.hostname).toBe('postgres');
    expect(postgres.username).toBe(pg.POSTGRES_USER);
    expect(postgres.pathname).toBe(`/${pg.POSTGRES_DB}`);
    expect(decodeURIComponent(postgres.password)).toBe(interpolate(pg.POSTGRES_PASSWORD!));
    for (const app of APPS) {
      expect(services[app]!.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
    }
    expect(services.postgres!.healthcheck!.test).toContain('pg_isready');
    expect(services.redis!.healthcheck!.test).toContain('ping');
  });

  test('no secret is written in the file: every one comes from .env', () => {
    const secretish = /SECRET|PASSWORD|TOKEN|KEY|DATABASE_URL/;
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (secretish.test(key)) expect(String(value), `${name}.${key}`).toMatch(/\$\{(LIVEKIT_API_KEY|LIVEKIT_API_SECRET|CAUCUS_ORGANIZER_KEY|METRICS_TOKEN|POSTGRES_PASSWORD)\}/);
      }
    }
    // Nor in the LiveKit node configs (LIVEKIT_KEYS and LIVEKIT_WEBHOOK_API_KEY carry them).
    for (const node of NODES) {
      const config = nodeConfig(node);
      expect(config.keys).toBeUndefined();
      expect(config.webhook.api_key).toBeUndefined();
      const env = envOf(node);
      expect(env.LIVEKIT_KEYS).toBe(`${SAMPLES.LIVEKIT_API_KEY}: ${SAMPLES.LIVEKIT_API_SECRET}`);
      expect(env.LIVEKIT_WEBHOOK_API_KEY).toBe(SAMPLES.LIVEKIT_API_KEY);
    }
  });

  test('only the balancer (80/443) and LiveKit media ports are published; the apps, Redis, Postgres are not', () => {
    for (const name of [...APPS, 'redis', 'postgres']) expect(services[name]!.ports, name).toBeUndefined();
    expect(services.lb!.ports!.sort()).toEqual(['443:443', '443:443/udp', '80:80']);
  });

  test('the apps believe X-Forwarded-For from the balancer alone', () => {
    const lbAddress = services.lb!.networks!.edge!.ipv4_address!;
    expect(compose.networks.edge!.ipam.config[0]!.subnet).toBe('172.28.0.0/24');
    expect(lbAddress.startsWith('172.28.0.')).toBe(true);
    for (const app of APPS) {
      expect(configOf(app).trustProxy).toEqual([lbAddress]);
      expect(Object.keys(services[app]!.networks!).sort()).toEqual(['default', 'edge']);
    }
    // The balancer alone has that address: no other service sits on the edge network.
    const onEdge = Object.entries(services).filter(([, s]) => s.networks && 'edge' in s.networks).map(([n]) => n);
    expect(onEdge.sort()).toEqual(['caucus-a', 'caucus-b', 'lb']);
  });
});

describe('the LiveKit nodes (infra/cluster/livekit-*.yaml)', () => {
  test('share the Redis of REDIS_URL and use ports of their own', () => {
    const redis = new URL(configOf('caucus-a').redisUrl!);
    const configs = NODES.map(nodeConfig);
    for (const c of configs) expect(c.redis.address).toBe(`${redis.hostname}:${redis.port || '6379'}`);
    const [a, b] = configs;
    const portsOf = (c: LivekitNode) => [c.port, c.rtc.tcp_port, c.rtc.udp_port, c.prometheus_port];
    const all = [...portsOf(a!), ...portsOf(b!)];
    expect(new Set(all).size).toBe(all.length);
  });

  test('publish exactly their media ports, each as the same number (ICE candidates carry it)', () => {
    for (const node of NODES) {
      const c = nodeConfig(node);
      expect(services[node]!.ports!.sort()).toEqual([`${c.rtc.tcp_port}:${c.rtc.tcp_port}/tcp`, `${c.rtc.udp_port}:${c.rtc.udp_port}/udp`].sort());
      expect(services[node]!.command).toEqual(['--config', '/etc/livekit.yaml']);
      // Rooms are created by Caucus only: an ended call's room cannot come back.
      expect(c.room.auto_create).toBe(false);
    }
  });

  test("send webhooks to the balancer's internal site, which forwards them to the apps' webhook route", () => {
    const port = configOf('caucus-a').port;
    for (const node of NODES) {
      const [url, ...more] = nodeConfig(node).webhook.urls;
      expect(more).toEqual([]);
      const target = new URL(url!);
      expect(target.hostname).toBe('lb');
      expect(target.pathname).toBe('/api/livekit/webhook');
      const internal = proxyIn(site(`http://:${target.port}`));
      expect(internal.upstreams.sort()).toEqual(APPS.map((app) => `${app}:${port}`));
      expect(internal.options.health_uri).toBe('/readyz');
    }
  });
});

describe('the balancer (infra/cluster/Caddyfile)', () => {
  const publicSite = () => site('{$PUBLIC_URL}');

  test('serves PUBLIC_URL from both instances, checked on /readyz, reading PUBLIC_URL from .env', () => {
    const port = configOf('caucus-a').port;
    const apps = proxyIn(handle(publicSite(), null));
    expect(apps.upstreams.sort()).toEqual(APPS.map((app) => `${app}:${port}`));
    expect(apps.options.health_uri).toBe('/readyz');
    expect(apps.options.lb_try_duration).toBeDefined();
    expect(services.lb!.environment!.PUBLIC_URL).toBe('${PUBLIC_URL}');
  });

  test("LiveKit's signalling (and only it) on the same host, over both nodes; browsers are told that address", () => {
    const nodes = proxyIn(handle(publicSite(), '/rtc*'));
    expect(nodes.upstreams.sort()).toEqual(NODES.map((n) => `${n}:${nodeConfig(n).port}`));
    expect(nodes.options.health_uri).toBeDefined();
    // Only /rtc* and the apps: LiveKit's admin API (/twirp) is not public.
    expect(publicSite().children.map((d) => d.tokens.join(' ')).sort()).toEqual(['handle', 'handle /rtc*']);
    const config = configOf('caucus-a');
    expect(config.livekit.url).toBe(SAMPLES.PUBLIC_URL!.replace(/^http/, 'ws'));
  });

  test("the apps' admin API address is the balancer's internal site over both nodes, published nowhere", () => {
    const apiUrl = new URL(configOf('caucus-a').livekit.apiUrl);
    expect(apiUrl.hostname).toBe('lb');
    const admin = proxyIn(site(`http://:${apiUrl.port}`));
    expect(admin.upstreams.sort()).toEqual(NODES.map((n) => `${n}:${nodeConfig(n).port}`));
    for (const published of services.lb!.ports!) expect(published.startsWith(`${apiUrl.port}:`)).toBe(false);
  });
});
