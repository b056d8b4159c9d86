/** How an app reports to a project: per Sentry SDK, the package to install and the setup with the project's DSN. */

export interface SdkSnippet {
  readonly id: string;
  readonly label: string;
  /** The command (or dependency) that installs the SDK. */
  readonly install: string;
  readonly code: string;
}

const lines = (...code: string[]) => code.join('\n');

export function sdkSnippets(dsn: string): SdkSnippet[] {
  return [
    {
      id: 'browser',
      label: 'Browser (@sentry/browser)',
      install: 'npm install @sentry/browser',
      code: lines(`import * as Sentry from '@sentry/browser';`, `Sentry.init({ dsn: '${dsn}' });`),
    },
    {
      id: 'node',
      label: 'Node (@sentry/node)',
      install: 'npm install @sentry/node',
      code: lines(`const Sentry = require('@sentry/node');`, `Sentry.init({ dsn: '${dsn}', environment: 'production' });`),
    },
    {
      id: 'python',
      label: 'Python (sentry-sdk)',
      install: 'pip install sentry-sdk',
      code: lines('import sentry_sdk', '', `sentry_sdk.init(dsn="${dsn}")`),
    },
    {
      id: 'flask',
      label: 'Flask (sentry-sdk)',
      install: 'pip install "sentry-sdk[flask]"',
      code: lines(
        'import sentry_sdk',
        'from flask import Flask',
        'from sentry_sdk.integrations.flask import FlaskIntegration',
        '',
        `sentry_sdk.init(dsn="${dsn}", integrations=[FlaskIntegration()])`,
        '',
        'app = Flask(__name__)',
      ),
    },
    {
      id: 'django',
      label: 'Django (sentry-sdk)',
      install: 'pip install "sentry-sdk[django]"',
      code: lines(
        '# settings.py',
        'import sentry_sdk',
        'from sentry_sdk.integrations.django import DjangoIntegration',
        '',
        `sentry_sdk.init(dsn="${dsn}", integrations=[DjangoIntegration()])`,
      ),
    },
    {
      id: 'ruby',
      label: 'Ruby (sentry-ruby)',
      install: 'bundle add sentry-ruby',
      code: lines('require "sentry-ruby"', '', 'Sentry.init do |config|', `  config.dsn = "${dsn}"`, 'end'),
    },
    {
      id: 'go',
      label: 'Go (sentry-go)',
      install: 'go get github.com/getsentry/sentry-go',
      code: lines(
        'import (',
        '\t"log"',
        '\t"time"',
        '',
        '\t"github.com/getsentry/sentry-go"',
        ')',
        '',
        'func main() {',
        `\tif err := sentry.Init(sentry.ClientOptions{Dsn: "${dsn}"}); err != nil {`,
        '\t\tlog.Fatalf("sentry.Init: %s", err)',
        '\t}',
        '\t// Send what is queued before the program exits.',
        '\tdefer sentry.Flush(2 * time.Second)',
        '}',
      ),
    },
    {
      id: 'java',
      label: 'Java (sentry-java)',
      install: 'io.sentry:sentry (Maven Central)',
      code: lines('import io.sentry.Sentry;', '', 'Sentry.init(options -> {', `  options.setDsn("${dsn}");`, '});'),
    },
    {
      id: 'php',
      label: 'PHP (sentry-php)',
      install: 'composer require sentry/sentry',
      code: lines(`require __DIR__ . '/vendor/autoload.php';`, '', `\\Sentry\\init(['dsn' => '${dsn}']);`),
    },
    {
      id: 'dotnet',
      label: '.NET (Sentry)',
      install: 'dotnet add package Sentry',
      code: lines('using Sentry;', '', 'SentrySdk.Init(options =>', '{', `    options.Dsn = "${dsn}";`, '});'),
    },
  ];
}
