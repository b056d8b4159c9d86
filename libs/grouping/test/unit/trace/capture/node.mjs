// Captures real V8 stacks from Node: each scenario is a small program run by node 20 (/usr/bin/node)
// and node 24 (~/.cache/node24); the expected innermost in-app line is the line marked `// HERE`.
// Usage: node node.mjs   (writes ../corpus/v8/captured-node20.json and captured-node24.json)
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { clean, markerLine, run, version, writeCorpus, writeScenario } from './lib.mjs';

const NODES = [
  ['node20', '/usr/bin/node'],
  ['node24', join(homedir(), '.cache/node24/package/bin/node')],
];

const scenarios = [
  {
    name: 'uncaught-type-error',
    how: 'uncaught, stderr',
    files: {
      'app.js': `function total(cart) {
  return cart.items.reduce((sum, i) => sum + i.price, 0); // HERE
}

function checkout(user) {
  return total(user.cart);
}

checkout({ cart: undefined });
`,
    },
    type: 'TypeError',
    fn: 'total',
  },
  {
    name: 'caught-stack-printed',
    how: 'console.log(err.stack)',
    output: 'stdout',
    files: {
      'app.js': `class Inventory {
  reserve(sku, qty) {
    if (qty > 3) throw new RangeError(\`cannot reserve \${qty} of \${sku}\`); // HERE
  }
}

try {
  new Inventory().reserve('SKU-88121', 12);
} catch (err) {
  console.log(err.stack);
}
`,
    },
    type: 'RangeError',
    fn: 'Inventory.reserve',
  },
  {
    name: 'custom-error-class',
    how: 'uncaught, stderr',
    files: {
      'lib/errors.js': `class PaymentDeclinedError extends Error {
  constructor(id) {
    super(\`payment \${id} declined\`);
    this.name = 'PaymentDeclinedError';
  }
}
module.exports = { PaymentDeclinedError };
`,
      'app.js': `const { PaymentDeclinedError } = require('./lib/errors');

function pay(id) {
  throw new PaymentDeclinedError(id); // HERE
}

pay('pi_3NkXa2');
`,
    },
    type: 'PaymentDeclinedError',
    fn: 'pay',
  },
  {
    name: 'constructor-new',
    how: 'uncaught, stderr',
    files: {
      'app.js': `class Connection {
  constructor(url) {
    if (!url.startsWith('postgres://')) {
      throw new Error(\`invalid url \${url}\`); // HERE
    }
  }
}

const c = new Connection('mysql://localhost');
`,
    },
    type: 'Error',
    fn: 'new Connection',
  },
  {
    name: 'async-await',
    how: 'unhandled rejection, stderr',
    files: {
      'app.js': `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function loadProfile(id) {
  await sleep(1);
  throw new Error(\`profile \${id} not found\`); // HERE
}

async function main() {
  await loadProfile(7);
}

main();
`,
    },
    type: 'Error',
    fn: 'loadProfile',
  },
  {
    name: 'promise-all',
    how: 'console.log(err.stack)',
    output: 'stdout',
    files: {
      'app.js': `async function fetchPart(i) {
  await null;
  if (i === 1) throw new TypeError('part ' + i + ' is malformed'); // HERE
  return i;
}

async function main() {
  try {
    await Promise.all([fetchPart(0), fetchPart(1)]);
  } catch (err) {
    console.log(err.stack);
  }
}
main();
`,
    },
    type: 'TypeError',
    fn: 'fetchPart',
  },
  {
    name: 'eval',
    how: 'uncaught, stderr',
    files: {
      'app.js': `function runRule(rule) {
  return eval(rule); // HERE
}

runRule('const limit = 3;\\nlimit.check.now()');
`,
    },
    type: 'TypeError',
    fn: 'eval',
  },
  {
    name: 'new-function',
    how: 'uncaught, stderr',
    files: {
      'app.js': `function compile(src) {
  return new Function('input', src); // HERE
}

const f = compile('return input.value.trim()');
f({});
`,
    },
    type: 'TypeError',
    fn: 'eval',
  },
  {
    name: 'node-modules-dependency',
    how: 'uncaught, stderr',
    files: {
      'node_modules/tiny-validator/package.json': '{"name":"tiny-validator","main":"index.js"}\n',
      'node_modules/tiny-validator/index.js': `function assertEmail(value) {
  if (!/^[^@]+@[^@]+$/.test(value)) {
    throw new TypeError('invalid email: ' + value);
  }
}
module.exports = { assertEmail };
`,
      'app.js': `const { assertEmail } = require('tiny-validator');

function signup(form) {
  assertEmail(form.email); // HERE
}

signup({ email: 'nobody' });
`,
    },
    type: 'TypeError',
    fn: 'signup',
  },
  {
    name: 'node-internal-fs',
    how: 'uncaught, stderr',
    files: {
      'app.js': `const fs = require('node:fs');

function readConfig(path) {
  return fs.readFileSync(path, 'utf8'); // HERE
}

readConfig('/etc/does-not-exist-4521.json');
`,
    },
    type: 'Error',
    fn: 'readConfig',
  },
  {
    name: 'err-invalid-arg-type',
    how: 'uncaught, stderr',
    files: {
      'app.js': `const path = require('node:path');

function resolveUpload(dir) {
  return path.join(dir, 'upload.bin'); // HERE
}

resolveUpload(null);
`,
    },
    type: 'TypeError',
    fn: 'resolveUpload',
  },
  {
    name: 'esm-module',
    how: 'uncaught, stderr',
    files: {
      'app.mjs': `import { parse } from './parse.mjs';

parse('');
`,
      'parse.mjs': `export function parse(text) {
  if (text === '') throw new SyntaxError('empty document'); // HERE
  return JSON.parse(text);
}
`,
    },
    main: 'app.mjs',
    file: 'parse.mjs',
    type: 'SyntaxError',
    fn: 'parse',
  },
  {
    name: 'json-parse',
    how: 'uncaught, stderr',
    files: {
      'app.js': `function decode(body) {
  return JSON.parse(body); // HERE
}

decode('{"id": 12,');
`,
    },
    type: 'SyntaxError',
    fn: 'decode',
  },
  {
    name: 'timer-callback',
    how: 'uncaught, stderr',
    files: {
      'app.js': `const jobs = new Map();

setTimeout(function retryJob() {
  jobs.get('job-42').run(); // HERE
}, 1);
`,
    },
    type: 'TypeError',
    fn: 'Timeout.retryJob [as _onTimeout]',
  },
  {
    name: 'unhandled-error-event',
    how: 'uncaught, stderr',
    files: {
      'app.js': `const { EventEmitter } = require('node:events');

const queue = new EventEmitter();
queue.emit('error', new Error('queue connection lost')); // HERE
`,
    },
    type: 'Error',
    fn: 'Object.<anonymous>',
  },
  {
    name: 'vm-evalmachine',
    how: 'uncaught, stderr',
    files: {
      'app.js': `const vm = require('node:vm');

function evaluate(expr) {
  return vm.runInNewContext(expr, { order: null }); // HERE
}

evaluate('order.total * 2');
`,
    },
    type: 'TypeError',
    fn: 'evaluate',
  },
  {
    name: 'error-cause',
    how: 'uncaught, stderr',
    files: {
      'app.js': `function connect() {
  throw new Error('ECONNREFUSED 127.0.0.1:5432');
}

function start() {
  try {
    connect();
  } catch (e) {
    throw new Error('database unavailable', { cause: e }); // HERE
  }
}

start();
`,
    },
    type: 'Error',
    fn: 'start',
  },
  {
    name: 'aggregate-error',
    how: 'console.log(err.stack)',
    output: 'stdout',
    files: {
      'app.js': `async function main() {
  try {
    await Promise.any([Promise.reject(new Error('a')), Promise.reject(new Error('b'))]);
  } catch (err) {
    console.log(err.stack);
  }
}
main();
`,
    },
    // Promise.any rejects from a microtask: V8 records no frame, so nothing tells the format
    type: 'AggregateError',
    noFrames: true,
  },
  {
    name: 'method-alias',
    how: 'uncaught, stderr',
    files: {
      'app.js': `const handlers = {};
handlers.onSave = function persist(doc) {
  return doc.revision.next(); // HERE
};

handlers.onSave({});
`,
    },
    type: 'TypeError',
    fn: 'Object.persist [as onSave]',
  },
  {
    name: 'getter-and-private-method',
    how: 'uncaught, stderr',
    files: {
      'app.js': `class Account {
  #limits = null;
  #check(n) {
    return this.#limits.max >= n; // HERE
  }
  get canWithdraw() {
    return this.#check(100);
  }
}

new Account().canWithdraw;
`,
    },
    type: 'TypeError',
    fn: '#check',
  },
  {
    name: 'stack-overflow',
    how: 'uncaught, stderr',
    files: {
      'app.js': `function depth(node) { return 1 + depth({ parent: node }); } // HERE

depth(null);
`,
    },
    type: 'RangeError',
    fn: 'depth',
  },
  {
    name: 'dash-e',
    how: 'node -e, uncaught, stderr',
    files: { 'code.js': "const order = {};\norder.items.push('x'); // HERE\n" },
    dashE: 'code.js',
    file: '[eval]',
    type: 'TypeError',
    fn: null,
  },
  {
    name: 'stdin',
    how: 'node < script, uncaught, stderr',
    files: { 'script.js': 'function main() {\n  undefinedFunction(); // HERE\n}\nmain();\n' },
    stdin: 'script.js',
    file: '[stdin]',
    type: 'ReferenceError',
    fn: 'main',
  },
];

