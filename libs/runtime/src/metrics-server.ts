import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, register } from 'prom-client';
import type { Logger } from './logger';
import type { Service } from './shutdown';

let defaultsCollected = false;

export interface MetricsServer extends Service {
  readonly port: number;
}

/** Adds prom-client's process and Node.js series (CPU, memory, event loop…) to the registry, once. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  collectDefaultMetrics({ prefix: 'error_tracker_' });
  defaultsCollected = true;
}

/**
 * Serves the process's one registry at /metrics: every role started in this process (all of them
 * in `all` mode) registers its series there, next to the default process metrics.
 */
export async function startMetricsServer(port: number, host: string, logger: Logger): Promise<MetricsServer> {
  collectProcessMetrics();
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    register
      .metrics()
      .then((text) => res.writeHead(200, { 'content-type': register.contentType }).end(text))
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'metrics collection failed');
        res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  logger.info({ metricsPort: bound }, 'metrics listening');
  return {
    name: 'metrics',
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
