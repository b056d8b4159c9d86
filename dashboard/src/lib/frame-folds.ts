/** A trace's frames in runs: each in-app frame on its own, consecutive library frames folded together. */

export interface FoldableFrame {
  readonly in_app: boolean;
}

export type FrameRun<F extends FoldableFrame> =
  | { readonly kind: 'frame'; readonly frame: F; readonly index: number }
  | { readonly kind: 'library'; readonly frames: readonly F[]; readonly first: number };

/**
 * Folds every run of two or more consecutive library frames into one; a lone library frame stays a
 * frame (folding it would hide as much as it shows). A trace without any in-app frame is left
 * unfolded: there would be nothing else to look at.
 */
export function foldFrames<F extends FoldableFrame>(frames: readonly F[]): Array<FrameRun<F>> {
  if (!frames.some((frame) => frame.in_app)) return frames.map((frame, index) => ({ kind: 'frame', frame, index }));
  const runs: Array<FrameRun<F>> = [];
  let library: F[] = [];
  let first = 0;
  const flush = () => {
    if (library.length >= 2) runs.push({ kind: 'library', frames: library, first });
    else library.forEach((frame, offset) => runs.push({ kind: 'frame', frame, index: first + offset }));
    library = [];
  };
  frames.forEach((frame, index) => {
    if (frame.in_app) {
      flush();
      runs.push({ kind: 'frame', frame, index });
    } else {
      if (library.length === 0) first = index;
      library.push(frame);
    }
  });
  flush();
  return runs;
}

/** The fold's label: `3 library frames`. */
export const foldLabel = (count: number): string => `${count} library frame${count === 1 ? '' : 's'}`;
