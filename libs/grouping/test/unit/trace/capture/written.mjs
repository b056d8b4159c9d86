// Writes the corpus entries for shapes this machine cannot produce (Windows, Safari in a browser,
// .NET (Core) on Windows and Linux, Kotlin/Android, newer runtime versions, old browsers (Firefox
// 3–13, Opera's Presto, Internet Explorer and EdgeHTML) and React Native apps on devices). Each
// trace is written in the exact shape its runtime prints, as the `source` says.
// Usage: node written.mjs
import { writeCorpus } from './lib.mjs';

const w = (name, source, trace, expected) => ({ name, source: `written: shape of ${source}`, trace, expected });

const v8 = [
  w(
    'written-node-windows',
    'Node.js 20 on Windows, uncaught',
    `C:\\Users\\dev\\shop\\src\\cart.js:14
    return items.reduce((sum, i) => sum + i.price, 0);
                 ^

TypeError: Cannot read properties of undefined (reading 'reduce')
    at cartTotal (C:\\Users\\dev\\shop\\src\\cart.js:14:18)
    at C:\\Users\\dev\\shop\\src\\server.js:31:20
    at Layer.handle [as handle_request] (C:\\Users\\dev\\shop\\node_modules\\express\\lib\\router\\layer.js:95:5)
    at next (C:\\Users\\dev\\shop\\node_modules\\express\\lib\\router\\route.js:149:13)

Node.js v20.11.1`,
    {
      format: 'v8',
      exceptionType: 'TypeError',
      file: 'C:/Users/dev/shop/src/cart.js',
      line: 14,
      column: 18,
      function: 'cartTotal',
      in_app: true,
    },
  ),
  w(
    'written-edge-sourcemapped-webpack',
    'Microsoft Edge 124, webpack 5 eval-source-map build',
    `TypeError: Cannot read properties of null (reading 'addEventListener')
    at initMenu (webpack-internal:///./src/menu.js:12:8)
    at eval (webpack-internal:///./src/index.js:7:64)
    at ./src/index.js (https://shop.example.com/main.js:96:1)
    at __webpack_require__ (https://shop.example.com/main.js:130:42)
    at https://shop.example.com/main.js:195:37`,
    {
      format: 'v8',
      exceptionType: 'TypeError',
      file: 'webpack-internal:///./src/menu.js',
      line: 12,
      column: 8,
      function: 'initMenu',
      in_app: true,
    },
  ),
  w(
    'written-chrome-react-production',
    'Chrome 126, React 18 production build (minified, hashed chunks)',
    `Error: Minified React error #185; visit https://react.dev/errors/185 for the full message or use the non-minified dev environment for full errors and additional helpful warnings.
    at Qo (https://shop.example.com/static/js/vendor.8c2f1a9e.js:2:74132)
    at https://shop.example.com/static/js/main.51d7e0b3.js:1:21873
    at Array.forEach (<anonymous>)
    at Tu (https://shop.example.com/static/js/vendor.8c2f1a9e.js:2:101552)`,
    {
      format: 'v8',
      exceptionType: 'Error',
      file: '/static/js/vendor.8c2f1a9e.js',
      line: 2,
      column: 74132,
      function: 'Qo',
      in_app: true,
    },
  ),
  w(
    'written-deno',
    'Deno 1.44, uncaught',
    `error: Uncaught (in promise) NotFound: No such file or directory (os error 2): readfile '/srv/app/config.json'
    at async Object.readTextFile (ext:deno_fs/30_fs.js:815:18)
    at async loadConfig (file:///srv/app/config.ts:4:16)
    at async file:///srv/app/main.ts:2:16`,
    {
      format: 'v8',
      exceptionType: 'NotFound',
      file: '/srv/app/config.ts',
      line: 4,
      column: 16,
      function: 'loadConfig',
      in_app: true,
    },
  ),
  w(
    'written-electron-asar',
    'Electron 30 main process',
    `Error: ENOENT: no such file or directory, open '/home/u/.config/notes/state.json'
    at Object.openSync (node:fs:573:18)
    at Object.func [as openSync] (node:electron/js2c/node_init:2:2214)
    at readState (/opt/Notes/resources/app.asar/dist/main/state.js:22:31)
    at App.<anonymous> (/opt/Notes/resources/app.asar/dist/main/index.js:48:5)`,
    {
      format: 'v8',
      exceptionType: 'Error',
      file: '/opt/Notes/resources/app.asar/dist/main/state.js',
      line: 22,
      column: 31,
      function: 'readState',
      in_app: true,
    },
  ),
  w(
    'written-chrome-extension-first',
    'Chrome 126, an extension frame innermost',
    `TypeError: Cannot read properties of undefined (reading 'getItem')
    at chrome-extension://ghbmnnjooekpmoecnnnilnnbdlolhkhi/page_embed_script.js:2:38
    at checkout (https://shop.example.com/assets/checkout-7d2e1f.js:88:11)`,
    {
      format: 'v8',
      exceptionType: 'TypeError',
      file: '/assets/checkout-7d2e1f.js',
      line: 88,
      column: 11,
      function: 'checkout',
      in_app: true,
    },
  ),
];

