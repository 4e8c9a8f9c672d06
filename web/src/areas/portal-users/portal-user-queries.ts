import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

const PAGE_SIZE = 50;

export const portalUsersQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ['portalUsers', 'list', q],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/portal-users', {
          params: { query: { q: q || undefined, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
