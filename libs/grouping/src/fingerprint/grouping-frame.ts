import { normaliseFile } from '../trace/normalise-file';
import type { StackFrame } from '../trace/types';

function constructs(frame: StackFrame, exceptionType: string): boolean {
  const fn = frame.function;
  return fn === exceptionType || fn === `new ${exceptionType}`;
}

/**
 * The frame that stands for the error: the innermost in-app one, else the innermost one.
 * SpiderMonkey and JSC (unlike V8) record an Error subclass's own constructor as the innermost
 * frame; when that frame's function is the exception type and an in-app frame follows, the
 * constructor is skipped, else every `new ValidationError()` would share one group.
 */
export function groupingFrame(frames: readonly StackFrame[], exceptionType?: string | null): StackFrame | null {
  let first: StackFrame | null = null;
  for (const f of frames) {
    if (!f.in_app) continue;
    if (first === null) first = f;
    if (exceptionType === null || exceptionType === undefined || exceptionType === '' || !constructs(f, exceptionType)) return f;
  }
  return first ?? frames[0] ?? null;
}

/**
 * The line part of the key: the line; `1:<column>` for line 1 with a column (minified bundles,
 * where everything is on line 1); with no line at all, the function name (so two methods of a
 * .NET type without pdb files do not merge), else empty.
 */
export function lineToken(frame: StackFrame): string {
  if (frame.line === null || frame.line === undefined) return frame.function ?? '';
  if (frame.line === 1 && frame.column !== null && frame.column !== undefined) return `1:${frame.column}`;
  return String(frame.line);
}

export function frameFile(frame: StackFrame): string {
  return normaliseFile(typeof frame.file === 'string' ? frame.file : '');
}

const ANONYMOUS = new Set([
  '',
  '<anonymous>',
  'anonymous',
  'Object.<anonymous>',
  '?',
  '<module>',
  '<main>',
  '{main}',
  '{closure}',
  '<lambda>',
  'global code',
  'module code',
  'eval code',
  'eval',
  'Function',
  // Chakra (IE 10-11, EdgeHTML)
  'Anonymous function',
  'Global code',
  // Hermes (React Native)
  'global',
]);

/** A function name that identifies code (not an anonymous function or top-level code). */
export function namedFunction(frame: StackFrame): string | null {
  let fn = frame.function;
  if (fn === null || fn === undefined) return null;
  fn = fn.trim();
  // V8's `obj.method [as alias]`: the alias depends on the caller
  const alias = fn.indexOf(' [as ');
  if (alias > 0) fn = fn.slice(0, alias);
  if (ANONYMOUS.has(fn)) return null;
  if (fn.includes('<anonymous>') || fn.endsWith('/<') || fn.endsWith('{closure}')) return null;
  // Hermes prefixes ?anon_0_, ?anon_1_… by position (`?anon_0_loadProfile` is loadProfile's async body)
  if (fn.startsWith('?anon_')) fn = fn.replace(/^(\?anon_\d+_)+/, '');
  if (fn === '') return null;
  // Python's <listcomp>, <genexpr>, <lambda>…
  if (fn.startsWith('<') && fn.endsWith('>')) return null;
  return fn;
}
