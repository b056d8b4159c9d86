import { channelStormKey, newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { closeInOrder, type Service } from '@error-tracker/runtime/shutdown';
import { closeRedis, createRedis } from '@error-tracker/runtime/redis';
import { type Config } from '@error-tracker/runtime/config/load-config';
import { createDb } from '@error-tracker/runtime/postgres';
import { type Logger } from '@error-tracker/runtime/logger';
import { NOTIFIER_GROUP } from '@error-tracker/contracts/queues';
import { AlertProcessor } from './alerts/alert-processor';
import { DigestFlusher } from './alerts/digest-flusher';
import { createMailSender } from '@error-tracker/runtime/mail/mail-sender';
import { type NotifierTiming, notifierTiming } from './notifier-options';
import { NotificationRepository } from './storage/notification-repository';
import { StormGuard } from './storm-guard';
import { AlertConsumer } from './stream/alert-consumer';
import { AlertStream } from './stream/alert-stream';
import { ChannelError } from './channels/channel';
import { describeChannelFailure, isPermanentChannelFailure, RETRY_AFTER_CAP_MS } from './channels/classify-failure';
import { dashboardLinks } from './rules/alert-links';
import { ChannelDirectory } from './rules/channel-directory';
import { DeliveryWorker } from './rules/delivery-worker';
import { EventRules } from './rules/event-rules';
import { PeriodicTasks } from '@error-tracker/runtime/periodic-tasks';
import { ThresholdEvaluator } from './rules/threshold-evaluator';

export interface NotifierService extends Service {
  /** This replica's consumer name in the group (also the owner of its claims). */
  readonly consumer: string;
}

export async function startNotifier(
  config: Config,
  logger: Logger,
  overrides: Partial<NotifierTiming> = {},
): Promise<NotifierService> {
  const timing = notifierTiming(config, overrides);
  const sender = createMailSender(config, timing.sendTimeoutMs);
  if (config.alertEmails.length > 0 && sender === undefined) {
    throw new Error('ALERT_EMAILS is set but no mail transport is: set SMTP_URL or POSTMARK_API_TOKEN');
  }
  const consumer = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const db = createDb(config.databaseUrl, { applicationName: 'error-tracker-notifier', maxConnections: 4 });
  const commands = createRedis(config.redisUrl, 'worker', 'et-notifier');
  const blocking = createRedis(config.redisUrl, 'worker', 'et-notifier-reader');
  const closeConnections = () =>
    closeInOrder([
      () => closeRedis(blocking),
      () => closeRedis(commands),
      () => db.destroy(),
      () => Promise.resolve(sender?.close()),
    ]);

  const abort = new AbortController();
  const stream = new AlertStream(commands, blocking, newErrorsStreamKey(config.redisPrefix), NOTIFIER_GROUP, consumer);
  const repository = new NotificationRepository(db, consumer, timing.leaseMs);
  const links = dashboardLinks(config.publicUrl, config.port);
  const common = { stream, repository, recipients: config.alertEmails, timing, signal: abort.signal, logger };
  const processor = new AlertProcessor({
    ...common,
    eventRules: new EventRules(db, links),
    sender,
    storm: new StormGuard(commands, config.redisPrefix, config.alertDigestThreshold, timing.stormWindowMs),
  });
  const alertConsumer = new AlertConsumer(stream, processor, timing, logger, abort.signal);
  const evaluator = new ThresholdEvaluator(db, links, logger);
  const channels = new ChannelDirectory(db, {
    allowPrivate: config.allowPrivateWebhooks,
    mail: sender,
    alertEmails: config.alertEmails,
  });
  const deliveries = new DeliveryWorker({
    db,
    owner: consumer,
    logger,
    stopping: abort.signal,
    storm: new StormGuard(commands, config.redisPrefix, config.alertDigestThreshold, timing.stormWindowMs),
    stormKey: (channel) => channelStormKey(config.redisPrefix, channel),
    send: (channel, payload) => channels.send(channel, payload, abort.signal),
    classify: (error) => ({
      permanent: isPermanentChannelFailure(error),
      message: describeChannelFailure(error),
      ...(error instanceof ChannelError && error.retryAfterMs !== undefined
        ? { retryAfterMs: Math.min(error.retryAfterMs, RETRY_AFTER_CAP_MS) }
        : {}),
    }),
  });
  const flusher = sender === undefined || config.alertEmails.length === 0 ? undefined : new DigestFlusher({ ...common, sender });
  const periodic = new PeriodicTasks(logger, [
    { name: 'rule evaluation', everyMs: timing.ruleEvaluationIntervalMs, run: () => evaluator.evaluate() },
    { name: 'alert deliveries', everyMs: timing.deliveryIntervalMs, run: () => deliveries.runDue() },
    ...(flusher === undefined
      ? []
      : [{ name: 'digest flush', everyMs: timing.digestFlushIntervalMs, run: () => flusher.flushDue() }]),
  ]);

  try {
    await stream.ensureGroup();
  } catch (error) {
    await closeConnections().catch(() => undefined);
    throw error;
  }
  alertConsumer.start();
  periodic.start();

  if (config.alertEmails.length === 0) logger.info('ALERT_EMAILS is empty: alerts are acknowledged without email');
  logger.info(
    {
      consumer,
      transport: sender?.kind ?? 'none',
      from: config.alertFromEmail,
      recipients: config.alertEmails.length,
      digestThreshold: config.alertDigestThreshold,
    },
    'notifier started',
  );

  return {
    name: 'notifier',
    consumer,
    stop: () =>
      closeInOrder([
        async () => {
          abort.abort();
          await Promise.all([alertConsumer.stop(), periodic.stop()]);
        },
        closeConnections,
      ]),
  };
}
