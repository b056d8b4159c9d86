// Captures real browser stacks: serves browser-app.mjs's page on 127.0.0.1 (and the bundle again
// from localhost, a second origin), runs it in headless Chromium (V8) and Firefox (SpiderMonkey),
// and reads the recorded error.stack strings (Chromium: --dump-dom; Firefox: the page POSTs them).
// Only loopback traffic: Chromium's resolver maps every other host to nothing, Firefox's proxy is
// a closed loopback port. Usage: node browser.mjs [chromium] [firefox]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_JS, BUNDLE_JS, DOM_JS, indexHtml } from './browser-app.mjs';
import { markerColumn, markerLine, version, writeCorpus } from './lib.mjs';

const APP = '/static/js/app.js';
const DOM = '/static/js/dom.js';
const BUNDLE = '/static/js/main.3f9a2c1b.js';

/** Expected grouping frame per scenario; `types` overrides the exception type per engine. */
const EXPECTED = {
  'type-error': { file: APP, marker: 'HERE:type-error', type: 'TypeError' },
  'reference-error': { file: APP, marker: 'HERE:reference-error', type: 'ReferenceError' },
  // SpiderMonkey and JSC record the Error subclass's constructor as the innermost frame; the
  // fingerprint skips it when the header names that class, otherwise it is the grouping frame
  'custom-error': { file: APP, marker: 'HERE:custom-error', headerless: 'HERE_CTOR:custom-error', type: 'ValidationError' },
  constructor: { file: APP, marker: 'HERE:constructor', type: 'TypeError' },
  eval: { file: APP, marker: 'HERE:eval', type: 'TypeError' },
  // JSC implements proper tail calls in strict code: `return f()` callers vanish from its stacks,
  // and eval'd code has no location, so its grouping frame is further out
  'new-function': { file: APP, marker: 'HERE:new-function', markers: { jsc: 'HERE_JSC:tail-call' }, type: 'TypeError' },
  'async-await': { file: APP, marker: 'HERE:async-await', type: 'Error' },
  'promise-all': { file: APP, marker: 'HERE:promise-all', type: 'TypeError' },
  'array-map': { file: APP, marker: 'HERE:array-map', type: 'TypeError' },
  'json-parse': { file: APP, marker: 'HERE:json-parse', markers: { jsc: 'HERE_JSC:tail-call' }, type: 'SyntaxError' },
  'webpack-module': {
    file: 'webpack://shop/./src/store/cart.js',
    line: 2,
    files: { jsc: APP },
    markers: { jsc: 'HERE_JSC:webpack-module' },
    type: 'TypeError',
  },
  'vendor-module': { file: APP, marker: 'HERE:vendor-module', markers: { jsc: 'HERE_JSC:tail-call' }, type: 'TypeError' },
  'private-method': { file: APP, marker: 'HERE:private-method', type: 'TypeError' },
  // one line: engines overflow either entering the function or at the recursive call
  'stack-overflow': { file: APP, marker: 'HERE:stack-overflow', type: 'RangeError', types: { spidermonkey: 'InternalError' } },
  generator: { file: APP, marker: 'HERE:generator', type: 'Error' },
  'event-listener': { file: DOM, marker: 'HERE:event-listener', type: 'TypeError', dom: true },
  timer: { file: DOM, marker: 'HERE:timer', type: 'TypeError', dom: true },
  'blob-url': { file: 'blob:/<uuid>', line: 3, type: 'Error' },
  'promise-then': { file: DOM, marker: 'HERE:promise-then', type: 'TypeError', dom: true },
  // JSC's column is that of the call's `(`, the others' that of `new`
  'minified-bundle': {
    file: BUNDLE,
    line: 1,
    column: markerColumn(BUNDLE_JS, '/*@*/'),
    columns: { jsc: markerColumn(BUNDLE_JS, '/*@*/') + 'new Error'.length },
    type: 'Error',
  },
  'minified-bundle-other-origin': { file: BUNDLE, line: 1, column: markerColumn(BUNDLE_JS, '/*@*/'), type: 'Error' },
};

