/** BullMQ queue the API fills and the ingest workers drain. */
export const INGEST_QUEUE = 'ingest';

/** Redis stream the ingest worker publishes created and reopened groups to; the notifier reads it. */
export const NEW_ERRORS_STREAM = 'new-errors';

/** Consumer group every notifier replica reads `new-errors` through (retention trims behind it). */
export const NOTIFIER_GROUP = 'notifier';

/** BullMQ queue whose job scheduler runs the daily retention pass on exactly one replica. */
export const RETENTION_QUEUE = 'retention';
