import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client';

const PAGE_SIZE = 50;

export const usersQuery = (q: string) =>
  infiniteQueryOptions({
    queryKey: ['users', 'list', q],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/users', {
          params: { query: { q: q || undefined, limit: PAGE_SIZE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const userQuery = (id: string) =>
  queryOptions({
    queryKey: ['users', 'detail', id],
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
  });

export const rolesQuery = queryOptions({
  queryKey: ['roles'],
  queryFn: async () => (await unwrap(api.GET('/api/v1/roles'))).items,
  staleTime: 10 * 60_000,
});
