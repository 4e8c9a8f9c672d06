// What can be done with an invoice, and the confirmations: issue a draft (its number and
// dates are fixed and it becomes immutable), remove an adjustment line of a draft.
import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatYen } from '../../components/money';
import { isConflict, notifyConflict, notifyError, notifySuccess } from '../../components/notify';
import { invalidateBilling } from './billing-queries';
import type { Invoice, InvoiceLine } from './billing-types';

export interface InvoiceAbilities {
  issue: boolean;
  adjust: boolean;
  creditNote: boolean;
  pay: boolean;
}

/** Which actions the invoice allows to a person who may change billing (billing.run). */
export function invoiceAbilities(invoice: Invoice, canRun: boolean): InvoiceAbilities {
  const draft = invoice.status === 'draft';
  const issuedInvoice = invoice.status === 'issued' && invoice.kind === 'invoice';
  return {
    issue: canRun && draft && invoice.lines.length > 0,
    adjust: canRun && draft,
    creditNote: canRun && issuedInvoice && invoice.creditedAmount < invoice.total,
    pay: canRun && issuedInvoice && invoice.openAmount > 0,
  };
}

/** A draft's adjustment lines may be removed (every line of a draft credit note is one). */
export function isRemovable(invoice: Invoice, line: InvoiceLine): boolean {
  return invoice.status === 'draft' && line.chargeKind === 'adjustment';
}

export function useInvoiceActions(invoice: Invoice) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const onError = async (error: unknown) => {
    if (isConflict(error)) {
      notifyConflict(t);
      await invalidateBilling(queryClient);
    } else notifyError(t, error);
  };

  const issue = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/invoices/{id}/issue', {
          params: { path: { id: invoice.id } },
          body: { version: invoice.version },
        }),
      ),
    onSuccess: async (issued) => {
      notifySuccess(t, t('billing.issue.done', { number: issued.number ?? '' }));
      await invalidateBilling(queryClient);
    },
    onError,
  });

  const removeLine = useMutation({
    mutationFn: (lineId: string) =>
      unwrap(
        api.DELETE('/api/v1/invoices/{id}/lines/{lineId}', {
          params: { path: { id: invoice.id, lineId } },
        }),
      ),
    onSuccess: async () => {
      notifySuccess(t, t('common.deleted'));
      await invalidateBilling(queryClient);
    },
    onError,
  });

  function confirmIssue() {
    modals.openConfirmModal({
      title: invoice.kind === 'credit_note' ? t('billing.issue.creditNoteTitle') : t('billing.issue.title'),
      children: (
        <Text size="sm">
          {t('billing.issue.confirm', { customer: invoice.customerName, total: formatYen(invoice.total) })}
        </Text>
      ),
      labels: { confirm: t('billing.issue.submit'), cancel: t('common.cancel') },
      onConfirm: () => issue.mutate(),
    });
  }

  function confirmRemoveLine(line: InvoiceLine) {
    modals.openConfirmModal({
      title: t('billing.adjustment.removeTitle'),
      children: (
        <Text size="sm">
          {t('billing.adjustment.removeConfirm', {
            description: line.description ?? line.productName ?? '',
            amount: formatYen(line.amount),
          })}
        </Text>
      ),
      labels: { confirm: t('common.delete'), cancel: t('common.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => removeLine.mutate(line.id),
    });
  }

  return { issue, removeLine, confirmIssue, confirmRemoveLine };
}
