import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { Counter, Gauge } from 'prom-client';
import { HTTP_SERIES } from '@error-tracker/contracts/monitoring';

const open = new Set<Socket>();
let closedIn = 0;
let closedOut = 0;

const liveBytes = (pick: (socket: Socket) => number) => [...open].reduce((sum, socket) => sum + pick(socket), 0);

/** A counter whose total is read from the sockets at scrape time: nothing is counted per request. */
function socketBytesCounter(name: string, help: string, total: () => number): Counter {
  let reported = 0;
  return new Counter({
    name,
    help,
    collect() {
      const now = total();
      if (now > reported) this.inc(now - reported);
      reported = Math.max(reported, now);
    },
  });
}

export const openConnections = new Gauge({
  name: HTTP_SERIES.openConnections,
  help: 'HTTP connections open to the API',
  collect() {
    this.set(open.size);
  },
});

export const bytesReceived = socketBytesCounter(
  HTTP_SERIES.bytesIn,
  'Bytes the API read from its HTTP connections',
  () => closedIn + liveBytes((s) => s.bytesRead),
);
export const bytesSent = socketBytesCounter(
  HTTP_SERIES.bytesOut,
  'Bytes the API wrote to its HTTP connections',
  () => closedOut + liveBytes((s) => s.bytesWritten),
);

/** Counts the server's connections and the bytes they carry, from connection open and close only. */
export function trackConnections(server: Server): void {
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      closedIn += socket.bytesRead;
      closedOut += socket.bytesWritten;
    });
  });
}
