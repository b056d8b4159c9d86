import { MAX_FRAMES } from '@error-tracker/grouping/trace/limits';
import { parseTrace } from '@error-tracker/grouping/parse-trace';
import type { StackFrame } from '@error-tracker/grouping/trace/types';

function frame(file: string, line: number | null, column: number | null, fn: string | null, inApp = true): StackFrame {
  return { file, line, column, function: fn, in_app: inApp };
}

describe('parseTrace: input handling', () => {
  it.each([null, undefined, '', '   \n\n', 42 as unknown as string, {} as unknown as string])('never throws on %p', (input) => {
    const parsed = parseTrace(input);
    expect(parsed.frames).toEqual([]);
    expect(parsed.format).toBe('unknown');
  });

  it('accepts an array of lines', () => {
    const parsed = parseTrace(['TypeError: x is not a function', '    at go (/app/a.js:3:7)', '    at /app/a.js:9:1']);
    expect(parsed.format).toBe('v8');
    expect(parsed.frames.map((f) => f.line)).toEqual([3, 9]);
  });

  it('handles CRLF and ANSI colour codes', () => {
    const parsed = parseTrace('\u001b[31mError: boom\u001b[39m\r\n    at run (/app/a.js:1:2)\r\n');
    expect(parsed.exceptionType).toBe('Error');
    expect(parsed.message).toBe('boom');
    expect(parsed.frames).toEqual([frame('/app/a.js', 1, 2, 'run')]);
  });

  it('gives unknown formats no frames but reads a `Type: message` first line', () => {
    expect(parseTrace('ValueError: something odd happened')).toEqual({
      format: 'unknown',
      exceptionType: 'ValueError',
      message: 'something odd happened',
      frames: [],
    });
    expect(parseTrace('it broke somehow')).toEqual({ format: 'unknown', exceptionType: null, message: null, frames: [] });
  });
});