const spidermonkey = [
  w(
    'written-firefox-no-column',
    'Firefox 3.6-era stacks (no column), still sent by old embedded Gecko',
    `checkout@https://shop.example.com/js/app.js:120
@https://shop.example.com/js/app.js:200`,
    {
      format: 'spidermonkey',
      exceptionType: null,
      file: '/js/app.js',
      line: 120,
      column: null,
      function: 'checkout',
      in_app: true,
    },
  ),
  w(
    'written-firefox-nested-eval',
    'Firefox 127, eval inside eval',
    `TypeError: rule is undefined
@https://shop.example.com/js/rules.js line 14 > eval line 1 > eval:1:7
@https://shop.example.com/js/rules.js line 14 > eval:1:1
apply@https://shop.example.com/js/rules.js:14:10`,
    {
      format: 'spidermonkey',
      exceptionType: 'TypeError',
      file: '/js/rules.js',
      line: 14,
      column: null,
      function: null,
      in_app: true,
    },
  ),
  w(
    'written-firefox-async',
    'Firefox 127, async call chain',
    `load@https://shop.example.com/js/app.js:31:11
async*init@https://shop.example.com/js/app.js:40:9
EventListener.handleEvent*@https://shop.example.com/js/app.js:52:8`,
    { format: 'spidermonkey', exceptionType: null, file: '/js/app.js', line: 31, column: 11, function: 'load', in_app: true },
  ),
  w(
    'written-firefox-extension-innermost',
    'Firefox 127, an add-on frame innermost',
    `TypeError: can't access property "token", window.auth is undefined
getToken@moz-extension://4b9d4e0e-9c3d-4a71-8f0a-0d7f6f2e2c11/inject.js:3:22
submit@https://shop.example.com/js/login.js:18:5`,
    {
      format: 'spidermonkey',
      exceptionType: 'TypeError',
      file: '/js/login.js',
      line: 18,
      column: 5,
      function: 'submit',
      in_app: true,
    },
  ),
];

const spidermonkeyOld = [
  w(
    'written-firefox-3-arguments',
    'Firefox 3.6 (Gecko 1.9.2): frames with their arguments, a trailing `@:0` and empty line',
    `()@https://shop.example.com/js/cart.js:44
(null)@https://shop.example.com/js/cart.js:31
cartTotal([object Object],"EUR")@https://shop.example.com/js/cart.js:18
checkout("a@b.io",3)@https://shop.example.com/js/app.js:13
@https://shop.example.com/js/app.js:24
@:0
`,
    {
      format: 'spidermonkey',
      exceptionType: null,
      file: '/js/cart.js',
      line: 44,
      column: null,
      function: null,
      in_app: true,
      frames: 5,
    },
  ),
  w(
    'written-firefox-7-file-with-header',
    'Firefox 7 on Windows, a page opened from disk, `name: message` prepended by the sender',
    `TypeError: cart.items is undefined
cartTotal(null)@file:///C:/shop/js/cart.js:18
(2)@file:///C:/shop/js/app.js:31
@file:///C:/shop/js/app.js:40`,
    {
      format: 'spidermonkey',
      exceptionType: 'TypeError',
      file: 'C:/shop/js/cart.js',
      line: 18,
      column: null,
      function: 'cartTotal',
      in_app: true,
      frames: 3,
    },
  ),
];

