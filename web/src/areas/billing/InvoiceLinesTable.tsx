// 請求明細: the lines of an invoice grouped by service month (利用月), each group with its
// amount; charge kind (初期 / 月額 / 調整), quantity, unit price, amount and tax rate.
import { Card, Group, Stack, Table, Text } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatYen } from '../../components/money';
import { usePhone } from '../orders/use-phone';
import { ChargeKindBadge, monthLabel } from './billing-labels';
import type { InvoiceLine } from './billing-types';
import { groupByServiceMonth, lineText } from './invoice-lines';

const numeric = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const;

export function InvoiceLinesTable({
  lines,
  lineActions,
}: {
  lines: InvoiceLine[];
  /** A cell of actions per line (e.g. deleting an adjustment of a draft). */
  lineActions?: (line: InvoiceLine) => ReactNode;
}) {
  const { t } = useTranslation();
  const groups = groupByServiceMonth(lines);
  const columns = lineActions ? 7 : 6;
  const phone = usePhone();
  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('billing.lines.empty')}
      </Text>
    );
  }
  if (phone) return <LineCards groups={groups} lineActions={lineActions} />;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="xs" data-testid="invoice-lines">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.lines.chargeKind')}</Table.Th>
            <Table.Th>{t('billing.lines.description')}</Table.Th>
            <Table.Th ta="right">{t('billing.lines.quantity')}</Table.Th>
            <Table.Th ta="right">{t('billing.lines.unitPrice')}</Table.Th>
            <Table.Th ta="right">{t('billing.lines.amount')}</Table.Th>
            <Table.Th ta="right">{t('billing.lines.taxRate')}</Table.Th>
            {lineActions && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((group) => (
            <Fragment key={group.serviceMonth}>
              <Table.Tr bg="var(--mantine-color-gray-light)" data-testid="service-month">
                <Table.Td colSpan={4}>
                  <Text size="sm" fw={600}>
                    {t('billing.lines.serviceMonth')}: {monthLabel(group.serviceMonth)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" style={numeric}>
                  <Text size="sm" fw={600}>
                    {formatYen(group.amount)}
                  </Text>
                </Table.Td>
                <Table.Td colSpan={columns - 5} />
              </Table.Tr>
              {group.lines.map((line) => (
                <Table.Tr key={line.id} data-testid="invoice-line">
                  <Table.Td>
                    <ChargeKindBadge kind={line.chargeKind} />
                  </Table.Td>
                  <Table.Td>
                    <LineText line={line} />
                  </Table.Td>
                  <Table.Td ta="right" style={numeric}>
                    {line.quantity.toLocaleString('ja-JP')}
                  </Table.Td>
                  <Table.Td ta="right" style={numeric}>
                    {formatYen(line.unitPrice)}
                  </Table.Td>
                  <Table.Td ta="right" style={numeric}>
                    {formatYen(line.amount)}
                  </Table.Td>
                  <Table.Td ta="right" style={numeric}>
                    {t('billing.lines.rate', { rate: line.taxRate })}
                  </Table.Td>
                  {lineActions && <Table.Td ta="right">{lineActions(line)}</Table.Td>}
                </Table.Tr>
              ))}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** On phones: per service month, each line as `2 × ¥5,280 = ¥10,560 (10%)`. */
function LineCards({
  groups,
  lineActions,
}: {
  groups: ReturnType<typeof groupByServiceMonth<InvoiceLine>>;
  lineActions?: (line: InvoiceLine) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="invoice-lines">
      {groups.map((group) => (
        <Stack key={group.serviceMonth} gap={6} data-testid="service-month">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm" fw={600}>
              {t('billing.lines.serviceMonth')}: {monthLabel(group.serviceMonth)}
            </Text>
            <Text size="sm" fw={600} style={numeric}>
              {formatYen(group.amount)}
            </Text>
          </Group>
          {group.lines.map((line) => (
            <Card key={line.id} withBorder radius="sm" padding="xs" data-testid="invoice-line">
              <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
                <Stack gap={2} miw={0}>
                  <Group gap={6} wrap="nowrap">
                    <ChargeKindBadge kind={line.chargeKind} />
                    <LineText line={line} />
                  </Group>
                  <Text size="xs" c="dimmed" style={numeric}>
                    {t('billing.lines.calculation', {
                      quantity: line.quantity.toLocaleString('ja-JP'),
                      unitPrice: formatYen(line.unitPrice),
                      rate: line.taxRate,
                    })}
                  </Text>
                </Stack>
                <Stack gap={2} align="flex-end">
                  <Text size="sm" fw={500} style={numeric}>
                    {formatYen(line.amount)}
                  </Text>
                  {lineActions?.(line)}
                </Stack>
              </Group>
            </Card>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}

function LineText({ line }: { line: InvoiceLine }) {
  const { title, source } = lineText(line);
  return (
    <Stack gap={0} miw={0}>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {title || '—'}
      </Text>
      {source && (
        <Text size="xs" c="dimmed">
          {source}
        </Text>
      )}
    </Stack>
  );
}
