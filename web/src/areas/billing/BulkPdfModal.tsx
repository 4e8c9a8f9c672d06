// PDF一括ダウンロード: every invoice PDF of a month in one zip.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayInTenant } from '../../components/date-time';
import { startDownload } from '../../components/download';
import { MonthInput } from '../../components/MonthInput';
import { notifySuccess } from '../../components/notify';
import { monthPdfZipUrl } from './billing-downloads';
import { monthLabel } from './billing-labels';
import { previousMonth } from './billing-month';

export function BulkPdfModal({
  opened,
  onClose,
  initialMonth,
}: {
  opened: boolean;
  onClose: () => void;
  initialMonth?: string;
}) {
  const { t } = useTranslation();
  const [month, setMonth] = useState<string | undefined>();

  useEffect(() => {
    if (opened) setMonth(initialMonth ?? previousMonth(todayInTenant()));
  }, [opened, initialMonth]);

  function download() {
    if (!month) return;
    startDownload(monthPdfZipUrl(month));
    notifySuccess(t, t('billing.downloads.started'));
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.pdf.bulkTitle')}>
      <Stack gap="md">
        <Text size="sm">{t('billing.pdf.bulkIntro')}</Text>
        <MonthInput label={t('billing.fields.month')} value={month} onChange={setMonth} data-autofocus />
        {month && (
          <Text size="sm" fw={500}>
            {t('billing.pdf.bulkQuestion', { month: monthLabel(month) })}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.no')}
          </Button>
          <Button onClick={download} disabled={!month}>
            {t('common.yes')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
