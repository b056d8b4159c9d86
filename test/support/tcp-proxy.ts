import { createServer, type Socket, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Stops forwarding what clients send (their writes pile up unseen); replies still flow back. */
  freeze(): void;
  close(): Promise<void>;
}

/** A TCP relay to host:port, so a test can cut one process's commands off at an exact moment. */
export async function startTcpProxy(host: string, port: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  const clients = new Map<Socket, Socket>();

  const server = createServer((client) => {
    const upstream = connect(port, host);
    sockets.add(client).add(upstream);
    clients.set(client, upstream);
    upstream.pipe(client);
    if (frozen) client.pause();
    else client.pipe(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
