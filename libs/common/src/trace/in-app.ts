/**
 * In-app detection: a frame is in-app unless its file or function belongs to the runtime, a
 * dependency or native code. Files are already normalised (forward slashes, no origin).
 */

/** Pseudo files that never point at the application's own source. */
const NATIVE_FILES = new Set([
  '',
  '<anonymous>',
  'anonymous',
  'native',
  '[native code]',
  '<unknown>',
  'unknown',
  'unknown location',
  '<native>',
  '[internal function]',
  '<filename unknown>',
  'Native Method',
  'Unknown Source',
]);

const BROWSER_INTERNAL_SCHEMES = [
  'chrome-extension:',
  'moz-extension:',
  'safari-extension:',
  'safari-web-extension:',
  'chrome:',
  'resource:',
  'webkit-masked-url:',
];

function isNativeFile(file: string): boolean {
  return NATIVE_FILES.has(file) || file.startsWith('index ') || file.startsWith('<native');
}

export function isJavaScriptInApp(file: string): boolean {
  if (isNativeFile(file)) return false;
  if (file.includes('node_modules/')) return false;
  if (file.startsWith('node:') || file.startsWith('internal/') || file.startsWith('evalmachine.')) return false;
  if (file.endsWith(']-wrapper') || file === 'debugger eval code') return false; // node's [eval]-wrapper, [stdin]-wrapper
  if (file.includes('/webpack/bootstrap') || file.includes('webpack/runtime/')) return false;
  for (const scheme of BROWSER_INTERNAL_SCHEMES) if (file.startsWith(scheme)) return false;
  return true;
}

// lib/python3.11/, lib64/python3.12t/, Windows .../Python311/Lib/
const PYTHON_STDLIB = /\/lib(?:64)?\/python\d(?:\.\d+)?t?\/|\/python\d+\/lib\//i;

export function isPythonInApp(file: string): boolean {
  if (isNativeFile(file)) return false;
  if (file.includes('/site-packages/') || file.includes('/dist-packages/')) return false;
  if (file.startsWith('<frozen ') || file === '<built-in>') return false;
  return !PYTHON_STDLIB.test(file);
}

export function isRubyInApp(file: string): boolean {
  if (isNativeFile(file)) return false;
  if (file.startsWith('<internal:')) return false;
  return !(
    file.includes('/gems/') ||
    file.includes('/lib/ruby/') ||
    file.includes('/rubygems/') ||
    file.includes('vendor/bundle/') ||
    file.includes('/bundler/')
  );
}

/** Package prefixes of the JDK, the JVM languages' runtimes, Android and widespread frameworks. */
const JVM_LIBRARY_PREFIXES = [
  'java.',
  'javax.',
  'jakarta.',
  'jdk.',
  'sun.',
  'com.sun.',
  'kotlin.',
  'kotlinx.',
  'scala.',
  'groovy.',
  'org.codehaus.groovy.',
  'clojure.',
  'android.',
  'androidx.',
  'dalvik.',
  'libcore.',
  'com.android.',
  'org.springframework.',
  'org.apache.',
  'org.hibernate.',
  'org.eclipse.jetty.',
  'io.netty.',
  'reactor.',
  'io.reactivex.',
  'okhttp3.',
  'retrofit2.',
  'com.fasterxml.',
  'com.google.',
  'org.junit.',
  'junit.',
];

/** `qualified` is `[module/]package.Class.method`. */
export function isJavaInApp(qualified: string): boolean {
  const slash = qualified.lastIndexOf('/');
  if (slash > 0) {
    const module = qualified.slice(0, slash);
    if (module.startsWith('java.') || module.startsWith('jdk.')) return false;
  }
  const name = slash >= 0 ? qualified.slice(slash + 1) : qualified;
  for (const p of JVM_LIBRARY_PREFIXES) if (name.startsWith(p)) return false;
  return true;
}

const DOTNET_LIBRARY_PREFIXES = [
  'System.',
  'Microsoft.',
  'Mono.',
  'Internal.',
  'Interop.',
  'FSharp.',
  'Newtonsoft.',
  'Npgsql.',
  'Serilog.',
  'NLog.',
  'Polly.',
  'Google.',
  'Grpc.',
  'Amazon.',
  'Azure.',
  'Dapper.',
  'StackExchange.',
  'NUnit.',
  'Xunit.',
];

export function isDotnetInApp(file: string, qualified: string | null): boolean {
  if (qualified !== null) {
    for (const p of DOTNET_LIBRARY_PREFIXES) if (qualified.startsWith(p)) return false;
  }
  return !isNativeFile(file);
}

/** GOROOT sources: `/usr/local/go/src/net/http/...`, `/usr/lib/go-1.22/src/...`, homebrew's `libexec/src`. */
const GOROOT_SRC = /\/(?:go|go-?\d[\d.]*|libexec)\/src\/([^/]+)\//;

export function isGoInApp(file: string, fn: string | null): boolean {
  if (isNativeFile(file)) return false;
  if (fn !== null && fn.startsWith('runtime.')) return false;
  if (file.startsWith('runtime/') || file.startsWith('_cgo_') || file.includes('/pkg/mod/') || file.includes('/vendor/')) {
    return false;
  }
  const m = GOROOT_SRC.exec(file);
  // a standard-library package has no dot in its first path element (GOPATH code does: github.com/...)
  return !(m !== null && m[1] !== undefined && !m[1].includes('.'));
}

export function isPhpInApp(file: string): boolean {
  if (isNativeFile(file)) return false;
  return !file.includes('/vendor/');
}