const opera = [
  w(
    'written-opera-12-stack',
    'Opera 12 (Presto), error.stack',
    `<anonymous function: checkout>([arguments not available])@https://shop.example.com/js/cart.js:42
submitOrder([arguments not available])@https://shop.example.com/js/cart.js:17
<anonymous function>([arguments not available])@https://shop.example.com/checkout.html:9`,
    {
      format: 'opera',
      exceptionType: null,
      file: '/js/cart.js',
      line: 42,
      column: null,
      function: 'checkout',
      in_app: true,
      frames: 3,
    },
  ),
  w(
    'written-opera-12-stacktrace',
    'Opera 12 (Presto), error.stacktrace',
    `Error thrown at line 42, column 8 in <anonymous function: checkout>(cart) in https://shop.example.com/js/cart.js:
    return cart.items.length;
called from line 17, column 4 in submitOrder(form) in https://shop.example.com/js/cart.js:
    var total = this.checkout(cart);
called from line 9, column 2 in <anonymous function>(event) in https://shop.example.com/checkout.html:
    submitOrder(this);`,
    {
      format: 'opera',
      exceptionType: null,
      file: '/js/cart.js',
      line: 42,
      column: 8,
      function: 'checkout',
      in_app: true,
      frames: 3,
    },
  ),
  w(
    'written-opera-10-backtrace',
    'Opera 10 (Presto 2.2), the message and its Backtrace',
    `Statement on line 42: Type mismatch (usually non-object value supplied where object required)
Backtrace:
  Line 42 of linked script https://shop.example.com/js/cart.js: In function checkout
                return cart.items.length;
  Line 17 of linked script https://shop.example.com/js/cart.js: In function submitOrder
            var total = this.checkout(cart);
  Line 9 of inline#1 script in https://shop.example.com/checkout.html
        submitOrder(this);`,
    {
      format: 'opera',
      exceptionType: null,
      file: '/js/cart.js',
      line: 42,
      column: null,
      function: 'checkout',
      in_app: true,
      frames: 3,
    },
  ),
];

const chakra = [
  w(
    'written-ie11',
    'Internet Explorer 11 on Windows 10, error.stack',
    `TypeError: Unable to get property 'price' of undefined or null reference
   at Anonymous function (https://shop.example.com/static/js/cart.js:31:9)
   at Array.prototype.forEach (native code)
   at cartTotal (https://shop.example.com/static/js/cart.js:29:5)
   at Global code (https://shop.example.com/checkout.html:44:1)`,
    {
      format: 'chakra',
      exceptionType: 'TypeError',
      file: '/static/js/cart.js',
      line: 31,
      column: 9,
      function: 'Anonymous function',
      in_app: true,
      frames: 4,
    },
  ),
  w(
    'written-ie10-eval',
    "Internet Explorer 10, an error in eval'd code",
    `ReferenceError: 'applyCoupon' is undefined
   at eval code (eval code:1:1)
   at runPromo (https://shop.example.com/static/js/promo.js:58:17)
   at onclick (https://shop.example.com/checkout.html:12:1)`,
    {
      format: 'chakra',
      exceptionType: 'ReferenceError',
      file: '/static/js/promo.js',
      line: 58,
      column: 17,
      function: 'runPromo',
      in_app: true,
      frames: 3,
    },
  ),
  w(
    'written-edge-18',
    'Microsoft Edge 18 (EdgeHTML), a minified bundle',
    `TypeError: Unable to get property 'addEventListener' of undefined or null reference
   at initMenu (https://shop.example.com/assets/app.4d1c2b.js:1:20417)
   at Anonymous function (https://shop.example.com/assets/app.4d1c2b.js:1:31020)
   at Global code (https://shop.example.com/assets/app.4d1c2b.js:1:33001)`,
    {
      format: 'chakra',
      exceptionType: 'TypeError',
      file: '/assets/app.4d1c2b.js',
      line: 1,
      column: 20417,
      function: 'initMenu',
      in_app: true,
      frames: 3,
    },
  ),
];

