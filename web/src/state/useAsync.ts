import { useCallback, useEffect, useRef, useState, type DependencyList } from "react";

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  /** True while a load is under way and there is nothing to show yet. */
  loading: boolean;
  /** True while any load is under way, including a reload that keeps showing the previous data. */
  busy: boolean;
  reload: () => void;
  setData: (update: (previous: T | undefined) => T | undefined) => void;
}

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}

/**
 * Loads data for a component: re-runs when `deps` change (clearing data that described other inputs),
 * aborts the previous load, and ignores answers that arrive after a newer load started, so a slow
 * response never overwrites a newer one. `reload()` loads again and keeps showing the current data.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [data, setDataState] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(true);
  const [counter, setCounter] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const previousDeps = useRef<DependencyList | null>(null);

  useEffect(() => {
    if (previousDeps.current !== null && !sameDeps(previousDeps.current, deps)) setDataState(undefined);
    previousDeps.current = deps;
    const controller = new AbortController();
    let current = true;
    setBusy(true);
    loadRef
      .current(controller.signal)
      .then((value) => {
        if (!current) return;
        setDataState(value);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (!current || (caught instanceof Error && caught.name === "AbortError")) return;
        setError(caught);
      })
      .finally(() => {
        if (current) setBusy(false);
      });
    return () => {
      current = false;
      controller.abort();
    };
    // The caller's deps decide when to load again; `load` itself is read through a ref.
  }, [counter, ...deps]);

  const reload = useCallback(() => setCounter((value) => value + 1), []);
  const setData = useCallback((update: (previous: T | undefined) => T | undefined) => setDataState(update), []);
  return { data, error, loading: busy && data === undefined && !error, busy, reload, setData };
}
