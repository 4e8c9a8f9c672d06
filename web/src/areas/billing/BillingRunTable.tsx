// The billing runs, newest first: month, status (プレビュー marked), who started it, the
// progress and the report. A row opens the run above the list.
import { Badge, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/date-time';
import { JobProgress, JobStatusBadge } from '../jobs/JobStatusBadge';
import { monthLabel } from './billing-labels';
import type { BillingRun } from './billing-types';
import { RunReportSummary } from './RunReport';

export function BillingRunTable({
  runs,
  openRunId,
  onOpen,
}: {
  runs: BillingRun[];
  openRunId?: string;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={880}>
      <Table highlightOnHover verticalSpacing="xs" data-testid="billing-runs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.fields.month')}</Table.Th>
            <Table.Th>{t('billing.runs.fields.status')}</Table.Th>
            <Table.Th w={200}>{t('billing.runs.fields.progress')}</Table.Th>
            <Table.Th>{t('billing.runs.fields.report')}</Table.Th>
            <Table.Th>{t('billing.runs.fields.trigger')}</Table.Th>
            <Table.Th>{t('billing.runs.fields.startedFinished')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((run) => (
            <Table.Tr
              key={run.id}
              onClick={() => onOpen(run.id)}
              style={{ cursor: 'pointer' }}
              bg={run.id === openRunId ? 'var(--mantine-color-indigo-light)' : undefined}
            >
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm" fw={500}>
                  {monthLabel(run.billingMonth)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <JobStatusBadge status={run.status} />
                  {run.dryRun && (
                    <Badge color="grape" variant="outline" tt="none" style={{ flexShrink: 0 }}>
                      {t('billing.runs.preview')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <JobProgress job={run} size="sm" />
              </Table.Td>
              <Table.Td>
                <RunReportSummary report={run.report} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">{t(`billing.runs.triggers.${run.trigger}`)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(run.startedAt ?? run.createdAt)}</Text>
                <Text size="xs" c="dimmed">
                  {run.finishedAt ? `→ ${formatDateTime(run.finishedAt)}` : ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
