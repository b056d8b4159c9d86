import { sdkSnippets } from '../../src/lib/sdk-snippets';

const DSN = 'http://0123456789abcdef0123456789abcdef@errors.example.com:5010/7';

describe('the SDK snippets of the projects page', () => {
  const snippets = sdkSnippets(DSN);
  const code = (id: string) => snippets.find((snippet) => snippet.id === id)?.code ?? '';

  it('covers the browser, Node, Python, Flask, Django, Ruby, Go, Java, PHP and .NET, each once', () => {
    expect(snippets.map((snippet) => snippet.id)).toEqual([
      'browser',
      'node',
      'python',
      'flask',
      'django',
      'ruby',
      'go',
      'java',
      'php',
      'dotnet',
    ]);
    expect(new Set(snippets.map((snippet) => snippet.label)).size).toBe(snippets.length);
  });

  it('puts the DSN, quoted, into every snippet, and names what to install', () => {
    for (const snippet of snippets) {
      expect(snippet.code).toMatch(new RegExp(`["']${DSN.replace(/[.]/g, '\\.')}["']`));
      expect(snippet.install).not.toBe('');
    }
  });

  it.each([
    ['browser', ["import * as Sentry from '@sentry/browser';", `Sentry.init({ dsn: '${DSN}' });`]],
    ['node', ["require('@sentry/node')", 'Sentry.init({ dsn:']],
    ['python', ['import sentry_sdk', `sentry_sdk.init(dsn="${DSN}")`]],
    [
      'flask',
      [
        'from sentry_sdk.integrations.flask import FlaskIntegration',
        'integrations=[FlaskIntegration()]',
        'app = Flask(__name__)',
      ],
    ],
    ['django', ['from sentry_sdk.integrations.django import DjangoIntegration', 'integrations=[DjangoIntegration()]']],
    ['ruby', ['require "sentry-ruby"', 'Sentry.init do |config|', `config.dsn = "${DSN}"`]],
    ['go', ['"github.com/getsentry/sentry-go"', `sentry.Init(sentry.ClientOptions{Dsn: "${DSN}"})`, 'defer sentry.Flush(']],
    ['java', ['import io.sentry.Sentry;', 'Sentry.init(options -> {', `options.setDsn("${DSN}");`]],
    ['php', [`\\Sentry\\init(['dsn' => '${DSN}']);`]],
    ['dotnet', ['using Sentry;', 'SentrySdk.Init(options =>', `options.Dsn = "${DSN}";`]],
  ])('%s: the SDK’s own setup call', (id, parts) => {
    for (const part of parts) expect(code(id)).toContain(part);
  });

  it('initialises Flask’s SDK before the app is made, as its integration asks', () => {
    expect(code('flask').indexOf('sentry_sdk.init(')).toBeLessThan(code('flask').indexOf('Flask(__name__)'));
  });
});
