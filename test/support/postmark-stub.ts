import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PostmarkRequest {
  readonly method: string;
  readonly path: string;
  readonly token: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

export interface PostmarkStub {
  /** For POSTMARK_API_URL. */
  readonly url: string;
  /** Requests the stub accepted (answered 200). */
  readonly accepted: PostmarkRequest[];
  /** Every request, refused ones included. */
  readonly requests: PostmarkRequest[];
  /** Answers the next `count` requests with this status (Postmark's JSON error body). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A local HTTP server standing in for api.postmarkapp.com's POST /email. */
export async function startPostmarkStub(): Promise<PostmarkStub> {
  const requests: PostmarkRequest[] = [];
  const accepted: PostmarkRequest[] = [];
  let failures = 0;
  let failStatus = 500;

  const server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const request: PostmarkRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        token: req.headers['x-postmark-server-token'] as string | undefined,
        contentType: req.headers['content-type'],
        body,
      };
      requests.push(request);
      res.setHeader('content-type', 'application/json');
      if (failures > 0) {
        failures -= 1;
        res.statusCode = failStatus;
        res.end(JSON.stringify({ ErrorCode: failStatus === 422 ? 300 : 100, Message: 'stub refusal' }));
        return;
      }
      accepted.push(request);
      res.end(
        JSON.stringify({
          To: body.To,
          SubmittedAt: new Date().toISOString(),
          MessageID: randomUUID(),
          ErrorCode: 0,
          Message: 'OK',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accepted,
    requests,
    failNext: (count, status = 500) => {
      failures = count;
      failStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