const hermes = [
  w(
    'written-react-native-android-release',
    'React Native 0.74 on Android, Hermes release build',
    `TypeError: Cannot read property 'id' of undefined
    at ProfileScreen (address at index.android.bundle:1:1129430)
    at renderWithHooks (address at index.android.bundle:1:362845)
    at beginWork (address at index.android.bundle:1:394051)
    at performUnitOfWork (address at index.android.bundle:1:426734)
    at apply (native)
    at tryCallOne (address at InternalBytecode.js:1:1180)
    at anonymous (address at InternalBytecode.js:1:1874)`,
    {
      format: 'hermes',
      exceptionType: 'TypeError',
      file: 'index.android.bundle',
      line: 1,
      column: 1129430,
      function: 'ProfileScreen',
      in_app: true,
      frames: 7,
    },
  ),
  w(
    'written-react-native-ios-release',
    'React Native 0.74 on iOS, Hermes release build (the app container differs per install)',
    `Error: Payment sheet failed to load
    at ?anon_0_ (address at /private/var/containers/Bundle/Application/6B1E4F0A-3C2D-4E5F-9A8B-7C6D5E4F3A2B/Shop.app/main.jsbundle:1:884213)
    at next (native)
    at asyncGeneratorStep (address at /private/var/containers/Bundle/Application/6B1E4F0A-3C2D-4E5F-9A8B-7C6D5E4F3A2B/Shop.app/main.jsbundle:1:120436)
    at _next (address at /private/var/containers/Bundle/Application/6B1E4F0A-3C2D-4E5F-9A8B-7C6D5E4F3A2B/Shop.app/main.jsbundle:1:120694)
    at tryCallOne (address at InternalBytecode.js:1:1180)
    at anonymous (address at InternalBytecode.js:1:1874)`,
    {
      format: 'hermes',
      exceptionType: 'Error',
      file: 'Shop.app/main.jsbundle',
      line: 1,
      column: 884213,
      function: '?anon_0_',
      in_app: true,
      frames: 6,
    },
  ),
  w(
    'written-react-native-metro-dev',
    'React Native 0.74 on Android, Hermes debug build served by Metro',
    `TypeError: Cannot read property 'price' of undefined
    at CartRow (http://10.0.2.2:8081/index.bundle//&platform=android&dev=true&lazy=true&minify=false&app=com.shop&modulesOnly=false&runModule=true:118841:42)
    at renderWithHooks (http://10.0.2.2:8081/index.bundle//&platform=android&dev=true&lazy=true&minify=false&app=com.shop&modulesOnly=false&runModule=true:66351:33)
    at ?anon_0_ (http://10.0.2.2:8081/index.bundle//&platform=android&dev=true&lazy=true&minify=false&app=com.shop&modulesOnly=false&runModule=true:120002:7)
    at next (native)`,
    {
      format: 'hermes',
      exceptionType: 'TypeError',
      file: '/index.bundle',
      line: 118841,
      column: 42,
      function: 'CartRow',
      in_app: true,
      frames: 4,
    },
  ),
];

const jsc = [
  w(
    'written-safari-browser',
    'Safari 17.5 on macOS, error.stack with header',
    `TypeError: undefined is not an object (evaluating 'cart.items.length')
cartTotal@https://shop.example.com/static/js/app.js:8:24
@https://shop.example.com/static/js/app.js:123:52
forEach@[native code]
global code@https://shop.example.com/index.html:14:20`,
    {
      format: 'jsc',
      exceptionType: 'TypeError',
      file: '/static/js/app.js',
      line: 8,
      column: 24,
      function: 'cartTotal',
      in_app: true,
    },
  ),
  w(
    'written-safari-promise-job',
    'Safari 17.5 on iOS, async function',
    `loadProfile@https://shop.example.com/static/js/profile.js:22:28
asyncFunctionResume@[native code]
@https://shop.example.com/static/js/profile.js:30:9
promiseReactionJob@[native code]`,
    {
      format: 'jsc',
      exceptionType: null,
      file: '/static/js/profile.js',
      line: 22,
      column: 28,
      function: 'loadProfile',
      in_app: true,
    },
  ),
  w(
    'written-safari-module',
    'Safari 17.5, ES module script',
    `ReferenceError: Can't find variable: process
module code@https://shop.example.com/assets/index-4d1c2b.js:1:18231`,
    {
      format: 'jsc',
      exceptionType: 'ReferenceError',
      file: '/assets/index-4d1c2b.js',
      line: 1,
      column: 18231,
      function: 'module code',
      in_app: true,
    },
  ),
  w(
    'written-safari-old-no-at',
    'Safari 6-era stacks (anonymous frames as a bare url)',
    `render@https://shop.example.com/js/app.js:55:14
https://shop.example.com/js/app.js:80:3
[native code]`,
    { format: 'spidermonkey', exceptionType: null, file: '/js/app.js', line: 55, column: 14, function: 'render', in_app: true },
  ),
];

