// Whether the screen is phone-sized (below Mantine's `sm`): lists become cards there, so the
// action of each row stays in reach without scrolling sideways.
import { useMediaQuery } from '@mantine/hooks';

export function usePhone(): boolean {
  return useMediaQuery('(max-width: 47.99em)') ?? false;
}