describe('parseTrace: V8', () => {
  it.each<[string, StackFrame]>([
    ['    at Object.<anonymous> (/app/x.js:1:2)', frame('/app/x.js', 1, 2, 'Object.<anonymous>')],
    ['    at async Promise.all (index 0)', frame('index 0', null, null, 'Promise.all', false)],
    ['    at new Foo (file:///app/a.mjs:3:9)', frame('/app/a.mjs', 3, 9, 'new Foo')],
    ['    at eval (eval at <anonymous> (/app/x.js:2:1), <anonymous>:1:1)', frame('/app/x.js', 2, 1, 'eval')],
    [
      '    at eval (eval at outer (eval at inner (/app/x.js:5:3), <anonymous>:1:1), <anonymous>:2:2)',
      frame('/app/x.js', 5, 3, 'eval'),
    ],
    ['    at C:\\app\\x.js:3:4', frame('C:/app/x.js', 3, 4, null)],
    [
      '    at handler (C:\\Users\\dev\\Program Files (x86)\\app\\x.js:3:4)',
      frame('C:/Users/dev/Program Files (x86)/app/x.js', 3, 4, 'handler'),
    ],
    ['    at /app/x.js:3:4', frame('/app/x.js', 3, 4, null)],
    ['    at async /app/x.js:3:4', frame('/app/x.js', 3, 4, null)],
    ['    at async fetchAll (/app/x.js:3:4)', frame('/app/x.js', 3, 4, 'fetchAll')],
    ['    at Array.map (<anonymous>)', frame('<anonymous>', null, null, 'Array.map', false)],
    [
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      frame('node:internal/process/task_queues', 95, 5, 'process.processTicksAndRejections', false),
    ],
    ['    at Object.readFileSync (node:fs:453:20)', frame('node:fs', 453, 20, 'Object.readFileSync', false)],
    [
      '    at Layer.handle [as handle_request] (/srv/app/node_modules/express/lib/router/layer.js:95:5)',
      frame('/srv/app/node_modules/express/lib/router/layer.js', 95, 5, 'Layer.handle [as handle_request]', false),
    ],
    ['    at https://cdn.example.com:8443/js/app.4f2a91c3.js?v=2#x:1:3021', frame('/js/app.4f2a91c3.js', 1, 3021, null)],
    [
      '    at Module../src/index.js (webpack:///./src/index.js?:5:7)',
      frame('webpack:///./src/index.js', 5, 7, 'Module../src/index.js'),
    ],
    ['    at blob:https://app.example.com/6c1b2a34-0f7e-4d1a-9c3b-5e2f8a9d7c10:12:5', frame('blob:/<uuid>', 12, 5, null)],
    ['    at <anonymous>:1:7', frame('<anonymous>', 1, 7, null, false)],
    ['    at Generator.next (<anonymous>)', frame('<anonymous>', null, null, 'Generator.next', false)],
    ['    at native', frame('native', null, null, null, false)],
    ['    at chrome-extension://abcdefgh/content.js:10:2', frame('chrome-extension://abcdefgh/content.js', 10, 2, null, false)],
  ])('%s', (line, expected) => {
    const parsed = parseTrace(`Error: x\n${line}`);
    expect(parsed.format).toBe('v8');
    expect(parsed.frames).toEqual([expected]);
  });

  it('reads Node’s uncaught output: prologue, header with code, extra properties, cause', () => {
    const parsed = parseTrace(`node:internal/errors:496
    ErrorCaptureStackTrace(err);
    ^

TypeError [ERR_INVALID_ARG_TYPE]: The "path" argument must be of type string. Received null
    at new NodeError (node:internal/errors:405:5)
    at Object.join (node:path:1172:7)
    at resolve (/app/src/files.js:12:15)
    ... 2 lines matching cause stack trace ...
    at node:internal/main/run_main_module:23:47 {
  code: 'ERR_INVALID_ARG_TYPE',
  [cause]: Error: inner
      at other (/app/src/other.js:1:1)
}

Node.js v20.11.0`);
    expect(parsed.exceptionType).toBe('TypeError');
    expect(parsed.message).toBe('The "path" argument must be of type string. Received null');
    expect(parsed.frames.map((f) => `${f.file}:${f.line}`)).toEqual([
      'node:internal/errors:405',
      'node:path:1172',
      '/app/src/files.js:12',
      'node:internal/main/run_main_module:23',
    ]);
  });

  it('reads Chrome console headers and multi-line messages', () => {
    const a = parseTrace('Uncaught (in promise) TypeError: Failed to fetch\n    at load (https://x.io/a.js:1:2)');
    expect([a.exceptionType, a.message]).toEqual(['TypeError', 'Failed to fetch']);
    const b = parseTrace('Error: line one\nline two\n    at f (/a.js:1:1)');
    expect([b.exceptionType, b.message]).toEqual(['Error', 'line one\nline two']);
    const c = parseTrace('Error\n    at f (/a.js:1:1)');
    expect([c.exceptionType, c.message]).toEqual(['Error', '']);
  });

  it('is not fooled by a URL with line and column at the end of the message', () => {
    const parsed = parseTrace('TypeError: failed to load https://x.io/a.js:10:5\n    at load (/app/a.js:3:1)');
    expect([parsed.format, parsed.frames.length]).toEqual(['v8', 1]);
  });

  it('is not fooled by message lines starting with "at"', () => {
    const parsed = parseTrace('Error: need\nat least 3 items\n    at f (/a.js:4:1)');
    expect(parsed.message).toBe('need\nat least 3 items');
    expect(parsed.frames).toHaveLength(1);
  });
});

