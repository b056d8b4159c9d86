export { startNotifier, type NotifierService } from './notifier-service';
export type { NotifierTiming } from './notifier-options';
export { renderAlert, type RenderedEmail } from './email/render-alert';
export { renderDigest } from './email/render-digest';
export { escapeHtml } from '@error-tracker/runtime/mail/html';
