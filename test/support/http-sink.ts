import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The body exactly as received (signatures are over these bytes). */
  readonly rawBody: string;
}

export interface SinkAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface HttpSink {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Every request, answered or scripted to fail. */
  readonly requests: SinkRequest[];
  /** Requests the sink answered with a 2xx. */
  readonly accepted: SinkRequest[];
  /** The next `count` requests get `answer` instead of the service's usual one (they are still checked and recorded). */
  failNext(count: number, answer: SinkAnswer): void;
  /** The next `count` requests get no answer at all (until close), as a service that hangs. */
  stallNext(count: number): void;
  close(): Promise<void>;
}

/** A real HTTP server on loopback that answers each request with `answer(request, index)`, standing in for a third-party service. */
export async function startHttpSink(answer: (request: SinkRequest, index: number) => SinkAnswer): Promise<HttpSink> {
  const requests: SinkRequest[] = [];
  const accepted: SinkRequest[] = [];
  const scripted: Array<SinkAnswer | 'stall'> = [];

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SinkRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        rawBody: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const usual = answer(request, requests.length - 1);
      const given = scripted.shift() ?? usual;
      if (given === 'stall') return;
      if (given.status >= 200 && given.status < 300) accepted.push(request);
      res.writeHead(given.status, given.headers ?? {});
      res.end(given.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    failNext: (count, failure) => {
      scripted.length = 0;
      for (let i = 0; i < count; i++) scripted.push(failure);
    },
    stallNext: (count) => {
      scripted.length = 0;
      for (let i = 0; i < count; i++) scripted.push('stall');
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const jsonAnswer = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): SinkAnswer => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