describe('parseTrace: SpiderMonkey and JavaScriptCore', () => {
  it.each<[string, StackFrame]>([
    ['handleClick@https://shop.example.com/static/js/app.js:42:17', frame('/static/js/app.js', 42, 17, 'handleClick')],
    ['@https://shop.example.com/static/js/app.js:42:17', frame('/static/js/app.js', 42, 17, null)],
    ['render/<@https://x.io/a.js:3:9', frame('/a.js', 3, 9, 'render/<')],
    ['async*load@https://x.io/a.js:3:9', frame('/a.js', 3, 9, 'load')],
    ['promise callback*@https://x.io/a.js:3:9', frame('/a.js', 3, 9, null)],
    ['@https://x.io/a.js line 40 > eval:2:1', frame('/a.js', 40, null, null)],
    ['anonymous@https://x.io/a.js line 41 > Function:4:1', frame('/a.js', 41, null, 'anonymous')],
    ['@https://x.io/a.js line 7 > eval line 1 > eval:1:5', frame('/a.js', 7, null, null)],
    ['@debugger eval code:1:5', frame('debugger eval code', 1, 5, null, false)],
    ['forEach@[native code]', frame('[native code]', null, null, 'forEach', false)],
    ['global code@https://x.io/index.html:12:3', frame('/index.html', 12, 3, 'global code')],
    ['eval code@', frame('<anonymous>', null, null, 'eval code', false)],
    ['moz-extension://0a1b/content.js:1:1', frame('moz-extension://0a1b/content.js', 1, 1, null, false)],
  ])('%s', (line, expected) => {
    const parsed = parseTrace(line);
    expect(['spidermonkey', 'jsc']).toContain(parsed.format);
    expect(parsed.frames).toEqual([expected]);
  });

  it('tells the engines apart by what only one of them prints', () => {
    expect(parseTrace('f@https://x.io/a.js:1:2\nforEach@[native code]').format).toBe('jsc');
    expect(parseTrace("TypeError: Can't find variable: x\nf@https://x.io/a.js:1:2").format).toBe('jsc');
    expect(parseTrace('f/<@https://x.io/a.js:1:2').format).toBe('spidermonkey');
    expect(parseTrace('TypeError: can\'t access property "x", y is undefined\nf@https://x.io/a.js:1:2').format).toBe(
      'spidermonkey',
    );
  });

  it('does not take a header with an @ in it for a frame', () => {
    const parsed = parseTrace('Error: mail to a@b.io:25 failed\nsend@https://x.io/mail.js:9:3');
    expect(parsed.exceptionType).toBe('Error');
    expect(parsed.frames).toEqual([frame('/mail.js', 9, 3, 'send')]);
  });
});