const python = [
  w(
    'written-python-313',
    'Python 3.13 on Linux (carets and the new location hints)',
    `Traceback (most recent call last):
  File "/srv/api/app/main.py", line 52, in <module>
    main()
    ~~~~^^
  File "/srv/api/app/main.py", line 48, in main
    total = compute(order)
  File "/srv/api/app/billing.py", line 17, in compute
    return sum(line.price for line in order.lines) / order.count
           ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~^~~~~~~~~~~~~
ZeroDivisionError: division by zero`,
    {
      format: 'python',
      exceptionType: 'ZeroDivisionError',
      file: '/srv/api/app/billing.py',
      line: 17,
      function: 'compute',
      in_app: true,
    },
  ),
  w(
    'written-python-windows-django',
    'Python 3.12 on Windows, Django',
    `Traceback (most recent call last):
  File "C:\\Users\\dev\\shop\\.venv\\Lib\\site-packages\\django\\core\\handlers\\exception.py", line 55, in inner
    response = get_response(request)
  File "C:\\Users\\dev\\shop\\.venv\\Lib\\site-packages\\django\\core\\handlers\\base.py", line 197, in _get_response
    response = wrapped_callback(request, *callback_args, **callback_kwargs)
  File "C:\\Users\\dev\\shop\\orders\\views.py", line 41, in detail
    order = Order.objects.get(pk=pk)
  File "C:\\Users\\dev\\shop\\.venv\\Lib\\site-packages\\django\\db\\models\\manager.py", line 87, in manager_method
    return getattr(self.get_queryset(), name)(*args, **kwargs)
orders.models.Order.DoesNotExist: Order matching query does not exist.`,
    {
      format: 'python',
      exceptionType: 'orders.models.Order.DoesNotExist',
      file: 'C:/Users/dev/shop/orders/views.py',
      line: 41,
      function: 'detail',
      in_app: true,
    },
  ),
  w(
    'written-python-python2',
    'Python 2.7',
    `Traceback (most recent call last):
  File "manage.py", line 10, in <module>
    execute_from_command_line(sys.argv)
  File "/usr/lib/python2.7/dist-packages/django/core/management/__init__.py", line 364, in execute_from_command_line
    utility.execute()
NameError: global name 'settings' is not defined`,
    { format: 'python', exceptionType: 'NameError', file: 'manage.py', line: 10, function: '<module>', in_app: true },
  ),
];

