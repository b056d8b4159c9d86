// The channel layer: one module per service, this common surface for the rules and the integrations API.
export type { AlertKind, AlertMessage, AlertSeverity, Channel, ChannelErrorDetails, ChannelName } from './channel';
export { ChannelError } from './channel';
export { type ChannelDeps, createChannel, HTTP_TIMEOUT_MS } from './create-channel';
export {
  describeChannelFailure,
  isPermanentChannelFailure,
  isTransientStatus,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
  retryDelayMs,
} from './classify-failure';
export { assertPublicDestination, isPublicAddress, PrivateDestinationError, type ResolveHost } from './destination-guard';
export {
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
} from './webhook-signature';