export function expectedFor(name, engine, withHeader = true) {
  const e = EXPECTED[name];
  if (!e) throw new Error(`no expectation for ${name}`);
  const source = e.dom ? DOM_JS : APP_JS;
  let marker = e.markers?.[engine] ?? e.marker;
  if (!withHeader && engine !== 'v8' && e.headerless) marker = e.headerless;
  const file = e.files?.[engine] ?? e.file;
  const out = {
    format: engine,
    exceptionType: e.types?.[engine] ?? e.type,
    file,
    line: marker !== undefined && (e.line === undefined || e.markers?.[engine]) ? markerLine(source, marker) : e.line,
    in_app: true,
  };
  if (e.column !== undefined) out.column = e.columns?.[engine] ?? e.column;
  return out;
}

function startServer() {
  let onReport;
  const reported = new Promise((resolve) => (onReport = resolve));
  const server = createServer((req, res) => {
    const path = req.url.split(/[?#]/)[0];
    if (req.method === 'POST' && path === '/report') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        res.end('ok');
        onReport(body);
      });
      return;
    }
    const port = server.address().port;
    const files = {
      '/index.html': ['text/html', indexHtml(`http://localhost:${port}`)],
      [APP]: ['text/javascript', APP_JS],
      [DOM]: ['text/javascript', DOM_JS],
      [BUNDLE]: ['text/javascript', BUNDLE_JS],
    };
    const f = files[path];
    if (!f) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', f[0]);
    res.end(f[1]);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, reported })));
}

function collect(child) {
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

async function runChromium() {
  const { server } = await startServer();
  const port = server.address().port;
  const profile = mkdtempSync(join(tmpdir(), 'chromium-capture-'));
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    `--user-data-dir=${profile}`,
    '--virtual-time-budget=10000',
    '--dump-dom',
    `http://127.0.0.1:${port}/index.html`,
  ];
  const child = spawn('chromium', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const { out, err } = await collect(child);
  clearTimeout(timer);
  server.close();
  rmSync(profile, { recursive: true, force: true });
  const m = /<pre id="out">([\s\S]*?)<\/pre>/.exec(out);
  if (!m) throw new Error('chromium printed no results: ' + err.slice(-2000));
  const json = m[1]
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const v = version('chromium', ['--version']);
  const results = JSON.parse(json);
  const entries = results.map((r) => ({
    name: `chromium-${r.name}`,
    source: `captured: ${v} headless on linux, error.stack from a page on 127.0.0.1`,
    trace: r.stack,
    expected: expectedFor(r.name, 'v8'),
  }));
  writeCorpus('v8', 'captured-chromium', entries);
}

const FIREFOX_PREFS = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': '127.0.0.1,localhost',
  'network.proxy.allow_hijacking_localhost': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'extensions.update.enabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'browser.search.update': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'browser.newtabpage.enabled': false,
  'security.OCSP.enabled': 0,
};

async function runFirefox() {
  const { server, reported } = await startServer();
  const port = server.address().port;
  const profile = mkdtempSync(join(tmpdir(), 'firefox-capture-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(FIREFOX_PREFS)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n') + '\n',
  );
  const child = spawn('firefox-esr', ['--headless', '--no-remote', '--profile', profile, `http://127.0.0.1:${port}/index.html`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done = collect(child);
  const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('firefox timed out')), 120_000));
  let body;
  try {
    body = await Promise.race([reported, timeout]);
  } finally {
    child.kill('SIGTERM');
    await done;
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
  const v = version('firefox-esr', ['--version']);
  const results = JSON.parse(body);
  const entries = results.map((r, i) => {
    // error.stack has no header in Firefox; every other trace gets `Name: message` prepended, as
    // loggers that send String(err) + '\n' + err.stack do
    const withHeader = i % 2 === 1;
    const expected = expectedFor(r.name, 'spidermonkey', withHeader);
    if (!withHeader) expected.exceptionType = null;
    return {
      name: `firefox-${r.name}`,
      source: `captured: ${v} headless on linux, error.stack${withHeader ? ' with `name: message` prepended' : ''}`,
      trace: withHeader ? `${r.type}: ${r.message}\n${r.stack}` : r.stack,
      expected,
    };
  });
  writeCorpus('spidermonkey', 'captured-firefox', entries);
}

const which = process.argv.slice(2);
if (process.argv[1]?.endsWith('browser.mjs')) {
  if (which.length === 0 || which.includes('chromium')) await runChromium();
  if (which.length === 0 || which.includes('firefox')) await runFirefox();
}
