// The downloads of 請求管理: [csvダウンロード] of a month's billing data and [PDF一括ダウンロード].
import { Button } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BulkPdfModal } from './BulkPdfModal';
import { ExportCsvModal } from './ExportCsvModal';

export function BillingDownloads({ month }: { month?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'csv' | 'pdf' | null>(null);
  return (
    <>
      <Button variant="default" leftSection={<IconFileTypeCsv size={16} />} onClick={() => setOpen('csv')}>
        {t('billing.csv.button')}
      </Button>
      <Button variant="default" leftSection={<IconFileTypePdf size={16} />} onClick={() => setOpen('pdf')}>
        {t('billing.pdf.bulk')}
      </Button>
      <ExportCsvModal opened={open === 'csv'} onClose={() => setOpen(null)} initialMonth={month} />
      <BulkPdfModal opened={open === 'pdf'} onClose={() => setOpen(null)} initialMonth={month} />
    </>
  );
}
