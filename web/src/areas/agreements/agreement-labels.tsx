// How a master agreement's status reads in the UI.
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AgreementStatus } from '../../api/types';

export const agreementStatuses: AgreementStatus[] = ['draft', 'scheduled', 'on_sale'];

const colors: Record<AgreementStatus, string> = { draft: 'gray', scheduled: 'yellow', on_sale: 'teal' };

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[status]} variant="light" tt="none">
      {t(`agreements.statuses.${status}`)}
    </Badge>
  );
}
