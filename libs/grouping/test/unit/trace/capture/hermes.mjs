// Captures real Hermes stacks (React Native's engine) with the `hermes` shell of the
// hermes-engine-cli npm package. Each scenario runs twice: from source (frames name the file, as
// under Metro in development) and compiled to bytecode without debug info as
// `index.android.bundle`, the shape of a React Native release build (`address at
// index.android.bundle:1:<bytecode offset>`): there the expected frame is line 1 of the bundle.
// Usage: npm install --prefix /tmp/hermes hermes-engine-cli@0.12.0 && node hermes.mjs
//        (HERMES_BIN overrides the folder of the binaries; writes ../corpus/hermes/captured-hermes.json)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureAll, clean, run, writeCorpus } from './lib.mjs';

const PACKAGE = '/tmp/hermes/node_modules/hermes-engine-cli';
const BIN = process.env.HERMES_BIN ?? join(PACKAGE, 'linux64-bin');
const BUNDLE = 'index.android.bundle';

const scenarios = [
  {
    name: 'uncaught-type-error',
    files: {
      'app.js': `function cartTotal(cart) {
  return cart.items.length; // HERE
}

function onCheckoutPress() {
  return cartTotal(null);
}

onCheckoutPress();
`,
    },
    type: 'TypeError',
    fn: 'cartTotal',
    frames: 3,
  },
  {
    name: 'anonymous-callback',
    files: {
      'app.js': `function validate(items) {
  items.forEach(function (item) {
    if (item.qty < 1) throw new RangeError('quantity must be positive: ' + item.sku); // HERE
  });
}

validate([{ sku: 'A1', qty: 2 }, { sku: 'B7', qty: 0 }]);
`,
    },
    type: 'RangeError',
    fn: 'anonymous',
    frames: 4,
  },
  {
    name: 'native-innermost',
    files: {
      'app.js': `function loadSettings(text) {
  return JSON.parse(text); // HERE
}

loadSettings('{"theme": ');
`,
    },
    type: 'SyntaxError',
    fn: 'loadSettings',
    frames: 3,
  },
  {
    name: 'async-rejection',
    how: 'a rejected async function, e.stack printed by its catch handler',
    stdout: true,
    files: {
      'app.js': `function fetchProfile(id) {
  return Promise.resolve({ id: id });
}

async function loadProfile(id) {
  var profile = await fetchProfile(id);
  return profile.settings.theme; // HERE
}

loadProfile(7).catch(function (e) { print(e.stack); });
`,
    },
    type: 'TypeError',
    fn: '?anon_0_?anon_0_loadProfile',
    frames: 7,
  },
  {
    name: 'stack-overflow',
    files: {
      'app.js': `function walk(node) {
  return walk({ parent: node }) + 1; // HERE
}

walk(null);
`,
    },
    type: 'RangeError',
    fn: 'walk',
    frames: 100,
  },
];

function exec(s, dir) {
  if (s.bytecode) {
    const compiled = run(join(BIN, 'hermesc'), ['-O', '-g0', '-emit-binary', '-out', BUNDLE, 'app.js'], { cwd: dir });
    if (compiled.status !== 0) throw new Error(compiled.stderr);
  }
  // -b: run the file as bytecode whatever its name
  const r = run(join(BIN, 'hermes'), s.bytecode ? ['-b', BUNDLE] : [join(dir, 'app.js')], { cwd: dir });
  return clean(s.stdout ? r.stdout : r.stderr);
}

const pkg = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')).version;
const fromSource = scenarios.map((s) => ({ ...s, file: 'app.js' }));
const asBytecode = scenarios.map((s) => ({
  ...s,
  name: `${s.name}-bytecode`,
  file: 'app.js',
  bytecode: true,
  expectFile: BUNDLE,
  line: 1,
}));
const entries = captureAll({
  runtime: 'hermes',
  format: 'hermes',
  source: (s) =>
    `captured: Hermes (hermes-engine-cli ${pkg}, the hermes shell) on linux, ${s.bytecode ? 'bytecode from hermesc -O -g0 named index.android.bundle, ' : 'from source, '}${s.how ?? 'uncaught, stderr'}`,
  scenarios: [...fromSource, ...asBytecode],
  exec,
});
writeCorpus('hermes', 'captured-hermes', entries);
