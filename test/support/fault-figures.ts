import type { LoadTally } from './ingest-load';

/** One fault's figures: what the load saw from the fault until the system had healed. */
export interface FaultFigures {
  readonly fault: string;
  readonly tally: LoadTally;
  /** From the fault to the repair (a replacement started, the server back). */
  readonly outageMs: number;
  /** From the repair to the first 2xx again. */
  readonly loadBackMs: number;
  /** From the repair to every 2xx event (and alert) so far counted (delivered). */
  readonly healedMs: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A plain table: one line per fault. */
export function faultTable(rows: readonly FaultFigures[]): string {
  const head = ['fault', 'sent', '2xx', '503', 'other', 'no answer', 'outage', '2xx again', 'healed'];
  const lines = rows.map((r) =>
    [
      r.fault,
      r.tally.sent,
      r.tally.accepted,
      r.tally.unavailable,
      r.tally.otherStatus,
      r.tally.noAnswer,
      seconds(r.outageMs),
      seconds(r.loadBackMs),
      seconds(r.healedMs),
    ].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? '').length)));
  const format = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [format(head), ...lines.map(format)].join('\n');
}
