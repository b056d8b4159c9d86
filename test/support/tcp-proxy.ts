import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Stops forwarding what clients send (their writes pile up unseen); replies still flow back. */
  freeze(): void;
  /** Drops every connection and refuses new ones, as a server that went away. */
  down(): void;
  /** Accepts connections again. */
  up(): void;
  close(): Promise<void>;
}

/** A TCP relay to host:port, so a test can cut a process off at an exact moment or stage an outage. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const clients = new Map<Socket, Socket>();
  let frozen = false;
  let isDown = false;
  const dropAll = () => {
    for (const [client, upstream] of clients) {
      client.destroy();
      upstream.destroy();
    }
    clients.clear();
  };

  const server = createServer((client) => {
    if (isDown) {
      client.destroy();
      return;
    }
    const upstream = connect(port, host);
    clients.set(client, upstream);
    upstream.pipe(client);
    if (frozen) client.pause();
    else client.pipe(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      clients.delete(client);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));

  return {
    port: (server.address() as AddressInfo).port,
    freeze: () => {
      frozen = true;
      for (const [client, upstream] of clients) {
        client.unpipe(upstream);
        client.pause();
      }
    },
    down: () => {
      isDown = true;
      dropAll();
    },
    up: () => {
      isDown = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        server.close(() => resolve());
      }),
  };
}

/** The same URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxy.port);
  return parsed.toString();
}
