// 新規プロセスのスケジュール: pick one of the kinds the server can run and start it now.
import { Button, Group, Modal, Radio, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { notifyError, notifySuccess } from '../../components/notify';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { jobKindLabel, jobKindsQuery, storeJob } from './job-queries';

export function ScheduleJobModal({
  opened,
  onClose,
  onStarted,
}: {
  opened: boolean;
  onClose: () => void;
  onStarted: (jobId: string) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const kinds = useQuery({ ...jobKindsQuery, enabled: opened });
  const [kind, setKind] = useState<string | null>(null);
  const selected = kind ?? kinds.data?.[0]?.kind ?? null;

  const start = useMutation({
    mutationFn: (value: string) => unwrap(api.POST('/api/v1/jobs', { body: { kind: value } })),
    onSuccess: async (job) => {
      storeJob(queryClient, job);
      notifySuccess(t, t('jobs.started'));
      await queryClient.invalidateQueries({ queryKey: ['jobs', 'list'] });
      onClose();
      onStarted(job.id);
    },
    onError: (error) => notifyError(t, error),
  });

  return (
    <Modal opened={opened} onClose={onClose} title={t('jobs.schedule')}>
      {kinds.isPending ? (
        <LoadingState />
      ) : kinds.isError ? (
        <ErrorState error={kinds.error} onRetry={() => void kinds.refetch()} />
      ) : kinds.data.length === 0 ? (
        <EmptyState>{t('jobs.noKinds')}</EmptyState>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (selected) start.mutate(selected);
          }}
        >
          <Stack gap="md">
            <Radio.Group label={t('jobs.chooseKind')} value={selected} onChange={setKind}>
              <Stack gap="xs" mt="xs">
                {kinds.data.map((item, index) => (
                  <Radio
                    key={item.kind}
                    value={item.kind}
                    data-autofocus={index === 0 ? true : undefined}
                    label={jobKindLabel(t, item.kind)}
                    description={
                      <Text span size="xs" ff="monospace">
                        {item.kind}
                      </Text>
                    }
                  />
                ))}
              </Stack>
            </Radio.Group>
            <Text size="xs" c="dimmed">
              {t('jobs.runNowHint')}
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={start.isPending} disabled={!selected}>
                {t('jobs.start')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