const ruby = [
  w(
    'written-ruby-34',
    'Ruby 3.4 (quotes, Class#method labels)',
    `/srv/shop/app/models/cart.rb:12:in 'Cart#total': undefined method 'price' for nil (NoMethodError)

    items.sum { |i| i.product.price }
                             ^^^^^^
	from /srv/shop/app/models/cart.rb:12:in 'Array#sum'
	from /srv/shop/app/models/cart.rb:12:in 'Cart#total'
	from /usr/local/bundle/gems/actionpack-7.2.1/lib/action_controller/metal/basic_implicit_render.rb:6:in 'ActionController::BasicImplicitRender#send_action'
	from <internal:kernel>:168:in 'Kernel#loop'`,
    {
      format: 'ruby',
      exceptionType: 'NoMethodError',
      file: '/srv/shop/app/models/cart.rb',
      line: 12,
      function: 'Cart#total',
      in_app: true,
    },
  ),
  w(
    'written-ruby-rails-log',
    'Rails 7 log (SDK-style header, relative app paths)',
    `ActiveRecord::RecordNotFound: Couldn't find Order with 'id'=91822
activerecord (7.1.3) lib/active_record/core.rb:253:in \`find'
app/controllers/orders_controller.rb:8:in \`show'
actionpack (7.1.3) lib/action_controller/metal/basic_implicit_render.rb:6:in \`send_action'`,
    {
      format: 'ruby',
      exceptionType: 'ActiveRecord::RecordNotFound',
      file: 'app/controllers/orders_controller.rb',
      line: 8,
      function: 'show',
      in_app: true,
    },
  ),
  w(
    'written-miniapm-backtrace',
    'the MiniAPM errors API document: a backtrace array with a backtick on both sides of the method',
    ['app/models/user.rb:42:in `save`', 'app/controllers/users_controller.rb:15:in `create`'],
    { format: 'ruby', exceptionType: null, file: 'app/models/user.rb', line: 42, function: 'save', in_app: true, frames: 2 },
  ),
  w(
    'written-ruby-34-rescue-with-cause',
    'Ruby 3.4: rescue in a method, the cause printed after',
    `/srv/shop/app/services/importer.rb:14:in 'rescue in Importer#run': could not import orders.csv (Importer::Failed)
	from /srv/shop/app/services/importer.rb:9:in 'Importer#run'
	from /srv/shop/bin/import:5:in '<main>'
/srv/shop/app/services/importer.rb:10:in 'IO.read': No such file or directory @ rb_sysopen - orders.csv (Errno::ENOENT)
	from /srv/shop/app/services/importer.rb:10:in 'Importer#run'
	from /srv/shop/bin/import:5:in '<main>'`,
    {
      format: 'ruby',
      exceptionType: 'Importer::Failed',
      file: '/srv/shop/app/services/importer.rb',
      line: 14,
      function: 'rescue in Importer#run',
      in_app: true,
      frames: 3,
    },
  ),
  w(
    'written-ruby-34-block-in-class',
    'Ruby 3.4: a block in a class body, required from a script',
    `/srv/shop/config/settings.rb:4:in 'block in <class:Settings>': SHOP_PORT is not set (KeyError)
	from /srv/shop/config/settings.rb:3:in 'Hash#each'
	from /srv/shop/config/settings.rb:3:in '<class:Settings>'
	from /srv/shop/config/settings.rb:1:in '<top (required)>'
	from /srv/shop/bin/server:3:in 'Kernel#require_relative'
	from /srv/shop/bin/server:3:in '<main>'`,
    {
      format: 'ruby',
      exceptionType: 'KeyError',
      file: '/srv/shop/config/settings.rb',
      line: 4,
      function: 'block in <class:Settings>',
      in_app: true,
      frames: 6,
    },
  ),
];

