import { useCallback, useEffect, useRef, useState } from 'react';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload: () => void;
}

/** Loads `load()` when `deps` change; only the latest call's answer is kept. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  // `load` is a new closure on every render; `deps` say when it means something new.
  const run = useCallback(load, deps);
  useEffect(() => {
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    run().then(
      (data) => call === latest.current && setState({ data, loading: false }),
      (error) => call === latest.current && setState((s) => ({ data: s.data, error, loading: false })),
    );
  }, [run, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
