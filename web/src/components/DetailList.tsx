// Label / value pairs of a record (a detail page, a confirmation step): two columns on wide
// screens, the label above its value on phones.
import { Box, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface DetailItem {
  label: ReactNode;
  value: ReactNode;
  /** Takes the whole width (long text). */
  wide?: boolean;
  testId?: string;
}

export function DetailList({
  items,
  columns = 2,
}: {
  items: (DetailItem | false | null)[];
  columns?: number;
}) {
  const shown = items.filter((item): item is DetailItem => !!item);
  return (
    <SimpleGrid cols={{ base: 1, sm: columns }} spacing="md" verticalSpacing="sm" component="dl" m={0}>
      {shown.map((item, index) => (
        <Box
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of fields in a fixed order
          key={index}
          style={item.wide ? { gridColumn: '1 / -1' } : undefined}
          data-testid={item.testId}
        >
          <Text component="dt" size="xs" c="dimmed" fw={500}>
            {item.label}
          </Text>
          <Box component="dd" m={0} fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {item.value === null || item.value === undefined || item.value === '' ? '—' : item.value}
          </Box>
        </Box>
      ))}
    </SimpleGrid>
  );
}
