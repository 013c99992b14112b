import { useRef, useState } from 'react';

/**
 * State whose latest value is readable at once through `.current`. Keys can arrive several per
 * tick (typed fast, pasted): a handler must see what the previous key did, not the last frame.
 */
export function useSyncedState<T>(initial: T): [T, (next: T | ((previous: T) => T)) => void, { readonly current: T }] {
  const [value, setValue] = useState(initial);
  const ref = useRef(initial);
  const set = (next: T | ((previous: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (previous: T) => T)(ref.current) : next;
    setValue(ref.current);
  };
  return [value, set, ref];
}
