import { Counter, Gauge } from 'prom-client';

export const spooledEvents = new Counter({
  name: 'error_tracker_events_spooled_total',
  help: 'Events accepted into the local spool while Redis was unavailable',
});

export const replayedEvents = new Counter({
  name: 'error_tracker_events_replayed_total',
  help: 'Spooled events put on the ingest queue once Redis was back',
});

export const spoolBytes = new Gauge({
  name: 'error_tracker_spool_bytes',
  help: 'Bytes waiting in the local spool (0: not spooling)',
});
