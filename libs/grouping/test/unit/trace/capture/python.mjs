// Captures real Python tracebacks: each scenario is a small program run by a real interpreter;
// the expected innermost in-app line is the line marked `# HERE` in the source.
// Usage: node python.mjs   (writes ../corpus/python/captured-python.json)
import { join } from 'node:path';
import { clean, markerLine, run, version, writeCorpus, writeScenario } from './lib.mjs';

const PYENV = 'python3'; // pyenv's 3.11.7 on this machine: stdlib under ~/.pyenv/versions/3.11.7/lib/python3.11
const DEBIAN = '/usr/bin/python3'; // Debian's 3.11.2: stdlib in /usr/lib/python3.11, packages in dist-packages

const scenarios = [
  {
    name: 'zero-division-nested',
    files: {
      'app.py': `def ratio(a, b):
    return a / b  # HERE


def report(rows):
    return [ratio(r[0], r[1]) for r in rows]


print(report([(1, 2), (3, 0)]))
`,
    },
    type: 'ZeroDivisionError',
    fn: 'ratio',
  },
  {
    name: 'key-error-method',
    files: {
      'orders/service.py': `class OrderService:
    def __init__(self):
        self.prices = {"apple": 3}

    def total(self, items):
        return sum(self.prices[name] for name in items)  # HERE
`,
      'main.py': `from orders.service import OrderService

OrderService().total(["apple", "pear-7731"])
`,
    },
    main: 'main.py',
    file: 'orders/service.py',
    type: 'KeyError',
    fn: '<genexpr>',
  },
  {
    name: 'attribute-error-none',
    files: {
      'app.py': `import os


def load_user(uid):
    return None


def greet(uid):
    user = load_user(uid)
    return "hello " + user.name  # HERE


greet(os.getpid())
`,
    },
    type: 'AttributeError',
    fn: 'greet',
  },
  {
    name: 'chained-during-handling',
    files: {
      'app.py': `config = {}


def port():
    try:
        return int(config["port"])
    except KeyError:
        raise ValueError("port is not configured")  # HERE


port()
`,
    },
    type: 'ValueError',
    fn: 'port',
  },
  {
    name: 'chained-direct-cause',
    files: {
      'app.py': `class PaymentError(Exception):
    pass


def charge(amount):
    try:
        return 100 / amount
    except ZeroDivisionError as exc:
        raise PaymentError(f"cannot charge {amount}") from exc  # HERE


charge(0)
`,
    },
    type: 'PaymentError',
    fn: 'charge',
  },
  {
    name: 'chained-three-deep',
    files: {
      'app.py': `import json


def parse(text):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError("bad payload") from exc


def handle(text):
    try:
        return parse(text)
    except ValueError:
        raise RuntimeError("request 42 failed")  # HERE


handle("{oops")
`,
    },
    type: 'RuntimeError',
    fn: 'handle',
  },
  {
    name: 'syntax-error-script',
    files: {
      'broken.py': `import sys


def f(x:  # HERE
    return x
`,
    },
    main: 'broken.py',
    file: 'broken.py',
    type: 'SyntaxError',
    fn: null,
  },
  {
    name: 'syntax-error-on-import',
    files: {
      'main.py': `import settings

print(settings.DEBUG)
`,
      'settings.py': `DEBUG = True
ALLOWED = [1, 2  # HERE
`,
    },
    main: 'main.py',
    file: 'settings.py',
    type: 'SyntaxError',
    fn: null,
  },
  {
    name: 'indentation-error',
    files: {
      'app.py': `def f():
    x = 1
      y = 2  # HERE
`,
    },
    type: 'IndentationError',
    fn: null,
  },
  {
    name: 'stdin',
    files: {
      'script.py': `values = [1, 2, 3]


def pick(i):
    return values[i]  # HERE


pick(10)
`,
    },
    stdin: 'script.py',
    file: '<stdin>',
    type: 'IndexError',
    fn: 'pick',
  },
  {
    name: 'dash-c',
    files: { 'cmd.txt': 'import math; math.sqrt(-1)  # HERE' },
    dashC: 'cmd.txt',
    file: '<string>',
    type: 'ValueError',
    fn: '<module>',
  },
  {
    name: 'stdlib-json',
    files: {
      'app.py': `import json


def read_config(text):
    return json.loads(text)  # HERE


read_config('{"a": 1,}')
`,
    },
    type: 'json.decoder.JSONDecodeError',
    fn: 'read_config',
  },
  {
    name: 'debian-dist-packages-yaml',
    python: DEBIAN,
    files: {
      'app.py': `import yaml


def load(doc):
    return yaml.safe_load(doc)  # HERE


load("a: [1, 2")
`,
    },
    type: 'yaml.parser.ParserError',
    fn: 'load',
  },
  {
    name: 'site-packages-pydantic',
    files: {
      'app.py': `from pydantic import BaseModel


class User(BaseModel):
    id: int
    email: str


def parse_user(payload):
    return User(**payload)  # HERE


parse_user({"id": "abc", "email": "x@example.com"})
`,
    },
    type: 'pydantic_core._pydantic_core.ValidationError',
    fn: 'parse_user',
  },
  {
    name: 'recursion',
    files: {
      'app.py': `def walk(node):
    return walk(node + 1)  # HERE


walk(0)
`,
    },
    type: 'RecursionError',
    fn: 'walk',
  },
  {
    name: 'exception-group',
    files: {
      'app.py': `def validate(rows):
    errors = [ValueError(f"row {i}") for i in rows]
    raise ExceptionGroup("validation failed", errors)  # HERE


validate([1, 2])
`,
    },
    type: 'ExceptionGroup',
    fn: 'validate',
  },
  {
    name: 'logging-exception',
    files: {
      'app.py': `import logging

logging.basicConfig(format="%(levelname)s:%(name)s:%(message)s")
log = logging.getLogger("billing")


def invoice(n):
    return {"n": n}["total"]  # HERE


try:
    invoice(7)
except Exception:
    log.exception("invoice failed")
`,
    },
    type: 'KeyError',
    fn: 'invoice',
  },
  {
    name: 'asyncio',
    files: {
      'app.py': `import asyncio


async def fetch(i):
    await asyncio.sleep(0)
    if i == 2:
        raise ConnectionError(f"upstream 10.0.0.{i} refused")  # HERE
    return i


async def main():
    return await asyncio.gather(*(fetch(i) for i in range(3)))


asyncio.run(main())
`,
    },
    type: 'ConnectionError',
    fn: 'fetch',
  },
  {
    name: 'thread',
    files: {
      'app.py': `import threading


def worker():
    raise RuntimeError("worker crashed")  # HERE


t = threading.Thread(target=worker)
t.start()
t.join()
`,
    },
    type: 'RuntimeError',
    fn: 'worker',
  },
  {
    name: 'exec-generated',
    files: {
      'app.py': `SRC = "def calc(x):\\n    return 10 // x\\n"
ns = {}
exec(compile(SRC, "generated.py", "exec"), ns)
ns["calc"](0)  # HERE
`,
    },
    // the innermost frame is generated.py (not on disk: Python prints no source line), line 2
    expectFile: 'generated.py',
    expectLine: 2,
    type: 'ZeroDivisionError',
    fn: 'calc',
  },
  {
    name: 'lambda-and-assert',
    files: {
      'app.py': `checks = [lambda v: v > 0, lambda v: v < 10]


def verify(v):
    for check in checks:
        assert check(v), f"value {v} failed"  # HERE


verify(12)
`,
    },
    type: 'AssertionError',
    fn: 'verify',
  },
];

const entries = [];
for (const s of scenarios) {
  const dir = writeScenario('python', s.name, s.files);
  const python = s.python ?? PYENV;
  const main = s.main ?? 'app.py';
  let r;
  if (s.stdin) {
    r = run(python, ['-'], { cwd: dir, input: s.files[s.stdin] });
  } else if (s.dashC) {
    r = run(python, ['-c', s.files[s.dashC]], { cwd: dir });
  } else {
    r = run(python, [main], { cwd: dir });
  }
  const trace = clean(r.stderr);
  const markedFile = s.file ?? main;
  const markedSource = s.files[s.stdin ?? s.dashC ?? markedFile];
  const file = s.expectFile ?? (markedFile.startsWith('<') ? markedFile : join(dir, markedFile));
  entries.push({
    name: `python-${s.name}`,
    source: `captured: ${version(python, ['--version'])} (${python === DEBIAN ? 'Debian' : 'pyenv'}) on linux, uncaught, stderr`,
    trace,
    expected: {
      format: 'python',
      exceptionType: s.type,
      file,
      line: s.expectLine ?? markerLine(markedSource),
      function: s.fn,
      in_app: true,
    },
  });
}
writeCorpus('python', 'captured-python', entries);
