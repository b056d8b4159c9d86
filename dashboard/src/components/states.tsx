import type { ComponentChildren } from 'preact';
import type { ApiError } from '../api/client';
import type { Resource } from '../api/use-resource';

export const Loading = ({ what = 'Loading…' }: { readonly what?: string }) => (
  <p class="muted" role="status">
    {what}
  </p>
);

/** An API refusal as the user reads it: the problem's detail, and each bad field. */
export function Problem({ error }: { readonly error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <div class="notice error" role="alert">
      <p>
        <strong>{error.title}</strong>
        {error.message !== error.title ? `: ${error.message}` : ''}
      </p>
      {error.fields.length > 0 && (
        <ul>
          {error.fields.map((field) => (
            <li key={field.field}>
              <code>{field.field}</code> {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Renders the resource's data once it is there, its error, or that it is loading. */
export function Loaded<T>({
  resource,
  children,
}: {
  readonly resource: Resource<T>;
  readonly children: (data: T) => ComponentChildren;
}) {
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.error) return <Problem error={resource.error} />;
  return <Loading />;
}

/** Tells a read-only user why there is nothing to press. */
export const ReadOnly = ({ children }: { readonly children: ComponentChildren }) => <p class="notice">{children}</p>;
