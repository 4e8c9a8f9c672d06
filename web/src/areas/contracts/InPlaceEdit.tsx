// A field of a detail page edited in place (seed 000 「契約情報を編集する」): the value with
// [編集] on its right; [編集] makes it an input with [確定] and [キャンセル].
import { Box, Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function InPlaceEdit({
  label,
  value,
  canEdit,
  multiline = false,
  maxLength,
  saving,
  error,
  onSave,
  testId,
}: {
  label: string;
  value: string | null;
  canEdit: boolean;
  multiline?: boolean;
  maxLength: number;
  saving: boolean;
  error?: string | null;
  /** Resolves true when saved (the field closes), false to keep editing. */
  onSave: (value: string | null) => Promise<boolean>;
  testId?: string;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value ?? '');
  const [localError, setLocalError] = useState<string | null>(null);
  const labelId = useId();

  useEffect(() => {
    if (!editing) setDraft(value ?? '');
  }, [value, editing]);

  async function commit() {
    const trimmed = draft.trim();
    if ([...trimmed].length > maxLength) {
      setLocalError(t('orders.validation.maxLength', { count: maxLength }));
      return;
    }
    setLocalError(null);
    if (await onSave(trimmed === '' ? null : trimmed)) setEditing(false);
  }

  const input = multiline ? (
    <Textarea
      aria-labelledby={labelId}
      value={draft}
      onChange={(event) => setDraft(event.currentTarget.value)}
      autosize
      minRows={3}
      maxRows={10}
      maxLength={maxLength}
      error={localError ?? error}
      autoFocus
      onKeyDown={(event) => {
        if (event.key === 'Escape') setEditing(false);
      }}
    />
  ) : (
    <TextInput
      aria-labelledby={labelId}
      value={draft}
      onChange={(event) => setDraft(event.currentTarget.value)}
      maxLength={maxLength}
      error={localError ?? error}
      autoFocus
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          void commit();
        }
        if (event.key === 'Escape') setEditing(false);
      }}
    />
  );

  return (
    <Stack gap={4} data-testid={testId}>
      <Text id={labelId} size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      {editing ? (
        <Stack gap="xs">
          {input}
          <Group gap="xs">
            <Button size="xs" onClick={() => void commit()} loading={saving}>
              {t('contracts.commitEdit')}
            </Button>
            <Button size="xs" variant="default" onClick={() => setEditing(false)} disabled={saving}>
              {t('common.cancel')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Box fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} miw={0}>
            {value || '—'}
          </Box>
          {canEdit && (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => setEditing(true)}
              aria-label={t('contracts.editField', { field: label })}
            >
              {t('common.edit')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
