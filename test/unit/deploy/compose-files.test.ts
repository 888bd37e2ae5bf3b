import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../../server/config/env-config';
import { parseComposeYaml, type YamlValue } from '../../support/compose-yaml';

/**
 * The compose files checked without Docker: what each service is, that it
 * waits for what it needs (only on services that have a health check), and
 * that the wallboard nodes' environment is one loadConfig accepts.
 */

type Service = { [key: string]: YamlValue };

function composeFile(file: string): { dir: string; services: Record<string, Service> } {
  const parsed = parseComposeYaml(readFileSync(file, 'utf8')) as { services: Record<string, Service> };
  return { dir: path.dirname(file), services: parsed.services };
}

/** Compose interpolation: `${X}`, `${X:-default}`, `${X:?error}` from `shell`. */
function interpolate(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind: string | undefined, rest: string) => {
    const given = shell[name];
    if (given !== undefined && given !== '') return given;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? rest : '';
  });
}

function environmentOf(service: Service, shell: Record<string, string> = {}): Record<string, string> {
  const environment = (service.environment ?? {}) as Record<string, string>;
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, interpolate(value, shell)]));
}

function checkDependencies(services: Record<string, Service>): void {
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, rule] of Object.entries((service.depends_on ?? {}) as Record<string, { condition: string }>)) {
      expect(services[dependency], `${name} depends on ${dependency}`).toBeDefined();
      expect(['service_started', 'service_healthy']).toContain(rule.condition);
      if (rule.condition === 'service_healthy') expect(services[dependency]!.healthcheck, `${dependency} has a health check`).toBeDefined();
    }
  }
}

const SHELL = { AMI_HOST: 'pbx.example', AMI_SECRET: 's3cret' };

describe('deploy/docker-compose.nodes.yml', () => {
  const { dir, services } = composeFile('deploy/docker-compose.nodes.yml');
  const nodes = ['node1', 'node2', 'node3'];

  it('runs three wallboard nodes, HAProxy, Redis and Postgres', () => {
    expect(Object.keys(services).sort()).toEqual([...nodes, 'haproxy', 'postgres', 'redis', 'simulator'].sort());
    expect(services.simulator!.profiles).toEqual(['simulator']);
    checkDependencies(services);
  });

  it('builds every node from the Dockerfile and gives it an environment loadConfig accepts', () => {
    for (const name of nodes) {
      const node = services[name]!;
      const build = node.build as { context: string; dockerfile: string };
      expect(existsSync(path.join(dir, build.context, build.dockerfile))).toBe(true);
      const environment = environmentOf(node, SHELL);
      expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(Object.keys(environment)));
      const config = loadConfig(environment);
      expect(config.redis).toEqual({ kind: 'standalone', url: 'redis://redis:6379' });
      expect(config.databaseUrl).toBe('postgres://wallboard:wallboard@postgres:5432/wallboard');
      expect(config.ami).toMatchObject({ host: 'pbx.example', port: 5038, username: 'wallboard', secret: 's3cret' });
      expect(config.simulator).toBe(false);
      expect(node.depends_on).toEqual({ redis: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
      expect(JSON.stringify((node.healthcheck as Service).test)).toContain(`127.0.0.1:${config.port}/api/health`);
    }
  });

  it('refuses to start a node without a PBX, and takes Sentinels from REDIS_URL', () => {
    expect(() => environmentOf(services.node1!, {})).toThrow(/AMI_HOST/);
    const sentinel = loadConfig(environmentOf(services.node1!, { ...SHELL, REDIS_URL: 'redis+sentinel://s1,s2/wallboard' }));
    expect(sentinel.redis).toMatchObject({ kind: 'sentinel', masterName: 'wallboard' });
  });

  it('keeps Redis in an append-only file and Postgres on a volume', () => {
    expect(services.redis!.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(services.redis!.volumes).toEqual(['redis-data:/data']);
    expect(services.postgres!.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(environmentOf(services.postgres!)).toMatchObject({ POSTGRES_USER: 'wallboard', POSTGRES_DB: 'wallboard' });
  });

  it('gives HAProxy its config and every address the config names', () => {
    const haproxy = services.haproxy!;
    const [mount] = haproxy.volumes as string[];
    const [file, target] = mount!.split(':');
    expect(target).toBe('/usr/local/etc/haproxy/haproxy.cfg');
    const config = readFileSync(path.join(dir, file!), 'utf8');
    const environment = environmentOf(haproxy);
    const named = [...config.matchAll(/"\$\{(\w+)\}"/g)].map((match) => match[1]!);
    expect(Object.keys(environment).sort()).toEqual([...new Set(named)].sort());
    const port = loadConfig(environmentOf(services.node1!, SHELL)).port;
    expect(nodes.map((_, index) => environment[`WALLBOARD_NODE${index + 1}`])).toEqual(nodes.map((name) => `${name}:${port}`));
    expect(haproxy.ports).toContain(`3000:${environment.HAPROXY_BIND!.split(':').pop()}`);
  });
});

describe('deploy/haproxy.cfg', () => {
  const config = readFileSync('deploy/haproxy.cfg', 'utf8');

  it('checks /api/health, keeps a socket.io session on its node and lets websockets live', () => {
    expect(config).toMatch(/http-check send meth GET uri \/api\/health\n/);
    expect(config).toMatch(/http-check expect status 200\n/);
    expect(config).toMatch(/cookie SERVERID insert indirect nocache\n/);
    expect(config).toMatch(/timeout tunnel 1h\n/);
    expect(config).toMatch(/option forwardfor\n/);
    expect(config).toMatch(/option redispatch\n/);
    expect([...config.matchAll(/^ {4}server (node\d) "\$\{WALLBOARD_NODE\d\}" cookie \1$/gm)]).toHaveLength(3);
  });
});

describe('docker-compose.yml (one node)', () => {
  const { services } = composeFile('docker-compose.yml');

  it('waits for healthy Redis and Postgres and checks /api/health', () => {
    checkDependencies(services);
    const app = services.app!;
    expect(CONFIG_VARIABLES).toEqual(expect.arrayContaining(Object.keys(environmentOf(app))));
    expect(loadConfig(environmentOf(app)).redis).toEqual({ kind: 'standalone', url: 'redis://redis:6379' });
    expect(JSON.stringify((app.healthcheck as Service).test)).toContain('/api/health');
  });
});
