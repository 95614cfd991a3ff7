import { useCallback, useState } from 'react';
import { useToast } from './ui';

export interface Action {
  /** The key of the action under way, to show its button busy. */
  busy: string | undefined;
  /** The last failure of an action run `inline`, for a banner in the form it came from. */
  error: unknown;
  clearError: () => void;
  /**
   * Runs `work`; on success says `done` in a toast and calls the hook's `after`, on failure shows the error (in a
   * toast, or in `error` when `inline`). Resolves to whether it succeeded.
   */
  run: (key: string, work: () => Promise<unknown>, done?: string, inline?: boolean) => Promise<boolean>;
}

/** One way for a page to run its actions: busy state, success toast, error shown, and what to refresh after. */
export function useAction(after?: () => void): Action {
  const toast = useToast();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (key: string, work: () => Promise<unknown>, done?: string, inline = false) => {
    setBusy(key);
    setError(undefined);
    try {
      await work();
      if (done) toast.success(done);
      after?.();
      return true;
    } catch (e) {
      if (inline) setError(e);
      else toast.error(e);
      return false;
    } finally {
      setBusy(undefined);
    }
  }, [toast, after]);
  const clearError = useCallback(() => setError(undefined), []);
  return { busy, error, clearError, run };
}