for (const [label, node] of NODES) {
  if (!existsSync(node)) {
    console.log(`skipping ${label}: ${node} not found`);
    continue;
  }
  const v = version(node, ['--version']);
  const entries = [];
  for (const s of scenarios) {
    const dir = writeScenario(`node/${label}`, s.name, s.files);
    const main = s.main ?? 'app.js';
    let r;
    if (s.dashE) r = run(node, ['-e', s.files[s.dashE]], { cwd: dir });
    else if (s.stdin) r = run(node, [], { cwd: dir, input: s.files[s.stdin] });
    else r = run(node, [main], { cwd: dir });
    const trace = clean(s.output === 'stdout' ? r.stdout : r.stderr);
    const markedFile = s.file ?? main;
    const source = s.files[s.dashE ?? s.stdin ?? markedFile];
    const expected = s.noFrames
      ? { format: 'unknown', exceptionType: s.type, file: null, line: null, in_app: false, noFrames: true }
      : {
          format: 'v8',
          exceptionType: s.type,
          file: markedFile.startsWith('[') ? markedFile : join(dir, markedFile),
          line: markerLine(source),
          function: s.fn,
          in_app: true,
        };
    entries.push({ name: `${label}-${s.name}`, source: `captured: node ${v} on linux, ${s.how}`, trace, expected });
  }
  writeCorpus('v8', `captured-${label}`, entries);
}
