// Shared helpers for the capture scripts: scenario files, markers, corpus output.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const CORPUS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus');
/** Where scenario sources are written and run from: the paths that appear in the traces. */
export const WORK_DIR = '/tmp/tracecorpus';

/** Writes `files` (relative path → content) under WORK_DIR/<runtime>/<scenario>, fresh. */
export function writeScenario(runtime, scenario, files) {
  const dir = join(WORK_DIR, runtime, scenario);
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, content] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return dir;
}

/** 1-based line of the (single) line containing `marker`. */
export function markerLine(content, marker = 'HERE') {
  const lines = content.split('\n');
  const hits = lines.flatMap((l, i) => (l.includes(marker) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`marker ${marker} found ${hits.length} times`);
  return hits[0];
}

/** 1-based column just after `marker` on its line (for one-line bundles). */
export function markerColumn(content, marker) {
  const line = content.split('\n')[markerLine(content, marker) - 1];
  return line.indexOf(marker) + marker.length + 1;
}

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, ...opts });
  if (r.error) throw r.error;
  return r;
}

export function version(cmd, args, pick = (s) => s.trim().split('\n')[0]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return pick((r.stdout || '') + (r.stderr || ''));
}

/** Writes corpus/<runtime>/<name>.json (an array of entries), sorted keys for stable diffs. */
export function writeCorpus(runtime, name, entries) {
  const dir = join(CORPUS_DIR, runtime);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(entries, null, 2) + '\n');
  console.log(`${path}: ${entries.length} traces`);
}

/** Drops the trailing newline runtimes print, keeps everything else as printed. */
export function clean(text) {
  return text.replace(/\s+$/, '');
}

/**
 * Runs each scenario (files written under WORK_DIR/<runtime>/<name>, then `exec(s, dir)` returning
 * the trace) and builds its corpus entry; the expected line is the line marked `marker` (default
 * HERE) in `s.file`, unless the scenario gives `line`. `fn`, `column` and `frames` (the number of
 * frames, counted from the program) are checked where the scenario gives them.
 */
export function captureAll({ runtime, format, source, scenarios, exec }) {
  const entries = [];
  for (const s of scenarios) {
    const dir = writeScenario(runtime, s.name, s.files);
    const trace = exec(s, dir);
    const expected = {
      format,
      exceptionType: s.type,
      file: s.expectFile ?? join(dir, s.file),
      line: s.line ?? markerLine(s.files[s.file], s.marker ?? 'HERE'),
      in_app: true,
    };
    if (s.fn !== undefined) expected.function = s.fn;
    if (s.column !== undefined) expected.column = s.column;
    if (s.frames !== undefined) expected.frames = s.frames;
    entries.push({ name: `${runtime}-${s.name}`, source: typeof source === 'function' ? source(s) : source, trace, expected });
  }
  return entries;
}
