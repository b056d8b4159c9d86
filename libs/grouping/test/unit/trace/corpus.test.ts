import { computeFingerprint } from '@error-tracker/grouping/compute-fingerprint';
import { groupingFrame } from '@error-tracker/grouping/fingerprint/grouping-frame';
import { parseTrace } from '@error-tracker/grouping/parse-trace';
import { loadCorpus } from './corpus';

const corpus = loadCorpus();

/**
 * SpiderMonkey and JavaScriptCore print the same `fn@url:line:col` shape: a trace with no frame or
 * message only one of them prints cannot be told apart (detect.test.ts covers the markers).
 */
function engineFamily(format: string): string {
  return format === 'jsc' ? 'spidermonkey' : format;
}

/**
 * Minimum number of traces per runtime folder (issue: 15 per JS engine and Python, 5 for others;
 * the engines of old browsers and React Native, added later, at least 3).
 */
const MINIMUM: Record<string, number> = {
  v8: 15,
  chakra: 3,
  hermes: 5,
  opera: 3,
  spidermonkey: 15,
  jsc: 15,
  python: 15,
  ruby: 5,
  java: 5,
  go: 5,
  dotnet: 5,
  php: 5,
};

describe('trace corpus', () => {
  it.each(Object.entries(MINIMUM))('has at least the required traces for %s', (runtime, min) => {
    expect(corpus.filter((e) => e.runtime === runtime).length).toBeGreaterThanOrEqual(min);
  });

  it('says for every trace whether it was captured (and how) or written', () => {
    for (const e of corpus) expect(e.source).toMatch(/^(captured: .+|written: shape of .+)$/);
  });

  it('has unique names', () => {
    const names = corpus.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
  });

  describe.each(corpus.map((e) => [`${e.corpusFile} ${e.name}`, e] as const))('%s', (_label, entry) => {
    const parsed = parseTrace(entry.trace);
    const frame = groupingFrame(parsed.frames, parsed.exceptionType);

    it('parses format, type and the innermost in-app frame', () => {
      expect(engineFamily(parsed.format)).toBe(engineFamily(entry.expected.format));
      expect(parsed.exceptionType).toBe(entry.expected.exceptionType);
      if (entry.expected.noFrames === true) {
        expect(parsed.frames).toEqual([]);
        return;
      }
      expect(frame).toBeDefined();
      const got = { file: frame?.file, line: frame?.line, in_app: frame?.in_app } as Record<string, unknown>;
      const want = { file: entry.expected.file, line: entry.expected.line, in_app: entry.expected.in_app } as Record<
        string,
        unknown
      >;
      if (entry.expected.function !== undefined) {
        got.function = frame?.function;
        want.function = entry.expected.function;
      }
      if (entry.expected.column !== undefined) {
        got.column = frame?.column;
        want.column = entry.expected.column;
      }
      expect(got).toEqual(want);
      if (entry.expected.frames !== undefined) expect(parsed.frames).toHaveLength(entry.expected.frames);
    });

    it('fingerprints from that frame', () => {
      const { fingerprint, culprit } = computeFingerprint({
        project: 'corpus',
        exceptionType: parsed.exceptionType ?? '',
        message: parsed.message ?? '',
        frames: parsed.frames,
      });
      expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
      if (entry.expected.noFrames === true) expect(culprit).toBeNull();
      else expect(culprit).toContain(entry.expected.file);
    });
  });
});
