// 赤伝を作成: a draft credit note (適格返還請求書) negating every line of an issued invoice,
// with the reason; lines can then be removed or adjusted for a partial credit before issue.
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { applyFieldErrors } from '../../components/form-errors';
import { notifyError, notifySuccess } from '../../components/notify';
import { invalidateBilling } from './billing-queries';
import type { Invoice } from './billing-types';

const MAX_REASON = 500;

export function CreditNoteModal({
  invoice,
  opened,
  onClose,
}: {
  invoice: Invoice;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('billing.creditNote.title')}>
      {opened && <CreditNoteForm invoice={invoice} onClose={onClose} />}
    </Modal>
  );
}

function CreditNoteForm({ invoice, onClose }: { invoice: Invoice; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { reason: '' },
    validate: {
      reason: (value: string) =>
        !value.trim()
          ? t('validation.required')
          : [...value.trim()].length > MAX_REASON
            ? t('validation.maxLength', { count: MAX_REASON })
            : null,
    },
  });

  const create = useMutation({
    mutationFn: ({ reason }: { reason: string }) =>
      unwrap(
        api.POST('/api/v1/invoices/{id}/credit-note', {
          params: { path: { id: invoice.id } },
          body: { reason: reason.trim() },
        }),
      ),
    onSuccess: async (creditNote) => {
      notifySuccess(t, t('billing.creditNote.created'));
      onClose();
      await invalidateBilling(queryClient);
      await navigate({ to: '/billing/invoices/$id', params: { id: creditNote.id } });
    },
    onError: (error) => {
      if (!applyFieldErrors(form, error)) notifyError(t, error);
    },
  });

  return (
    <form onSubmit={form.onSubmit((values) => create.mutate(values))} noValidate>
      <Stack gap="md">
        <Text size="sm">{t('billing.creditNote.intro', { number: invoice.number ?? '' })}</Text>
        <Textarea
          label={t('billing.creditNote.reason')}
          required
          autosize
          minRows={2}
          maxRows={6}
          maxLength={MAX_REASON}
          data-autofocus
          key={form.key('reason')}
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={create.isPending}>
            {t('billing.creditNote.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
