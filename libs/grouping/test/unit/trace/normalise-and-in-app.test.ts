import {
  isDotnetInApp,
  isGoInApp,
  isJavaInApp,
  isJavaScriptInApp,
  isPhpInApp,
  isPythonInApp,
  isRubyInApp,
} from '@error-tracker/grouping/trace/in-app';
import { normaliseFile, withoutMetroQuery } from '@error-tracker/grouping/trace/normalise-file';

describe('normaliseFile', () => {
  it.each([
    ['/app/src/a.js?v=3', '/app/src/a.js'],
    ['/app/src/a.js#L10', '/app/src/a.js'],
    ['C:\\app\\src\\a.js', 'C:/app/src/a.js'],
    ['  /app/x.py  ', '/app/x.py'],
    ['https://cdn.example.com/js/main.3f9a2c1b.js', '/js/main.3f9a2c1b.js'],
    ['http://localhost:3000/static/js/main.3f9a2c1b.chunk.js?x=1#y', '/static/js/main.3f9a2c1b.chunk.js'],
    ['https://example.com', '/'],
    ['file:///app/a.mjs', '/app/a.mjs'],
    ['file:///C:/app/a.mjs', 'C:/app/a.mjs'],
    ['blob:https://example.com/6c1b2a34-0f7e-4d1a-9c3b-5e2f8a9d7c10', 'blob:/<uuid>'],
    ['webpack://shop/./src/cart.js', 'webpack://shop/./src/cart.js'],
    ['webpack:///./src/index.js?', 'webpack:///./src/index.js'],
    ['node:internal/modules/cjs/loader', 'node:internal/modules/cjs/loader'],
    ['<anonymous>', '<anonymous>'],
    ['<frozen importlib._bootstrap>', '<frozen importlib._bootstrap>'],
    [
      '/var/mobile/Containers/Data/Application/0D9C8B7A-6F5E-4D3C-2B1A-0F9E8D7C6B5A/Library/Application Support/CodePush/4f2a/main.jsbundle',
      'Library/Application Support/CodePush/4f2a/main.jsbundle',
    ],
    [
      'file:///private/var/containers/Bundle/Application/6B1E4F0A-3C2D-4E5F-9A8B-7C6D5E4F3A2B/Shop.app/main.jsbundle',
      'Shop.app/main.jsbundle',
    ],
    ['/var/containers/Bundle/Application/6B1E4F0A-3C2D-4E5F-9A8B-7C6D5E4F3A2B/Shop.app/main.jsbundle', 'Shop.app/main.jsbundle'],
    ['/srv/Bundle/Application/short/main.jsbundle', '/srv/Bundle/Application/short/main.jsbundle'],
    ['index.android.bundle', 'index.android.bundle'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseFile(input)).toBe(expected);
    expect(normaliseFile(expected)).toBe(expected); // idempotent
  });
});

describe('withoutMetroQuery', () => {
  it.each([
    ['http://10.0.2.2:8081/index.bundle//&platform=android&dev=true&minify=false', 'http://10.0.2.2:8081/index.bundle'],
    ['http://localhost:8081/index.bundle?platform=ios&dev=true', 'http://localhost:8081/index.bundle?platform=ios&dev=true'],
    ['https://x.io/js/a&b.js', 'https://x.io/js/a&b.js'],
  ])('%s → %s', (input, expected) => expect(withoutMetroQuery(input)).toBe(expected));
});

