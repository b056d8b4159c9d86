import { useState } from 'preact/hooks';
import { ApiError } from './client';

export interface Action {
  /** The last refusal, shown beside the form or button that caused it. */
  readonly error: ApiError | undefined;
  /** Runs a change; resolves true when it succeeded, false when the API refused it. */
  readonly run: (change: () => Promise<unknown>) => Promise<boolean>;
}

export function useAction(): Action {
  const [error, setError] = useState<ApiError>();
  const run = async (change: () => Promise<unknown>): Promise<boolean> => {
    setError(undefined);
    try {
      await change();
      return true;
    } catch (caught) {
      setError(
        caught instanceof ApiError ? caught : new ApiError(0, 'Error', caught instanceof Error ? caught.message : String(caught)),
      );
      return false;
    }
  };
  return { error, run };
}
