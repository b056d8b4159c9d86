/** How an app reports to a project, per SDK, with the project's DSN filled in. */
export function sdkSnippets(dsn: string): Array<readonly [string, string]> {
  return [
    ['Browser (@sentry/browser)', `import * as Sentry from '@sentry/browser';\nSentry.init({ dsn: '${dsn}' });`],
    [
      'Node (@sentry/node)',
      `const Sentry = require('@sentry/node');\nSentry.init({ dsn: '${dsn}', environment: 'production' });`,
    ],
    ['Python (sentry-sdk)', `import sentry_sdk\nsentry_sdk.init(dsn="${dsn}")`],
  ];
}
