// A search box whose term lives in the URL (`?q=`), so a search can be bookmarked and
// survives a reload. The URL follows the input 300 ms after typing stops, but never while
// another navigation is under way: a menu item or a row clicked in those 300 ms would
// otherwise be overtaken by the search's own navigation and the user bounced back.
import { useDebouncedValue } from '@mantine/hooks';
import { useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';

export function useSearchInput(
  current: string | undefined,
  apply: (q: string | undefined) => void,
): [string, (value: string) => void] {
  const [input, setInput] = useState(current ?? '');
  const [debounced] = useDebouncedValue(input.trim(), 300);
  const idle = useRouterState({ select: (state) => state.status === 'idle' });
  const applyRef = useRef(apply);
  applyRef.current = apply;

  useEffect(() => {
    if (idle && (current ?? '') !== debounced) applyRef.current(debounced || undefined);
  }, [debounced, current, idle]);

  return [input, setInput];
}
