import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

interface ClientError extends Error {
  readonly code?: string;
}

/** Node's own answers to requests it cannot parse carry no body; these say what is wrong, as problem+json. */
function problemFor(error: ClientError): { status: number; title: string; detail: string } {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      title: 'Request Header Fields Too Large',
      detail: 'the request line and headers exceed 16 KB (a URL this long is refused)',
    };
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT')
    return { status: 408, title: 'Request Timeout', detail: 'the request was not received in time' };
  return { status: 400, title: 'Bad Request', detail: `the request is not valid HTTP (${error.code ?? error.message})` };
}

/** Answers requests Node's HTTP parser refuses with a problem, instead of Node's bare status line. */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: ClientError, socket: Duplex) => {
    // As Node's own handler: nothing is written over an answer already under way.
    const answering = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
    if (error.code === 'ECONNRESET' || !socket.writable || answering) {
      socket.destroy();
      return;
    }
    const problem = problemFor(error);
    const body = JSON.stringify({ type: 'about:blank', ...problem });
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
