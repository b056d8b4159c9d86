/** One stack frame. `file` is normalised (see normalise-file.ts); frames are ordered innermost first. */
export interface StackFrame {
  file: string;
  line: number | null;
  column: number | null;
  function: string | null;
  in_app: boolean;
}

/** The formats parseTrace can recognise; `ParsedTrace.format` is one of these. */
export type TraceFormat =
  | 'python'
  | 'v8'
  | 'chakra'
  | 'hermes'
  | 'spidermonkey'
  | 'jsc'
  | 'opera'
  | 'ruby'
  | 'java'
  | 'go'
  | 'dotnet'
  | 'php'
  | 'unknown';

export interface ParsedTrace {
  /** One of TraceFormat. */
  format: string;
  /** The grouped exception's type, from the header line where the format has one. */
  exceptionType: string | null;
  message: string | null;
  /** Innermost first, at most MAX_FRAMES (the innermost ones are kept). */
  frames: StackFrame[];
}
