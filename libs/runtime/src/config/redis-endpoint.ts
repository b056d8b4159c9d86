/** A host and port of a Redis Cluster node. */
export interface ClusterNode {
  readonly host: string;
  readonly port: number;
}

/**
 * What REDIS_URL names: one Redis (`redis://`, `rediss://`: standalone or a primary), or a Redis
 * Cluster (`redis+cluster://` / `rediss+cluster://`, several seed nodes comma-separated; the client
 * learns the rest of the cluster from them).
 */
export type RedisEndpoint =
  | { readonly kind: 'single'; readonly url: string }
  | {
      readonly kind: 'cluster';
      readonly nodes: readonly ClusterNode[];
      readonly username: string | undefined;
      readonly password: string | undefined;
      readonly tls: boolean;
    };

const CLUSTER_SCHEME = /^(rediss?)\+cluster:\/\/(.*)$/i;
const NODE = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

export const REDIS_URL_FORMS = 'redis://, rediss://, or redis+cluster://host:port,host:port (rediss+cluster:// for TLS)';

function parseNode(text: string): ClusterNode {
  const match = NODE.exec(text.trim());
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65535) throw new Error(`"${text}" is not host:port`);
  return { host: match[1] ?? match[2] ?? '', port };
}

function decoded(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : decodeURIComponent(text);
}

/** Parses REDIS_URL; throws an Error saying what is wrong. */
export function parseRedisUrl(value: string): RedisEndpoint {
  const cluster = CLUSTER_SCHEME.exec(value);
  if (!cluster) {
    let protocol: string;
    try {
      protocol = new URL(value).protocol;
    } catch {
      throw new Error(`must be a URL: ${REDIS_URL_FORMS}`);
    }
    if (protocol !== 'redis:' && protocol !== 'rediss:') throw new Error(`must start with ${REDIS_URL_FORMS}`);
    return { kind: 'single', url: value };
  }
  const rest = (cluster[2] ?? '').replace(/\/\d*$/, '');
  const at = rest.lastIndexOf('@');
  const [user, password] = at < 0 ? [] : rest.slice(0, at).split(/:(.*)/s, 2);
  const hosts = (at < 0 ? rest : rest.slice(at + 1)).split(',').filter((host) => host.trim() !== '');
  if (hosts.length === 0) throw new Error('a redis+cluster:// URL needs at least one host:port');
  return {
    kind: 'cluster',
    nodes: hosts.map(parseNode),
    username: decoded(user),
    password: decoded(password),
    tls: cluster[1]?.toLowerCase() === 'rediss',
  };
}