const java = [
  w(
    'written-kotlin-coroutines',
    'Kotlin 1.9 / kotlinx.coroutines on the JVM',
    `Exception in thread "main" java.lang.IllegalArgumentException: Quantity must be positive: -2
\tat com.example.shop.cart.CartService.add(CartService.kt:27)
\tat com.example.shop.cart.CartService$addAll$1.invokeSuspend(CartService.kt:19)
\tat kotlin.coroutines.jvm.internal.BaseContinuationImpl.resumeWith(ContinuationImpl.kt:33)
\tat kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)
\tat kotlinx.coroutines.scheduling.CoroutineScheduler$Worker.run(CoroutineScheduler.kt:793)`,
    {
      format: 'java',
      exceptionType: 'java.lang.IllegalArgumentException',
      file: 'com/example/shop/cart/CartService.kt',
      line: 27,
      function: 'com.example.shop.cart.CartService.add',
      in_app: true,
    },
  ),
  w(
    'written-android',
    'Android 14 logcat (AndroidRuntime)',
    `FATAL EXCEPTION: main
Process: com.example.shop, PID: 12876
java.lang.NullPointerException: Attempt to invoke virtual method 'int java.lang.String.length()' on a null object reference
\tat com.example.shop.ui.CheckoutFragment.onViewCreated(CheckoutFragment.kt:64)
\tat androidx.fragment.app.Fragment.performViewCreated(Fragment.java:3128)
\tat android.os.Handler.handleCallback(Handler.java:959)
\tat com.android.internal.os.ZygoteInit.main(ZygoteInit.java:936)`,
    {
      format: 'java',
      exceptionType: 'java.lang.NullPointerException',
      file: 'com/example/shop/ui/CheckoutFragment.kt',
      line: 64,
      function: 'com.example.shop.ui.CheckoutFragment.onViewCreated',
      in_app: true,
    },
  ),
  w(
    'written-spring-logback',
    'Spring Boot 3 / logback (framework frames outermost, jar suffixes)',
    `2024-05-02T10:41:07.118Z ERROR 1 --- [nio-8080-exec-3] o.a.c.c.C.[.[.[/].[dispatcherServlet] : Servlet.service() threw exception
java.lang.IllegalStateException: No price for SKU-1182
\tat com.example.shop.pricing.PriceService.priceOf(PriceService.java:44) ~[classes/:na]
\tat com.example.shop.web.CartController.add(CartController.java:31) ~[classes/:na]
\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103) ~[na:na]
\tat org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255) ~[spring-web-6.1.6.jar:6.1.6]`,
    {
      format: 'java',
      exceptionType: 'java.lang.IllegalStateException',
      file: 'com/example/shop/pricing/PriceService.java',
      line: 44,
      function: 'com.example.shop.pricing.PriceService.priceOf',
      in_app: true,
    },
  ),
];

const go = [
  w(
    'written-go-122-trimpath',
    'Go 1.22, -trimpath build, goroutine created in goroutine 1',
    `panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6d1b5e]

goroutine 35 [running]:
example.com/shop/internal/cart.(*Service).Total(0x0, {0x8a1f00, 0xc0001a2000})
\texample.com/shop/internal/cart/service.go:41 +0x1e
example.com/shop/internal/api.(*Handler).cart(0xc000120000, {0x8a5b38, 0xc0001c0000}, 0xc0001b6000)
\texample.com/shop/internal/api/cart.go:22 +0x8c
net/http.HandlerFunc.ServeHTTP(0x0?, {0x8a5b38?, 0xc0001c0000?}, 0x0?)
\tnet/http/server.go:2166 +0x29
created by net/http.(*Server).Serve in goroutine 1
\tnet/http/server.go:3285 +0x4b4`,
    {
      format: 'go',
      exceptionType: 'runtime.Error',
      file: 'example.com/shop/internal/cart/service.go',
      line: 41,
      function: 'example.com/shop/internal/cart.(*Service).Total',
      in_app: true,
    },
  ),
  w(
    'written-go-fatal-deadlock',
    'Go 1.21, fatal error',
    `fatal error: all goroutines are asleep - deadlock!

goroutine 1 [chan receive]:
main.main()
\t/home/dev/shop/cmd/worker/main.go:19 +0x3d
exit status 2`,
    {
      format: 'go',
      exceptionType: 'fatal error',
      file: '/home/dev/shop/cmd/worker/main.go',
      line: 19,
      function: 'main.main',
      in_app: true,
    },
  ),
];

