import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusExpectation {
  format: string;
  exceptionType: string | null;
  /** The grouping frame: innermost in-app frame (or innermost frame when `in_app` is false). */
  file: string | null;
  line: number | null;
  column?: number | null;
  function?: string | null;
  in_app: boolean;
  /** How many frames the grouped exception has, counted from the program (where given). */
  frames?: number;
  /** The runtime printed no frame at all (e.g. an AggregateError from Promise.any). */
  noFrames?: boolean;
}

export interface CorpusEntry {
  name: string;
  /** `captured: <runtime and version>, how` or `written: shape of <runtime and version>`. */
  source: string;
  trace: string | string[];
  expected: CorpusExpectation;
  runtime: string;
  corpusFile: string;
}

export const CORPUS_DIR = join(__dirname, 'corpus');

/** Every corpus entry: corpus/<runtime>/<name>.json, each an array of entries. */
export function loadCorpus(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const runtime of readdirSync(CORPUS_DIR).sort()) {
    for (const file of readdirSync(join(CORPUS_DIR, runtime)).sort()) {
      if (!file.endsWith('.json')) continue;
      const list = JSON.parse(readFileSync(join(CORPUS_DIR, runtime, file), 'utf8')) as Omit<
        CorpusEntry,
        'runtime' | 'corpusFile'
      >[];
      for (const e of list) entries.push({ ...e, runtime, corpusFile: `${runtime}/${file}` });
    }
  }
  return entries;
}
