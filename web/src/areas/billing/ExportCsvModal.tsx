// csvダウンロード (seed: [csvダウンロード] -> 請求年月を選択 -> [はい] -> download): the month,
// the encoding (UTF-8 with BOM, or Shift_JIS for older Excel) and the header language.
import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { todayInTenant } from '../../components/date-time';
import { startDownload } from '../../components/download';
import { MonthInput } from '../../components/MonthInput';
import { notifySuccess } from '../../components/notify';
import { type CsvEncoding, type CsvHeaders, invoiceCsvUrl } from './billing-downloads';
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
        <Radio.Group
          label={t('billing.csv.encoding')}
          value={encoding}
          onChange={(value) => setEncoding(value as CsvEncoding)}
        >
          <Group gap="md" mt={6}>
            <Radio value="utf-8" label={t('billing.csv.encodings.utf8')} />
            <Radio value="shift_jis" label={t('billing.csv.encodings.shiftJis')} />
          </Group>
        </Radio.Group>
        <Radio.Group
          label={t('billing.csv.headers')}
          value={headers}
          onChange={(value) => setHeaders(value as CsvHeaders)}
        >
          <Group gap="md" mt={6}>
            <Radio value="ja" label={t('billing.csv.headerLanguages.ja')} />
            <Radio value="en" label={t('billing.csv.headerLanguages.en')} />
          </Group>
        </Radio.Group>
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
