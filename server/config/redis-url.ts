/**
 * Where the live store is: REDIS_URL in one of three forms, the ones ioredis
 * itself knows how to reach (server/store/redis-connection.ts builds the client).
 *
 *   redis://[user:password@]host:6379[/db]           one server (rediss:// for TLS)
 *   redis+sentinel://[user:password@]s1:26379,s2:26379/<master name>[/db]
 *                                                    ask the Sentinels which server is the master
 *   redis+cluster://[user:password@]n1:6379,n2:6379  a Redis Cluster, seeded by these nodes
 *
 * `rediss+sentinel` and `rediss+cluster` speak TLS to every node. The password
 * is the data nodes' (AUTH); Sentinels are reached without one.
 */

export interface RedisNode {
  host: string;
  port: number;
}

interface RedisAuth {
  username?: string;
  password?: string;
  tls: boolean;
}

export type RedisConnection =
  | { kind: 'standalone'; url: string }
  | ({ kind: 'sentinel'; sentinels: RedisNode[]; masterName: string; db: number } & RedisAuth)
  | ({ kind: 'cluster'; nodes: RedisNode[] } & RedisAuth);

const REDIS_URL_FORMS =
  'expected redis://host:port, redis+sentinel://host:port,host:port/master or redis+cluster://host:port,host:port (rediss for TLS)';

const DEFAULT_PORT = { sentinel: 26379, cluster: 6379 } as const;

const MULTI_HOST = /^(rediss?)\+(sentinel|cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?$/i;

/** The connection REDIS_URL names, or why it names none (never quoting a password). */
export function parseRedisUrl(text: string): { ok: true; connection: RedisConnection } | { ok: false; reason: string } {
  if (/^rediss?:\/\//i.test(text)) {
    return URL.canParse(text) ? { ok: true, connection: { kind: 'standalone', url: text } } : { ok: false, reason: REDIS_URL_FORMS };
  }
  const match = MULTI_HOST.exec(text);
  if (!match) return { ok: false, reason: REDIS_URL_FORMS };
  const [, scheme, kind, userInfo, hostList, path = ''] = match as unknown as [string, string, 'sentinel' | 'cluster', string | undefined, string, string?];
  const mode = kind.toLowerCase() as 'sentinel' | 'cluster';
  const nodes = parseNodes(hostList, DEFAULT_PORT[mode]);
  if (typeof nodes === 'string') return { ok: false, reason: nodes };
  const auth = { ...parseUserInfo(userInfo), tls: scheme.toLowerCase() === 'rediss' };
  const segments = path.split('/').filter((segment) => segment !== '');
  if (mode === 'cluster') {
    if (segments.length > 0) return { ok: false, reason: 'a cluster URL has no path: a cluster has no databases but 0 and no master name' };
    return { ok: true, connection: { kind: 'cluster', nodes, ...auth } };
  }
  const [masterName, db = '0', ...rest] = segments.map(decodeURIComponent);
  if (!masterName || rest.length > 0 || !/^\d{1,2}$/.test(db)) {
    return { ok: false, reason: 'a sentinel URL ends with /<master name> and optionally /<db>' };
  }
  return { ok: true, connection: { kind: 'sentinel', sentinels: nodes, masterName, db: Number(db), ...auth } };
}

function parseNodes(hostList: string, defaultPort: number): RedisNode[] | string {
  const nodes: RedisNode[] = [];
  for (const item of hostList.split(',')) {
    // [::1]:26379, host:26379 or host
    const match = /^(\[[0-9a-f:.]+\]|[^:[\]\s]+)(?::(\d{1,5}))?$/i.exec(item.trim());
    const port = match?.[2] === undefined ? defaultPort : Number(match[2]);
    if (!match || port < 1 || port > 65535) return `"${item.trim()}" is not host or host:port`;
    nodes.push({ host: match[1]!.replace(/^\[(.*)\]$/, '$1'), port });
  }
  return nodes;
}

function parseUserInfo(userInfo: string | undefined): Omit<RedisAuth, 'tls'> {
  if (userInfo === undefined) return {};
  const colon = userInfo.indexOf(':');
  const username = decodeURIComponent(colon < 0 ? userInfo : userInfo.slice(0, colon));
  const password = colon < 0 ? '' : decodeURIComponent(userInfo.slice(colon + 1));
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}