describe('parseTrace: old and other JavaScript engines', () => {
  it('Gecko before Firefox 14: every frame with its arguments, `@:0` skipped', () => {
    const parsed = parseTrace(`()@https://shop.example.com/js/cart.js:44
(null)@https://shop.example.com/js/cart.js:31
total([object Object],"a@b (c)")@https://shop.example.com/js/cart.js:18
checkout(1)@https://shop.example.com/js/app.js:13
@:0
@https://shop.example.com/js/app.js:24
`);
    expect(parsed.format).toBe('spidermonkey');
    expect(parsed.exceptionType).toBeNull();
    expect(parsed.frames).toEqual([
      frame('/js/cart.js', 44, null, null),
      frame('/js/cart.js', 31, null, null),
      frame('/js/cart.js', 18, null, 'total'),
      frame('/js/app.js', 13, null, 'checkout'),
      frame('/js/app.js', 24, null, null),
    ]);
  });

  it('does not take a header with parentheses and an @ for a frame with arguments', () => {
    const parsed = parseTrace('Error: send (to a@b.io:25) failed\nsend(1)@https://x.io/mail.js:9');
    expect(parsed.exceptionType).toBe('Error');
    expect(parsed.frames).toEqual([frame('/mail.js', 9, null, 'send')]);
  });

  it('Opera 11–12 error.stack: Gecko-shaped, `<anonymous function: name>`, the creation line not a frame', () => {
    const parsed = parseTrace(`<anonymous function: validate>([arguments not available])@https://x.io/js/form.js:27
submit([arguments not available])@https://x.io/js/form.js:18
<anonymous function>([arguments not available])@https://x.io/js/form.js:9
<anonymous function>@https://x.io/index.html:15
Error created at <anonymous function>@https://x.io/index.html:15`);
    expect(parsed.format).toBe('opera');
    expect(parsed.frames).toEqual([
      frame('/js/form.js', 27, null, 'validate'),
      frame('/js/form.js', 18, null, 'submit'),
      frame('/js/form.js', 9, null, '<anonymous function>'),
      frame('/index.html', 15, null, '<anonymous function>'),
    ]);
  });

  it('Opera 10.5–12 error.stacktrace (Carakan): source lines skipped, apply and top-level frames', () => {
    const parsed =
      parseTrace(`Error thrown at line 42, column 12 in <anonymous function: validate>(form) in https://x.io/js/form.js:
    this.rules.check(form);
called via Function.prototype.apply() from line 27, column 8 in dispatch(name, args) in https://x.io/js/events.js:
    return handler.apply(this, args);
called from line 15, column 3 in https://x.io/index.html:
    dispatch('submit', [form]);`);
    expect(parsed.format).toBe('opera');
    expect(parsed.frames).toEqual([
      frame('/js/form.js', 42, 12, 'validate'),
      frame('/js/events.js', 27, 8, 'dispatch'),
      frame('/index.html', 15, 3, null),
    ]);
  });

  it('Opera Carakan: a call without an argument list names no function', () => {
    const parsed = parseTrace('called from line 3, column 2 in odd) in https://x.io/a.js:');
    expect(parsed.frames).toEqual([frame('/a.js', 3, 2, null)]);
  });

  it('Opera 7–10 Backtrace (Linear B): line only, `In function`, the message before it', () => {
    const parsed = parseTrace(`Statement on line 44: Type mismatch (usually non-object value supplied where object required)
Backtrace:
  Line 44 of linked script https://x.io/js/form.js
    this.rules.check(form);
  Line 7 of inline#1 script in https://x.io/index.html: In function submitForm
    validate(form);
  ...  Line 15 of inline#1 script in https://x.io/index.html
    submitForm();`);
    expect(parsed.format).toBe('opera');
    expect(parsed.exceptionType).toBeNull();
    expect(parsed.message).toBe('Statement on line 44: Type mismatch (usually non-object value supplied where object required)');
    expect(parsed.frames).toEqual([
      frame('/js/form.js', 44, null, null),
      frame('/index.html', 7, null, 'submitForm'),
      frame('/index.html', 15, null, null),
    ]);
  });

  it('Chakra (IE 10–11, EdgeHTML): V8’s shape with three spaces, its own names and pseudo files', () => {
    const parsed = parseTrace(`TypeError: Unable to get property 'total' of undefined or null reference
   at Anonymous function (https://x.io/js/cart.js:48:13)
   at eval code (eval code:1:1)
   at Array.prototype.forEach (native code)
   at Global code (https://x.io/index.html:82:1)`);
    expect([parsed.format, parsed.exceptionType]).toEqual(['chakra', 'TypeError']);
    expect(parsed.frames).toEqual([
      frame('/js/cart.js', 48, 13, 'Anonymous function'),
      frame('eval code', 1, 1, 'eval code', false),
      frame('native code', null, null, 'Array.prototype.forEach', false),
      frame('/index.html', 82, 1, 'Global code'),
    ]);
  });

  it('Hermes: bytecode addresses, its own helpers and native frames, skipped frames', () => {
    const parsed = parseTrace(`Error: lets throw!
    at onPress (address at index.android.bundle:1:452701)
    at ?anon_0_ (address at index.android.bundle:1:224280)
    at tryCallOne (address at InternalBytecode.js:1:1180)
    at apply (native)
    ... skipping 74795 frames
    at global (address at index.android.bundle:1:9)`);
    expect([parsed.format, parsed.exceptionType, parsed.message]).toEqual(['hermes', 'Error', 'lets throw!']);
    expect(parsed.frames).toEqual([
      frame('index.android.bundle', 1, 452701, 'onPress'),
      frame('index.android.bundle', 1, 224280, '?anon_0_'),
      frame('InternalBytecode.js', 1, 1180, 'tryCallOne', false),
      frame('native', null, null, 'apply', false),
      frame('index.android.bundle', 1, 9, 'global'),
    ]);
  });

  it('Hermes under Metro: the dev server’s query removed, the CLI’s helper path not in-app', () => {
    const parsed = parseTrace(`TypeError: Cannot read property 'id' of undefined
    at ProfileScreen (http://10.0.2.2:8081/index.bundle//&platform=android&dev=true&minify=false:1234:20)
    at anonymous (/root/build/lib/InternalBytecode/InternalBytecode.js:139:27)`);
    expect(parsed.format).toBe('v8'); // nothing here only Hermes prints
    expect(parsed.frames).toEqual([
      frame('/index.bundle', 1234, 20, 'ProfileScreen'),
      frame('/root/build/lib/InternalBytecode/InternalBytecode.js', 139, 27, 'anonymous', false),
    ]);
  });
});

