import { Counter } from 'prom-client';

/** Emails the mail server accepted: one per alert, or one per digest. */
export const notificationsSent = new Counter({
  name: 'error_tracker_notifications_sent_total',
  help: 'Alert emails accepted by the mail server',
  labelNames: ['kind'] as const,
});

/** Send attempts the mail server refused or that failed on the way; `gave_up` counts alerts recorded as failed. */
export const notificationsFailed = new Counter({
  name: 'error_tracker_notifications_failed_total',
  help: 'Alert email attempts that failed, and alerts given up on',
  labelNames: ['reason'] as const,
});
