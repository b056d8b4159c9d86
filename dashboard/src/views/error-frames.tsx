import type { Frame, SourceContext } from '../api/types';

/** The trace, innermost frame first; the app's own frames are marked and the rest dimmed. */
export function Frames({ frames, traceback }: { readonly frames: readonly Frame[]; readonly traceback: string | null }) {
  if (frames.length === 0) {
    return traceback ? <pre class="traceback">{traceback}</pre> : <p class="muted">No stack trace was reported.</p>;
  }
  return (
    <ol class="frames">
      {frames.map((frame, index) => (
        <li key={index} class={frame.in_app ? 'in-app' : 'library'}>
          <span class="mono">
            {frame.function ?? '?'} <span class="muted">in</span> {frame.file}
            {frame.line !== null && `:${frame.line}`}
            {frame.column !== null && `:${frame.column}`}
          </span>
          {frame.in_app && <span class="tag">in app</span>}
        </li>
      ))}
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