describe('parseTrace: Python', () => {
  const withSource = `Traceback (most recent call last):
  File "/app/main.py", line 10, in <module>
    run()
    ^^^^^
  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads
    return _default_decoder.decode(s)
           ^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/app/.venv/lib/python3.11/site-packages/requests/api.py", line 59, in request
    return session.request(method=method, url=url, **kwargs)
json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)`;

  it('parses frames innermost first, with and without source lines', () => {
    const parsed = parseTrace(withSource);
    expect(parsed.format).toBe('python');
    expect(parsed.exceptionType).toBe('json.decoder.JSONDecodeError');
    expect(parsed.message).toBe('Expecting value: line 1 column 1 (char 0)');
    expect(parsed.frames).toEqual([
      frame('/app/.venv/lib/python3.11/site-packages/requests/api.py', 59, null, 'request', false),
      frame('/usr/lib/python3.11/json/__init__.py', 346, null, 'loads', false),
      frame('/app/main.py', 10, null, '<module>', true),
    ]);
    const bare = parseTrace(
      withSource
        .split('\n')
        .filter((l) => !l.startsWith('    '))
        .join('\n'),
    );
    expect(bare.frames).toEqual(parsed.frames);
  });

  it('groups the last exception raised in a chain', () => {
    const parsed = parseTrace(`Traceback (most recent call last):
  File "/app/a.py", line 2, in f
KeyError: 'x'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/app/a.py", line 4, in f
ValueError: bad`);
    expect([parsed.exceptionType, parsed.frames[0]?.line]).toEqual(['ValueError', 4]);
  });

  it('reads pseudo files, bare exception lines and SyntaxError locations', () => {
    const stdin = parseTrace('Traceback (most recent call last):\n  File "<stdin>", line 1, in <module>\nKeyboardInterrupt');
    expect([stdin.exceptionType, stdin.message, stdin.frames]).toEqual([
      'KeyboardInterrupt',
      '',
      [frame('<stdin>', 1, null, '<module>')],
    ]);
    const syntax = parseTrace('  File "/app/x.py", line 3\n    def f(:\n          ^\nSyntaxError: invalid syntax');
    expect(syntax.frames).toEqual([frame('/app/x.py', 3, null, null)]);
    const frozen = parseTrace(
      'Traceback (most recent call last):\n  File "<frozen importlib._bootstrap>", line 1176, in _find_and_load\nImportError: x',
    );
    expect(frozen.frames[0]?.in_app).toBe(false);
  });

  it('parses the group itself of an exception group', () => {
    const parsed = parseTrace(`  + Exception Group Traceback (most recent call last):
  |   File "/app/a.py", line 9, in <module>
  |     main()
  |   File "/app/a.py", line 6, in main
  |     raise ExceptionGroup("many", [ValueError(1), TypeError(2)])
  | ExceptionGroup: many (2 sub-exceptions)
  +-+---------------- 1 ----------------
    | Traceback (most recent call last):
    |   File "/app/b.py", line 99, in inner
    | ValueError: 1
    +---------------- 2 ----------------
    | TypeError: 2
    +------------------------------------`);
    expect(parsed.exceptionType).toBe('ExceptionGroup');
    expect(parsed.frames.map((f) => f.line)).toEqual([6, 9]);
  });
});

