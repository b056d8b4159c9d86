import { useState } from 'preact/hooks';
import type { Frame, SourceContext } from '../api/types';
import { foldFrames, foldLabel } from '../lib/frame-folds';

function FrameLine({ frame }: { readonly frame: Frame }) {
  return (
    <li class={frame.in_app ? 'in-app' : 'library'}>
      <span class="mono">
        {frame.function ?? '?'} <span class="muted">in</span> {frame.file}
        {frame.line !== null && `:${frame.line}`}
        {frame.column !== null && `:${frame.column}`}
      </span>
      {frame.in_app && <span class="tag">in app</span>}
    </li>
  );
}

/** Consecutive library frames behind one button; opened, they show in place, dimmed. */
function LibraryFold({ frames, id }: { readonly frames: readonly Frame[]; readonly id: string }) {
  const [open, setOpen] = useState(false);
  return (
    <li class="fold">
      <button type="button" class="fold-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {foldLabel(frames.length)}
      </button>
      <ol id={id} class="frames folded" hidden={!open}>
        {frames.map((frame, index) => (
          <FrameLine key={index} frame={frame} />
        ))}
      </ol>
    </li>
  );
}

/**
 * The trace, innermost frame first; the app's own frames are marked, and each run of library
 * frames is folded into one row that opens them.
 */
export function Frames({ frames, traceback }: { readonly frames: readonly Frame[]; readonly traceback: string | null }) {
  if (frames.length === 0) {
    return traceback ? <pre class="traceback">{traceback}</pre> : <p class="muted">No stack trace was reported.</p>;
  }
  return (
    <ol class="frames">
      {foldFrames(frames).map((run) =>
        run.kind === 'frame' ? (
          <FrameLine key={run.index} frame={run.frame} />
        ) : (
          <LibraryFold key={`fold-${run.first}`} frames={run.frames} id={`library-frames-${run.first}`} />
        ),
      )}
    </ol>
  );
}

/** The lines around the failing one, as the client sent them. */
export function SourceLines({ context }: { readonly context: SourceContext }) {
  const before = context.pre_context ?? [];
  const first = context.lineno - before.length;
  const lines = [...before, context.context_line, ...(context.post_context ?? [])];
  return (
    <figure class="source">
      <figcaption class="mono">
        {context.file}:{context.lineno}
      </figcaption>
      <pre>
        {lines.map((line, index) => (
          <div key={index} class={first + index === context.lineno ? 'current' : undefined}>
            <span class="line-number" aria-hidden="true">
              {first + index}
            </span>
            {line}
          </div>
        ))}
      </pre>
    </figure>
  );
}
