import { MAX_FRAMES } from './limits';
import type { StackFrame } from './types';

/** Collects frames in the order the format prints them, keeping at most MAX_FRAMES innermost ones. */
export class FrameList {
  readonly frames: StackFrame[] = [];
  /** Python prints the innermost frame last: then the newest frames are the ones to keep. */
  constructor(private readonly innermostLast = false) {}

  push(frame: StackFrame): void {
    if (this.frames.length < MAX_FRAMES) {
      this.frames.push(frame);
    } else if (this.innermostLast) {
      this.frames.shift();
      this.frames.push(frame);
    }
  }

  /** The frames innermost first. */
  innermostFirst(): StackFrame[] {
    return this.innermostLast ? this.frames.reverse() : this.frames;
  }
}
