const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
// 57P01..03: server shutting down or starting; 53300: too many connections; 40001/40P01: serialization, deadlock.
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/**
 * A row routed to a table's default partition just as a partition for its range was attached (the
 * partition maintenance): 23514 like a broken CHECK, but without a constraint name (a CHECK always
 * has one), and written again the row goes to the new partition.
 */
function isPartitionRace(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  return code === '23514' && constraint === undefined;
}

/** True for failures that say nothing about the data: waiting and trying again is the fix. */
export function isTransientDbError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  if (isPartitionRace(error)) return true;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || TRANSIENT_SQLSTATES.has(code) || code.startsWith('08'))) {
    return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  );
}

/** SQLSTATE classes 22 (data exception) and 23 (integrity): retrying the same event cannot succeed. */
export function isDataError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || isPartitionRace(error)) return false;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}
