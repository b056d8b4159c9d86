// Captures real JavaScriptCore stacks (Safari's engine) with WebKitGTK's `jsc` shell: the same
// scenario script as the browsers (browser-app.mjs), loaded from files, so frames are file paths.
// Usage: node jsc.mjs   (writes ../corpus/jsc/captured-jsc.json)
import { join } from 'node:path';
import { APP_JS, BUNDLE_JS } from './browser-app.mjs';
import { expectedFor } from './browser.mjs';
import { clean, run, writeCorpus, writeScenario } from './lib.mjs';

const dir = writeScenario('jsc', 'app', {
  'prelude.js': `var window = globalThis;
var document = { currentScript: { getAttribute: function () { return 'minified-bundle'; } } };
`,
  'static/js/app.js': APP_JS,
  'static/js/main.3f9a2c1b.js': BUNDLE_JS,
  'run.js': `load('prelude.js');
load('static/js/app.js');
load('static/js/main.3f9a2c1b.js');
window.__syncScenarios().then(function () { print(JSON.stringify(window.__results)); });
`,
});

const r = run('jsc', ['run.js'], { cwd: dir });
if (r.status !== 0) throw new Error(r.stderr);
const results = JSON.parse(clean(r.stdout));
const pkg = run('dpkg-query', ['-W', '-f', '${Version}', 'libjavascriptcoregtk-4.0-bin']).stdout.trim();

const entries = results.map((res, i) => {
  const withHeader = i % 2 === 0;
  const expected = expectedFor(res.name, 'jsc', withHeader);
  // the shell loads files: map the page's URL paths to the files' paths
  if (expected.file.startsWith('/static/')) expected.file = join(dir, expected.file);
  if (!withHeader) expected.exceptionType = null;
  return {
    name: `jsc-${res.name}`,
    source: `captured: JavaScriptCore (WebKitGTK ${pkg}, jsc shell) on linux, error.stack${withHeader ? ' with `name: message` prepended' : ''}`,
    trace: withHeader ? `${res.type}: ${res.message}\n${res.stack}` : res.stack,
    expected,
  };
});
writeCorpus('jsc', 'captured-jsc', entries);
