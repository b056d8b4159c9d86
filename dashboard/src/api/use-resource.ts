import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from './client';

export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: ApiError | undefined;
  readonly loading: boolean;
  /** Fetches again, keeping what is shown until the answer comes. */
  readonly reload: () => void;
}

interface Loaded<T> {
  readonly path: string | null;
  readonly data?: T;
  readonly error?: ApiError;
  readonly loading: boolean;
}

const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, 'Error', error instanceof Error ? error.message : String(error));

/** GETs `path` (null: nothing yet) whenever it changes; what another path loaded is never shown for this one. */
export function useResource<T>(path: string | null): Resource<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ path, loading: path !== null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoaded((previous) => (previous.path === path ? { ...previous, loading: true } : { path, loading: true }));
    get<T>(path, controller.signal).then(
      (data) => setLoaded({ path, data, loading: false }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ path, error: asApiError(error), loading: false });
      },
    );
    return () => controller.abort();
  }, [path, version]);
  const current = loaded.path === path;
  return {
    data: current ? loaded.data : undefined,
    error: current ? loaded.error : undefined,
    loading: !current || loaded.loading,
    reload: () => setVersion((value) => value + 1),
  };
}
