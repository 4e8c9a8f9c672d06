// The month actions of 請求データ: [一括発行] of the drafts (請求担当), [csvダウンロード] of the
// month's billing data and [PDF一括ダウンロード].
import { Button } from '@mantine/core';
import { IconFileTypeCsv, IconFileTypePdf, IconSend } from '@tabler/icons-react';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, meQuery } from '../auth/session';
import { BulkPdfModal } from './BulkPdfModal';
import { ExportCsvModal } from './ExportCsvModal';
import { IssueMonthModal } from './IssueMonthModal';

export function InvoiceMonthActions({ month }: { month?: string }) {
  const { t } = useTranslation();
  const { data: me } = useSuspenseQuery(meQuery);
  const [open, setOpen] = useState<'issue' | 'csv' | 'pdf' | null>(null);
  return (
    <>
      {can(me, 'billing.run') && (
        <Button variant="default" leftSection={<IconSend size={16} />} onClick={() => setOpen('issue')}>
          {t('billing.issue.month')}
        </Button>
      )}
      <Button variant="default" leftSection={<IconFileTypeCsv size={16} />} onClick={() => setOpen('csv')}>
        {t('billing.csv.button')}
      </Button>
      <Button variant="default" leftSection={<IconFileTypePdf size={16} />} onClick={() => setOpen('pdf')}>
        {t('billing.pdf.bulk')}
      </Button>
      <IssueMonthModal opened={open === 'issue'} onClose={() => setOpen(null)} initialMonth={month} />
      <ExportCsvModal opened={open === 'csv'} onClose={() => setOpen(null)} initialMonth={month} />
      <BulkPdfModal opened={open === 'pdf'} onClose={() => setOpen(null)} initialMonth={month} />
    </>
  );
}
