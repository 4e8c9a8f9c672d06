// The checkbox search list of products (seed 000: 商品を検索し、左側のチェックボックスにチェック):
// search by code or name, tick several; the choice survives new searches. Used to link a
// product attribute to products and to choose the products of a master agreement.
import { Button, Center, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductStatus, ProductSummary } from '../../../api/types';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { ProductStatusBadge } from './product-labels';
import { productsQuery } from './product-queries';

export interface ProductPickerProps {
  selected: ReadonlyMap<string, ProductSummary>;
  onChange: (selected: Map<string, ProductSummary>) => void;
  /** Shown ticked and not changeable (e.g. already linked). */
  locked?: ReadonlySet<string>;
  lockedLabel?: string;
  status?: ProductStatus;
  /** Rows shown before もっと見る. */
  pageSize?: number;
}

export function ProductPicker({
  selected,
  onChange,
  locked,
  lockedLabel,
  status,
  pageSize = 20,
}: ProductPickerProps) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [q] = useDebouncedValue(input.trim(), 300);
  const products = useInfiniteQuery(productsQuery(q, status, pageSize));
  const rows = products.data?.pages.flatMap((page) => page.items) ?? [];

  function toggle(product: ProductSummary, checked: boolean) {
    const next = new Map(selected);
    if (checked) next.set(product.id, product);
    else next.delete(product.id);
    onChange(next);
  }

  const selectable = rows.filter((row) => !locked?.has(row.id));
  const allChecked = selectable.length > 0 && selectable.every((row) => selected.has(row.id));
  const someChecked = selectable.some((row) => selected.has(row.id));

  function toggleAll(checked: boolean) {
    const next = new Map(selected);
    for (const row of selectable) {
      if (checked) next.set(row.id, { id: row.id, code: row.code, name: row.name, status: row.status });
      else next.delete(row.id);
    }
    onChange(next);
  }

  return (
    <Stack gap="sm" data-testid="product-picker">
      <Group justify="space-between" gap="sm">
        <TextInput
          leftSection={<IconSearch size={16} />}
          placeholder={t('products.searchPlaceholder')}
          aria-label={t('products.searchLabel')}
          value={input}
          onChange={(event) => setInput(event.currentTarget.value)}
          type="search"
          w={{ base: '100%', sm: 320 }}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {t('products.selectedCount', { count: selected.size })}
        </Text>
      </Group>
      {products.isPending ? (
        <LoadingState />
      ) : products.isError ? (
        <ErrorState error={products.error} onRetry={() => void products.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>{q ? t('products.noMatch') : t('products.empty')}</EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={320}>
            <Table highlightOnHover verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('products.selectAllShown')}
                      checked={allChecked}
                      indeterminate={!allChecked && someChecked}
                      disabled={selectable.length === 0}
                      onChange={(event) => toggleAll(event.currentTarget.checked)}
                    />
                  </Table.Th>
                  <Table.Th>{t('products.fields.code')}</Table.Th>
                  <Table.Th>{t('products.fields.name')}</Table.Th>
                  <Table.Th>{t('products.fields.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((product) => {
                  const isLocked = locked?.has(product.id) ?? false;
                  const checked = isLocked || selected.has(product.id);
                  return (
                    <Table.Tr
                      key={product.id}
                      bg={checked && !isLocked ? 'var(--mantine-color-indigo-light)' : undefined}
                    >
                      <Table.Td>
                        <Checkbox
                          aria-label={`${product.code} ${product.name}`}
                          checked={checked}
                          disabled={isLocked}
                          onChange={(event) =>
                            toggle(
                              {
                                id: product.id,
                                code: product.code,
                                name: product.name,
                                status: product.status,
                              },
                              event.currentTarget.checked,
                            )
                          }
                        />
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{product.code}</Table.Td>
                      <Table.Td>
                        {product.name}
                        {isLocked && lockedLabel && (
                          <Text span size="xs" c="dimmed" ml={6}>
                            ({lockedLabel})
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <ProductStatusBadge status={product.status} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {products.hasNextPage && (
            <Center>
              <Button
                variant="default"
                size="xs"
                onClick={() => void products.fetchNextPage()}
                loading={products.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </Center>
          )}
        </>
      )}
    </Stack>
  );
}