const dotnet = [
  w(
    'written-dotnet8-linux',
    '.NET 8 on Linux, unhandled',
    `Unhandled exception. System.InvalidOperationException: Sequence contains no elements
   at System.Linq.ThrowHelper.ThrowNoElementsException()
   at System.Linq.Enumerable.First[TSource](IEnumerable\`1 source)
   at Shop.Orders.OrderService.Latest(Int32 customerId) in /src/Shop/Orders/OrderService.cs:line 42
   at Shop.Program.Main(String[] args) in /src/Shop/Program.cs:line 12`,
    {
      format: 'dotnet',
      exceptionType: 'System.InvalidOperationException',
      file: '/src/Shop/Orders/OrderService.cs',
      line: 42,
      function: 'Shop.Orders.OrderService.Latest',
      in_app: true,
    },
  ),
  w(
    'written-dotnet8-windows-inner-async',
    '.NET 8 on Windows, async with an inner exception',
    `System.ApplicationException: Checkout failed
 ---> System.Net.Http.HttpRequestException: Connection refused (payments:443)
   at System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync(String host, Int32 port, HttpRequestMessage initialRequest, Boolean async, CancellationToken cancellationToken)
   at Shop.Payments.PaymentClient.ChargeAsync(Decimal amount) in C:\\src\\Shop\\Payments\\PaymentClient.cs:line 31
   --- End of inner exception stack trace ---
   at Shop.Checkout.CheckoutService.PlaceOrderAsync(Cart cart) in C:\\src\\Shop\\Checkout\\CheckoutService.cs:line 58
--- End of stack trace from previous location ---
   at Shop.Web.Controllers.CheckoutController.Post(CartDto dto) in C:\\src\\Shop\\Web\\Controllers\\CheckoutController.cs:line 24
   at Microsoft.AspNetCore.Mvc.Infrastructure.ActionMethodExecutor.TaskOfIActionResultExecutor.Execute(ActionContext actionContext)`,
    {
      format: 'dotnet',
      exceptionType: 'System.ApplicationException',
      file: 'C:/src/Shop/Checkout/CheckoutService.cs',
      line: 58,
      function: 'Shop.Checkout.CheckoutService.PlaceOrderAsync',
      in_app: true,
    },
  ),
  w(
    'written-dotnet-framework-no-pdb',
    '.NET Framework 4.8, release build without pdb files',
    `Unhandled Exception: System.NullReferenceException: Object reference not set to an instance of an object.
   at Shop.Inventory.StockService.Reserve(String sku, Int32 qty)
   at Shop.Program.Main(String[] args)`,
    {
      format: 'dotnet',
      exceptionType: 'System.NullReferenceException',
      file: 'Shop.Inventory.StockService',
      line: null,
      function: 'Shop.Inventory.StockService.Reserve',
      in_app: true,
    },
  ),
];

const php = [
  w(
    'written-php-laravel',
    'PHP 8.3 / Laravel 11 log',
    `[2024-05-02 10:41:07] production.ERROR: Attempt to read property "price" on null {"exception":"[object] (ErrorException(code: 0): Attempt to read property \\"price\\" on null at /var/www/shop/app/Services/CartService.php:27)
[stacktrace]
#0 /var/www/shop/vendor/laravel/framework/src/Illuminate/Foundation/Bootstrap/HandleExceptions.php(256): Illuminate\\Foundation\\Bootstrap\\HandleExceptions->handleError(2, 'Attempt to read...', '/var/www/shop/a...', 27)
#1 /var/www/shop/app/Services/CartService.php(27): Illuminate\\Foundation\\Bootstrap\\HandleExceptions->Illuminate\\Foundation\\Bootstrap\\{closure}(2, 'Attempt to read...', '/var/www/shop/a...', 27)
#2 /var/www/shop/app/Http/Controllers/CartController.php(19): App\\Services\\CartService->total(Object(App\\Models\\Cart))
#3 {main}
"}`,
    {
      format: 'php',
      exceptionType: null,
      file: '/var/www/shop/app/Services/CartService.php',
      line: 27,
      function: 'App\\Services\\CartService->total',
      in_app: true,
    },
  ),
  w(
    'written-php7-uncaught',
    'PHP 7.4 CLI, uncaught',
    `PHP Fatal error:  Uncaught Error: Call to undefined function mb_strtoupper() in /srv/app/src/Slug.php:9
Stack trace:
#0 /srv/app/src/Post.php(22): App\\Slug::make('Hello world')
#1 /srv/app/bin/publish.php(14): App\\Post->publish()
#2 {main}
  thrown in /srv/app/src/Slug.php on line 9`,
    { format: 'php', exceptionType: 'Error', file: '/srv/app/src/Slug.php', line: 9, function: 'App\\Slug::make', in_app: true },
  ),
];

const all = {
  v8,
  chakra,
  hermes,
  spidermonkey: [...spidermonkey, ...spidermonkeyOld],
  opera,
  jsc,
  python,
  ruby,
  java,
  go,
  dotnet,
  php,
};
for (const [runtime, entries] of Object.entries(all)) {
  writeCorpus(runtime, 'written', entries);
}
