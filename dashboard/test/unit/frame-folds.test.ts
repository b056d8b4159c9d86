import { foldFrames, foldLabel } from '../../src/lib/frame-folds';

const app = (name: string) => ({ name, in_app: true });
const lib = (name: string) => ({ name, in_app: false });

/** The runs in short: an in-app or lone frame by name, a fold as `[names]`. */
const shape = (frames: ReadonlyArray<{ name: string; in_app: boolean }>) =>
  foldFrames(frames).map((run) =>
    run.kind === 'frame' ? `${run.frame.name}@${run.index}` : `[${run.frames.map((f) => f.name).join(' ')}]@${run.first}`,
  );

describe('folding library frames', () => {
  it('folds each run of consecutive library frames into one, keeping in-app frames and their positions', () => {
    expect(shape([lib('a'), lib('b'), app('c'), lib('d'), lib('e'), lib('f'), app('g'), lib('h'), lib('i')])).toEqual([
      '[a b]@0',
      'c@2',
      '[d e f]@3',
      'g@6',
      '[h i]@7',
    ]);
  });

  it('leaves a lone library frame unfolded', () => {
    expect(shape([app('a'), lib('b'), app('c'), lib('d')])).toEqual(['a@0', 'b@1', 'c@2', 'd@3']);
  });

  it('folds nothing when no frame is in-app, and answers nothing for no frames', () => {
    expect(shape([lib('a'), lib('b'), lib('c')])).toEqual(['a@0', 'b@1', 'c@2']);
    expect(shape([])).toEqual([]);
  });

  it('names the fold by its size', () => {
    expect(foldLabel(1)).toBe('1 library frame');
    expect(foldLabel(12)).toBe('12 library frames');
  });
});
