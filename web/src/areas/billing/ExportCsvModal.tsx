// csvダウンロード (seed: [csvダウンロード] -> 請求年月を選択 -> [はい] -> download): the month,
// the encoding (UTF-8 with BOM, or Shift_JIS for older Excel) and the header language.
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CsvEncoding, CsvFormatFields, type CsvHeaders } from '../../components/CsvFormatFields';
import { todayInTenant } from '../../components/date-time';
import { startDownload } from '../../components/download';
import { MonthInput } from '../../components/MonthInput';
import { notifySuccess } from '../../components/notify';
import { invoiceCsvUrl } from './billing-downloads';
import { monthLabel } from './billing-labels';
import { previousMonth } from './billing-month';

export function ExportCsvModal({
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
  const [encoding, setEncoding] = useState<CsvEncoding>('utf-8');
  const [headers, setHeaders] = useState<CsvHeaders>('ja');

  useEffect(() => {
    if (opened) setMonth(initialMonth ?? previousMonth(todayInTenant()));
  }, [opened, initialMonth]);

  function download() {
    if (!month) return;
    startDownload(invoiceCsvUrl(month, encoding, headers));
    notifySuccess(t, t('billing.downloads.started'));
    onClose();
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.csv.title')}>
      <Stack gap="md">
        <Text size="sm">{t('billing.csv.intro')}</Text>
        <MonthInput label={t('billing.fields.month')} value={month} onChange={setMonth} data-autofocus />
        <CsvFormatFields
          encoding={encoding}
          headers={headers}
          onEncodingChange={setEncoding}
          onHeadersChange={setHeaders}
        />
        {month && (
          <Text size="sm" fw={500}>
            {t('billing.csv.question', { month: monthLabel(month) })}
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
