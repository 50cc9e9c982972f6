// docker-compose.yml cannot run here (no Docker engine), so this checks that it agrees with the
// app: the pinned LiveKit image, the media ports, every required setting, and the webhook path.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, configSchema } from '../server/src/config';
import { LIVEKIT_VERSION } from './livekit';

type Service = {
  image?: string;
  build?: unknown;
  ports?: string[];
  expose?: string[];
  command?: string[];
  environment?: Record<string, string>;
  networks?: Record<string, { ipv4_address?: string } | null>;
};
const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as {
  services: Record<string, Service>;
  networks: Record<string, { ipam: { config: { subnet: string }[] } }>;
};
const { livekit, redis, app, proxy } = compose.services;

// A compose file is interpolated from .env; stand in a plausible value for every ${VAR}.
const interpolate = (value: string) =>
  value.replace(/\$\{(\w+)(:-([^}]*))?\}/g, (_m, name: string, _d, fallback?: string) => {
    const samples: Record<string, string> = {
      PUBLIC_URL: 'https://caucus.example.org',
      LIVEKIT_PUBLIC_URL: 'wss://livekit.example.org',
      LIVEKIT_API_KEY: 'prodkey',
      LIVEKIT_API_SECRET: 'a-production-secret-of-at-least-32-chars',
      CAUCUS_ORGANIZER_KEY: 'an-organizer-key-long-enough',
    };
    return samples[name] ?? fallback ?? '';
  });

describe('docker-compose.yml', () => {
  test('has livekit (pinned), redis and the app', () => {
    expect(livekit?.image).toBe(`livekit/livekit-server:v${LIVEKIT_VERSION}`);
    expect(redis?.image).toMatch(/^redis:/);
    expect(app?.build).toBeDefined();
  });

  test('publishes LiveKit signalling, ICE-TCP and the UDP media port from its own config', () => {
    const lkConfig = parse(interpolate(livekit!.environment!.LIVEKIT_CONFIG!)) as {
      port: number;
      rtc: { tcp_port: number; udp_port: number };
      keys: Record<string, string>;
      webhook: { api_key: string; urls: string[] };
      redis: { address: string };
    };
    expect(livekit!.ports).toEqual(
      expect.arrayContaining([`${lkConfig.port}:${lkConfig.port}`, `${lkConfig.rtc.tcp_port}:${lkConfig.rtc.tcp_port}/tcp`, `${lkConfig.rtc.udp_port}:${lkConfig.rtc.udp_port}/udp`]),
    );
    expect(lkConfig.keys).toEqual({ prodkey: 'a-production-secret-of-at-least-32-chars' });
    expect(lkConfig.webhook.api_key).toBe('prodkey');
    expect(lkConfig.redis.address).toBe('redis:6379');
    // The webhook reaches the app service on its PORT, at the route the server registers.
    expect(lkConfig.webhook.urls).toEqual([`http://app:${app!.environment!.PORT}/api/livekit/webhook`]);
    expect(app!.environment!.LIVEKIT_API_URL).toBe(`http://livekit:${lkConfig.port}`);
  });

  test("the app's environment is exactly what the config schema reads, and it validates", () => {
    const env = Object.fromEntries(Object.entries(app!.environment!).map(([k, v]) => [k, interpolate(String(v))]));
    for (const name of Object.keys(env)) expect(CONFIG_VARIABLES).toContain(name);
    const parsed = configSchema.safeParse(env);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(app!.expose).toContain(env.PORT);
    expect(parsed.data!.host).toBe('0.0.0.0');
    expect(parsed.data!.env).toBe('production');
  });

  test('publishes the app only through its proxy, whose address alone it trusts for X-Forwarded-For', () => {
    const env = Object.fromEntries(Object.entries(app!.environment!).map(([k, v]) => [k, interpolate(String(v))]));
    // No port of the app on the host: the only way in is the proxy, which publishes HTTPS.
    expect(app!.ports).toBeUndefined();
    expect(proxy!.ports).toEqual(expect.arrayContaining(['443:443', '80:80']));
    expect(proxy!.command).toEqual(['caddy', 'reverse-proxy', '--from', '${PUBLIC_URL}', '--to', `app:${env.PORT}`]);
    // The proxy has a fixed address on a network it shares with the app, and TRUST_PROXY names exactly it.
    const proxyAddress = proxy!.networks!.edge!.ipv4_address!;
    expect(Object.keys(app!.networks!)).toContain('edge');
    expect(compose.networks.edge!.ipam.config[0]!.subnet).toBe('172.28.0.0/24');
    expect(proxyAddress.startsWith('172.28.0.')).toBe(true);
    expect(configSchema.parse(env).trustProxy).toEqual([proxyAddress]);
    // LiveKit still reaches the app's webhook route over the default network.
    expect(Object.keys(app!.networks!)).toContain('default');
  });
});

describe('.env.example', () => {
  const listed = readFileSync('.env.example', 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split('=')[0]!);

  test('lists every setting the server reads', () => {
    for (const name of CONFIG_VARIABLES) expect(listed).toContain(name);
  });

  test('lists nothing the server or compose does not read', () => {
    const composeOnly = ['LIVEKIT_PUBLIC_URL'];
    for (const name of listed) expect([...CONFIG_VARIABLES, ...composeOnly]).toContain(name);
  });
});