describe('in-app rules', () => {
  it.each<[string, boolean]>([
    ['/app/src/a.js', true],
    ['/app/node_modules/express/lib/router.js', false],
    ['C:/app/node_modules/x/index.js', false],
    ['webpack://shop/./node_modules/react-dom/cjs/react-dom.development.js', false],
    ['node:internal/process/task_queues', false],
    ['node:fs', false],
    ['internal/modules/cjs/loader.js', false],
    ['<anonymous>', false],
    ['native', false],
    ['[native code]', false],
    ['index 0', false],
    ['evalmachine.<anonymous>', false],
    ['[eval]-wrapper', false],
    ['[eval]', true],
    ['chrome-extension://abc/x.js', false],
    ['/static/js/main.3f9a2c1b.js', true],
    ['index.android.bundle', true],
    ['Shop.app/main.jsbundle', true],
    ['InternalBytecode.js', false],
    ['/root/build/lib/InternalBytecode/InternalBytecode.js', false],
    ['/app/src/InternalBytecode.js', true],
    ['eval code', false],
    ['Function code', false],
    ['native code', false],
  ])('JavaScript %s → %s', (file, expected) => expect(isJavaScriptInApp(file)).toBe(expected));

  it.each<[string, boolean]>([
    ['/srv/app/orders.py', true],
    ['/usr/lib/python3.11/json/decoder.py', false],
    ['/usr/local/lib/python3.12/asyncio/base_events.py', false],
    ['/root/.pyenv/versions/3.11.7/lib/python3.11/threading.py', false],
    ['/opt/conda/lib/python3.10/site-packages/numpy/core/x.py', false],
    ['/usr/lib/python3/dist-packages/yaml/parser.py', false],
    ['/app/.venv/lib/python3.13t/site-packages/x.py', false],
    ['C:/Users/dev/AppData/Local/Programs/Python/Python311/Lib/json/decoder.py', false],
    ['<frozen importlib._bootstrap>', false],
    ['<stdin>', true],
    ['<string>', true],
    ['/app/lib/pythonic/tools.py', true],
  ])('Python %s → %s', (file, expected) => expect(isPythonInApp(file)).toBe(expected));

  it.each<[string, boolean]>([
    ['/app/models/user.rb', true],
    ['/usr/lib/ruby/3.1.0/json/common.rb', false],
    ['/var/lib/gems/3.1.0/gems/rack-2.2.4/lib/rack.rb', false],
    ['/app/vendor/bundle/ruby/3.2.0/gems/pg-1.5/lib/pg.rb', false],
    ['<internal:kernel>', false],
  ])('Ruby %s → %s', (file, expected) => expect(isRubyInApp(file)).toBe(expected));

  it.each<[string, boolean]>([
    ['com.example.shop.App.main', true],
    ['java.base/java.lang.Integer.parseInt', false],
    ['java.util.ArrayList.get', false],
    ['jdk.internal.reflect.NativeMethodAccessorImpl.invoke0', false],
    ['sun.reflect.GeneratedMethodAccessor1.invoke', false],
    ['kotlin.collections.CollectionsKt.first', false],
    ['org.springframework.web.servlet.FrameworkServlet.service', false],
    ['app//com.example.Main.main', true],
  ])('Java %s → %s', (fn, expected) => expect(isJavaInApp(fn)).toBe(expected));

  it.each<[string, string | null, boolean]>([
    ['/home/dev/shop/main.go', 'main.main', true],
    ['/usr/local/go/src/runtime/panic.go', 'panic', false],
    ['/usr/lib/go-1.19/src/regexp/regexp.go', 'regexp.MustCompile', false],
    ['runtime/proc.go', 'runtime.main', false],
    ['/root/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/context.go', 'github.com/gin-gonic/gin.(*Context).Next', false],
    ['/home/dev/go/src/github.com/me/app/main.go', 'main.main', true],
    ['/app/vendor/github.com/x/y/z.go', 'y.Z', false],
  ])('Go %s → %s', (file, fn, expected) => expect(isGoInApp(file, fn)).toBe(expected));

  it.each<[string, string, boolean]>([
    ['/src/Shop/Program.cs', 'Shop.Program.Main', true],
    ['System.Linq.Enumerable', 'System.Linq.Enumerable.First', false],
    ['Microsoft.AspNetCore.Mvc.Infrastructure', 'Microsoft.AspNetCore.Mvc.Infrastructure.X', false],
    ['Shop.Program', 'Shop.Program.Main', true],
  ])('.NET %s %s → %s', (file, fn, expected) => expect(isDotnetInApp(file, fn)).toBe(expected));

  it.each<[string, boolean]>([
    ['/var/www/app/src/Repo.php', true],
    ['/var/www/app/vendor/laravel/framework/src/Illuminate/Foundation/Application.php', false],
    ['[internal function]', false],
  ])('PHP %s → %s', (file, expected) => expect(isPhpInApp(file)).toBe(expected));
});