describe('parseTrace: other runtimes', () => {
  it.each<[string, string]>([
    ['app/models/user.rb:42:in `save`', 'save'],
    ["app/models/user.rb:42:in `save'", 'save'],
    ["app/models/user.rb:42:in 'User#save'", 'User#save'],
    ["app/models/user.rb:42:in `block in <class:User>'", 'block in <class:User>'],
    ["app/models/user.rb:42:in 'block in <class:User>'", 'block in <class:User>'],
    ["app/models/user.rb:42:in `rescue in save'", 'rescue in save'],
    ["app/models/user.rb:42:in 'rescue in User#save'", 'rescue in User#save'],
    ["app/models/user.rb:42:in `block (2 levels) in <main>'", 'block (2 levels) in <main>'],
    ["app/models/user.rb:42:in `<top (required)>'", '<top (required)>'],
    ["app/models/user.rb:42:in `<module:Billing>'", '<module:Billing>'],
    ["app/models/user.rb:42:in '<main>'", '<main>'],
    ["app/models/user.rb:42:in `/'", '/'],
    ["app/models/user.rb:42:in ``'", '`'],
    ["app/models/user.rb:42:in 'Kernel#`'", 'Kernel#`'],
  ])('Ruby label %s → %s', (line, fn) => {
    const parsed = parseTrace([line]);
    expect(parsed.format).toBe('ruby');
    expect(parsed.frames).toEqual([frame('app/models/user.rb', 42, null, fn)]);
  });

  it('Ruby: a cause’s backtrace (printed after the raised one) is not parsed', () => {
    const parsed = parseTrace(`/app/config.rb:5:in \`rescue in load_config': missing /etc/shop.yml (ConfigError)
\tfrom /app/config.rb:2:in \`load_config'
\tfrom /app/main.rb:7:in \`<main>'
/app/config.rb:3:in \`read': No such file or directory @ rb_sysopen - /etc/shop.yml (Errno::ENOENT)
\tfrom /app/config.rb:3:in \`load_config'
\tfrom /app/main.rb:7:in \`<main>'`);
    expect([parsed.exceptionType, parsed.message]).toEqual(['ConfigError', 'missing /etc/shop.yml']);
    expect(parsed.frames).toEqual([
      frame('/app/config.rb', 5, null, 'rescue in load_config'),
      frame('/app/config.rb', 2, null, 'load_config'),
      frame('/app/main.rb', 7, null, '<main>'),
    ]);
  });

  it('Ruby 3.4 quotes and older backticks', () => {
    const a = parseTrace(
      "/app/x.rb:3:in 'Foo#bar': undefined method 'baz' for nil (NoMethodError)\n\tfrom /app/x.rb:7:in '<main>'",
    );
    expect([a.format, a.exceptionType, a.message]).toEqual(['ruby', 'NoMethodError', "undefined method 'baz' for nil"]);
    expect(a.frames).toEqual([frame('/app/x.rb', 3, null, 'Foo#bar'), frame('/app/x.rb', 7, null, '<main>')]);
    const b = parseTrace(
      "/usr/lib/ruby/3.1.0/json/common.rb:216:in `parse'\n/app/lib/x.rb:9:in `load'\n/var/lib/gems/3.1.0/gems/rack-2.2.4/lib/rack/builder.rb:1:in `call'",
    );
    expect(b.frames.map((f) => f.in_app)).toEqual([false, true, false]);
  });

  it('Ruby labels closed by a backtick, as hand-written backtraces have them', () => {
    const parsed = parseTrace('app/controllers/users_controller.rb:10:in `show`\nlib/middleware/auth.rb:25:in `call`');
    expect(parsed.format).toBe('ruby');
    expect(parsed.frames).toEqual([
      frame('app/controllers/users_controller.rb', 10, null, 'show'),
      frame('lib/middleware/auth.rb', 25, null, 'call'),
    ]);
  });

  it('Java: module prefixes, no source, logback suffix, Caused by not parsed', () => {
    const parsed = parseTrace(`Exception in thread "main" java.lang.RuntimeException: wrapped
\tat java.base/java.lang.Thread.run(Thread.java:833)
\tat com.acme.Service.call(Service.java:42) ~[app.jar:1.0]
\tat com.acme.Gen.invoke(Unknown Source)
\tat app//com.acme.Main.main(Main.java:5)
Caused by: java.io.IOException: root
\tat com.acme.Io.read(Io.java:7)
\t... 3 more`);
    expect([parsed.format, parsed.exceptionType, parsed.message]).toEqual(['java', 'java.lang.RuntimeException', 'wrapped']);
    expect(parsed.frames).toEqual([
      frame('java/lang/Thread.java', 833, null, 'java.lang.Thread.run', false),
      frame('com/acme/Service.java', 42, null, 'com.acme.Service.call'),
      frame('com.acme.Gen', null, null, 'com.acme.Gen.invoke'),
      frame('com/acme/Main.java', 5, null, 'com.acme.Main.main'),
    ]);
  });

  it('.NET: file and line, no pdb, inner exceptions, async markers', () => {
    const parsed = parseTrace(`Unhandled exception. System.InvalidOperationException: outer
 ---> System.FormatException: inner
   at System.Number.ThrowFormatException(ReadOnlySpan\`1 value)
   at Shop.Config.Parse(String raw) in C:\\src\\Shop\\Config.cs:line 12
   --- End of inner exception stack trace ---
   at Shop.Config.Load() in C:\\src\\Shop\\Config.cs:line 20
--- End of stack trace from previous location ---
   at Shop.Program.Main(String[] args)`);
    expect([parsed.format, parsed.exceptionType, parsed.message]).toEqual([
      'dotnet',
      'System.InvalidOperationException',
      'outer',
    ]);
    expect(parsed.frames).toEqual([
      frame('C:/src/Shop/Config.cs', 20, null, 'Shop.Config.Load'),
      frame('Shop.Program', null, null, 'Shop.Program.Main'),
    ]);
  });

  it('Mono: reads the trace once although Mono prints it twice', () => {
    const parsed = parseTrace(`
Unhandled Exception:
System.NullReferenceException: Object reference not set to an instance of an object
  at Shop.Cart.Total () [0x00001] in /src/Cart.cs:8
  at Shop.Program.Main (System.String[] args) [0x00006] in /src/Program.cs:15
[ERROR] FATAL UNHANDLED EXCEPTION: System.NullReferenceException: Object reference not set to an instance of an object
  at Shop.Cart.Total () [0x00001] in /src/Cart.cs:8
  at Shop.Program.Main (System.String[] args) [0x00006] in /src/Program.cs:15`);
    expect(parsed.exceptionType).toBe('System.NullReferenceException');
    expect(parsed.frames).toEqual([
      frame('/src/Cart.cs', 8, null, 'Shop.Cart.Total'),
      frame('/src/Program.cs', 15, null, 'Shop.Program.Main'),
    ]);
  });

  it('.NET frames whose parameters name namespaced types are not Java', () => {
    const parsed = parseTrace('System.Exception: x\n   at Shop.Ui.Form.OnClick(System.Object sender, System.EventArgs e)');
    expect(parsed.format).toBe('dotnet');
    expect(parsed.frames[0]?.function).toBe('Shop.Ui.Form.OnClick');
  });

  it('Go: the panicking goroutine only, args stripped, GOROOT not in-app', () => {
    const parsed = parseTrace(`panic: runtime error: slice bounds out of range [:5] with capacity 3

goroutine 18 [running]:
net/http.(*conn).serve.func1()
\t/usr/local/go/src/net/http/server.go:1868 +0xb0
panic({0x6c5a00?, 0xc0000b2000?})
\t/usr/local/go/src/runtime/panic.go:920 +0x270
example.com/shop/api.(*Handler).List(0xc0000a4000, {0x7f1e20, 0xc0000c6000})
\t/home/dev/shop/api/handler.go:57 +0x1d4
created by net/http.(*Server).Serve in goroutine 1
\t/usr/local/go/src/net/http/server.go:3086 +0x5cb

goroutine 1 [IO wait]:
main.main()
\t/home/dev/shop/main.go:1 +0x1`);
    expect([parsed.format, parsed.exceptionType]).toEqual(['go', 'runtime.Error']);
    expect(parsed.frames.map((f) => [f.function, f.line, f.in_app])).toEqual([
      ['net/http.(*conn).serve.func1', 1868, false],
      ['panic', 920, false],
      ['example.com/shop/api.(*Handler).List', 57, true],
      ['net/http.(*Server).Serve', 3086, false],
    ]);
  });

  it('PHP: the throw site is the innermost frame and functions shift down', () => {
    const parsed = parseTrace(`PHP Fatal error:  Uncaught InvalidArgumentException: bad id in /var/www/app/src/Repo.php:31
Stack trace:
#0 /var/www/app/src/Controller.php(18): App\\Repo->find('x')
#1 [internal function]: App\\Controller->show(Object(Request))
#2 /var/www/app/vendor/laravel/framework/src/Illuminate/Routing/Controller.php(54): call_user_func_array(Array, Array)
#3 {main}
  thrown in /var/www/app/src/Repo.php on line 31`);
    expect([parsed.format, parsed.exceptionType, parsed.message]).toEqual(['php', 'InvalidArgumentException', 'bad id']);
    expect(parsed.frames).toEqual([
      frame('/var/www/app/src/Repo.php', 31, null, 'App\\Repo->find'),
      frame('/var/www/app/src/Controller.php', 18, null, 'App\\Controller->show'),
      frame('[internal function]', null, null, 'call_user_func_array', false),
      frame('/var/www/app/vendor/laravel/framework/src/Illuminate/Routing/Controller.php', 54, null, '{main}', false),
    ]);
  });
});

describe('frame cap', () => {
  it(`keeps the ${MAX_FRAMES} innermost frames of an innermost-first trace`, () => {
    const lines = ['Error: deep'];
    for (let i = 1; i <= 1000; i++) lines.push(`    at f${i} (/app/a.js:${i}:1)`);
    const parsed = parseTrace(lines.join('\n'));
    expect(parsed.frames).toHaveLength(MAX_FRAMES);
    expect(parsed.frames[0]?.function).toBe('f1');
  });

  it(`keeps the ${MAX_FRAMES} innermost frames of a Python traceback (printed last)`, () => {
    const lines = ['Traceback (most recent call last):'];
    for (let i = 1; i <= 1000; i++) lines.push(`  File "/app/a.py", line ${i}, in f${i}`);
    lines.push('RecursionError: maximum recursion depth exceeded');
    const parsed = parseTrace(lines.join('\n'));
    expect(parsed.frames).toHaveLength(MAX_FRAMES);
    expect(parsed.frames[0]?.function).toBe('f1000');
    expect(parsed.exceptionType).toBe('RecursionError');
  });
});
