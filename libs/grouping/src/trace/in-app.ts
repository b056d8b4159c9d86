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
  // Chakra's locations of code without a script
  'native code',
  'eval code',
  'Function code',
  'Unknown script code',
  'InternalBytecode.js', // Hermes's own promise and async helpers
]);

const BROWSER_INTERNAL_SCHEMES = [
  'chrome-extension:',
  'moz-extension:',
  'safari-extension:',
  'safari-web-extension:',
  'chrome:',
  'resource:',
  'webkit-masked-url:',
  'ext:', // Deno's own modules
];

function isNativeFile(file: string): boolean {
  // every pseudo file is short: skip hashing real paths
  return file.length <= 20 && (NATIVE_FILES.has(file) || file.startsWith('index ') || file.startsWith('<native'));
}

const HERMES_HELPERS = '/InternalBytecode/InternalBytecode.js';

/** Hermes's own promise and async helpers, as a build with debug info names them. */
function isHermesHelper(file: string): boolean {
  // a character before the suffix first: this runs for every absolute path
  const at = file.length - HERMES_HELPERS.length;
  return file.charCodeAt(at + 1) === 73 /* I */ && file.endsWith(HERMES_HELPERS);
}

export function isJavaScriptInApp(file: string): boolean {
  if (file.includes('node_modules/')) return false;
  // absolute paths and origin-stripped URLs (the common case) are neither pseudo files nor schemes
  if (file.charCodeAt(0) === 47 /* / */) return !file.includes('/webpack/bootstrap') && !isHermesHelper(file);
  if (isNativeFile(file)) return false;
  if (file.startsWith('node:') || file.startsWith('internal/') || file.startsWith('evalmachine.')) return false;
  if (file.endsWith(']-wrapper') || file === 'debugger eval code') return false; // node's [eval]-wrapper, [stdin]-wrapper
  if (file.startsWith('webpack') && (file.includes('/webpack/bootstrap') || file.includes('webpack/runtime/'))) return false;
  for (const scheme of BROWSER_INTERNAL_SCHEMES) if (file.startsWith(scheme)) return false;
  return true;
}

// lib/python3.11/, lib64/python3.12t/, Windows .../Python311/Lib/
const PYTHON_STDLIB = /\/lib(?:64)?\/python\d(?:\.\d+)?t?\/|\/python\d+\/lib\//i;

export function isPythonInApp(file: string): boolean {
  if (isNativeFile(file)) return false;
  if (file.includes('/site-packages/') || file.includes('/dist-packages/')) return false;
  if (file.startsWith('<frozen ') || file === '<built-in>') return false;
  // every standard-library path names python (Python311, python3.12): skip the regex otherwise
  return !((file.includes('ython') || file.includes('YTHON')) && PYTHON_STDLIB.test(file));
}

// Rails' backtrace cleaner names gem frames `activerecord (7.1.3) lib/active_record/core.rb`
const RAILS_GEM_FRAME = /^[\w.-]+ \(\d[^)]*\) /;

export function isRubyInApp(file: string): boolean {
  if (isNativeFile(file)) return false;
  if (file.startsWith('<internal:') || RAILS_GEM_FRAME.test(file)) return false;
  return !(
    file.includes('/gems/') ||
    file.includes('/lib/ruby/') ||
    file.includes('/rubygems/') ||
    file.includes('vendor/bundle/') ||
    file.includes('/bundler/')
  );
}

/** Top-level packages of the JDK, the JVM languages' runtimes and Android… */
const JVM_LIBRARY_ROOTS = new Set([
  'java',
  'javax',
  'jakarta',
  'jdk',
  'sun',
  'kotlin',
  'kotlinx',
  'scala',
  'groovy',
  'clojure',
  'android',
  'androidx',
  'dalvik',
  'libcore',
  'reactor',
  'okhttp3',
  'retrofit2',
  'junit',
]);
/** …and two-level prefixes for widespread libraries and frameworks. */
const JVM_LIBRARY_PACKAGES = new Set([
  'com.sun',
  'com.android',
  'com.fasterxml',
  'com.google',
  'org.springframework',
  'org.apache',
  'org.hibernate',
  'org.eclipse',
  'org.junit',
  'org.codehaus',
  'io.netty',
  'io.reactivex',
]);

/** `qualified` is `[module/]package.Class.method`. */
export function isJavaInApp(qualified: string): boolean {
  const slash = qualified.lastIndexOf('/');
  if (slash > 0) {
    const module = qualified.slice(0, slash);
    if (module.startsWith('java.') || module.startsWith('jdk.')) return false;
  }
  const start = slash + 1;
  const dot1 = qualified.indexOf('.', start);
  if (dot1 < 0) return true;
  if (JVM_LIBRARY_ROOTS.has(qualified.slice(start, dot1))) return false;
  const dot2 = qualified.indexOf('.', dot1 + 1);
  return dot2 < 0 || !JVM_LIBRARY_PACKAGES.has(qualified.slice(start, dot2));
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
