// The form of a custom attribute definition (商品カスタム属性 / 顧客カスタム属性): labels, key
// (given once, or generated), type, required, options for the select types, order, and on
// edit retirement. It creates (POST) or edits (PATCH with version) and reports back.
import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { AttributeDefinition, AttributeEntity, AttributeType } from '../../api/types';
import { applyFieldErrors } from '../../components/form-errors';
import { isConflict, notifyConflict, notifyError } from '../../components/notify';

export const attributeTypes: AttributeType[] = [
  'text',
  'number',
  'date',
  'boolean',
  'select',
  'multi_select',
];
const KEY_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

interface OptionValues {
  value: string;
  labelJa: string;
  labelEn: string;
}

interface DefinitionFormValues {
  labelJa: string;
  labelEn: string;
  key: string;
  type: AttributeType;
  required: boolean;
  options: OptionValues[];
  position: number | string;
  retired: boolean;
}

const hasOptions = (type: AttributeType) => type === 'select' || type === 'multi_select';

function valuesOf(definition: AttributeDefinition | undefined): DefinitionFormValues {
  if (!definition) {
    return {
      labelJa: '',
      labelEn: '',
      key: '',
      type: 'text',
      required: false,
      options: [],
      position: '',
      retired: false,
    };
  }
  return {
    labelJa: definition.labelJa,
    labelEn: definition.labelEn ?? '',
    key: definition.key,
    type: definition.type,
    required: definition.required,
    options: definition.options.map((option) => ({
      value: option.value,
      labelJa: option.labelJa,
      labelEn: option.labelEn ?? '',
    })),
    position: definition.position,
    retired: definition.retired,
  };
}

function validate(t: TFunction, mode: 'create' | 'edit') {
  return (values: DefinitionFormValues): Record<string, string> => {
    const errors: Record<string, string> = {};
    const labelJa = values.labelJa.trim();
    if (!labelJa) errors.labelJa = t('validation.required');
    else if (labelJa.length > 100) errors.labelJa = t('validation.maxLength', { count: 100 });
    if (values.labelEn.trim().length > 100) errors.labelEn = t('validation.maxLength', { count: 100 });
    if (mode === 'create' && values.key.trim() && !KEY_PATTERN.test(values.key.trim())) {
      errors.key = t('attributes.validation.key');
    }
    if (hasOptions(values.type)) {
      if (values.options.length === 0) errors.options = t('attributes.validation.optionsRequired');
      const seen = new Set<string>();
      values.options.forEach((option, index) => {
        const value = option.value.trim();
        if (!value) errors[`options.${index}.value`] = t('validation.required');
        else if (value.length > 100)
          errors[`options.${index}.value`] = t('validation.maxLength', { count: 100 });
        else if (seen.has(value))
          errors[`options.${index}.value`] = t('attributes.validation.optionDuplicate');
        seen.add(value);
        if (!option.labelJa.trim()) errors[`options.${index}.labelJa`] = t('validation.required');
        else if (option.labelJa.trim().length > 100) {
          errors[`options.${index}.labelJa`] = t('validation.maxLength', { count: 100 });
        }
      });
    }
    if (values.position !== '') {
      const position = Number(values.position);
      if (!Number.isInteger(position) || position < 0 || position > 1_000_000) {
        errors.position = t('attributes.validation.position');
      }
    }
    return errors;
  };
}

function requestOf(values: DefinitionFormValues) {
  return {
    labelJa: values.labelJa.trim(),
    labelEn: values.labelEn.trim() || null,
    type: values.type,
    required: values.required,
    options: hasOptions(values.type)
      ? values.options.map((option) => ({
          value: option.value.trim(),
          labelJa: option.labelJa.trim(),
          labelEn: option.labelEn.trim() || null,
        }))
      : [],
    ...(values.position === '' ? {} : { position: Number(values.position) }),
  };
}

export interface AttributeDefinitionFormProps {
  entity: AttributeEntity;
  /** The definition to edit; none to create one. */
  definition?: AttributeDefinition;
  submitLabel: string;
  onSaved: (definition: AttributeDefinition) => Promise<void>;
  onCancel?: () => void;
  /** After a 409 the caller reloads the definition. */
  onConflict?: () => Promise<unknown>;
}

export function AttributeDefinitionForm({
  entity,
  definition,
  submitLabel,
  onSaved,
  onCancel,
  onConflict,
}: AttributeDefinitionFormProps) {
  const { t } = useTranslation();
  const mode = definition ? 'edit' : 'create';
  const form = useForm<DefinitionFormValues>({
    mode: 'controlled',
    initialValues: valuesOf(definition),
    validate: validate(t, mode),
  });
  const values = form.getValues();

  const save = useMutation({
    mutationFn: (submitted: DefinitionFormValues) =>
      definition
        ? unwrap(
            api.PATCH('/api/v1/attribute-definitions/{id}', {
              params: { path: { id: definition.id } },
              body: { version: definition.version, ...requestOf(submitted), retired: submitted.retired },
            }),
          )
        : unwrap(
            api.POST('/api/v1/attribute-definitions', {
              body: { entity, ...requestOf(submitted), key: submitted.key.trim() || undefined },
            }),
          ),
    onSuccess: (saved) => onSaved(saved),
    onError: async (error) => {
      if (isConflict(error) && definition) {
        notifyConflict(t);
        await onConflict?.();
        return;
      }
      if (
        !applyFieldErrors(form, error, {
          attribute_key_taken: 'key',
          attribute_type_locked: 'type',
        })
      ) {
        notifyError(t, error);
      }
    },
  });

  return (
    <form onSubmit={form.onSubmit((submitted) => save.mutate(submitted))} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('attributes.fields.labelJa')}
            required
            maxLength={100}
            data-autofocus
            key={form.key('labelJa')}
            {...form.getInputProps('labelJa')}
          />
          <TextInput
            label={t('attributes.fields.labelEn')}
            maxLength={100}
            key={form.key('labelEn')}
            {...form.getInputProps('labelEn')}
          />
          <TextInput
            label={t('attributes.fields.key')}
            description={mode === 'create' ? t('attributes.keyHint') : t('attributes.keyFixed')}
            disabled={mode === 'edit'}
            maxLength={63}
            autoComplete="off"
            styles={{ input: { fontFamily: 'monospace' } }}
            key={form.key('key')}
            {...form.getInputProps('key')}
          />
          <Select
            label={t('attributes.fields.type')}
            description={mode === 'edit' ? t('attributes.typeHint') : undefined}
            data={attributeTypes.map((type) => ({ value: type, label: t(`attributes.types.${type}`) }))}
            allowDeselect={false}
            comboboxProps={{ withinPortal: true }}
            key={form.key('type')}
            {...form.getInputProps('type')}
            onChange={(value) => {
              if (!value) return;
              const type = value as AttributeType;
              form.setFieldValue('type', type);
              if (hasOptions(type) && form.getValues().options.length === 0) {
                form.insertListItem('options', { value: '', labelJa: '', labelEn: '' });
              }
            }}
          />
          <NumberInput
            label={t('attributes.fields.position')}
            description={mode === 'create' ? t('attributes.positionHint') : undefined}
            min={0}
            max={1_000_000}
            allowDecimal={false}
            allowNegative={false}
            key={form.key('position')}
            {...form.getInputProps('position')}
          />
          <Switch
            label={t('attributes.fields.required')}
            description={t('attributes.requiredHint')}
            mt={{ base: 0, sm: 'lg' }}
            key={form.key('required')}
            {...form.getInputProps('required', { type: 'checkbox' })}
          />
        </SimpleGrid>

        {hasOptions(values.type) && (
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {t('attributes.fields.options')}{' '}
              <Text span c="red">
                *
              </Text>
            </Text>
            {values.options.map((_, index) => (
              <Group
                // biome-ignore lint/suspicious/noArrayIndexKey: options are edited in place by position
                key={index}
                gap="xs"
                align="flex-start"
                wrap="nowrap"
              >
                <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs" style={{ flex: 1 }}>
                  <TextInput
                    aria-label={t('attributes.optionValue', { index: index + 1 })}
                    placeholder={t('attributes.fields.optionValue')}
                    maxLength={100}
                    key={form.key(`options.${index}.value`)}
                    {...form.getInputProps(`options.${index}.value`)}
                  />
                  <TextInput
                    aria-label={t('attributes.optionLabelJa', { index: index + 1 })}
                    placeholder={t('attributes.fields.optionLabelJa')}
                    maxLength={100}
                    key={form.key(`options.${index}.labelJa`)}
                    {...form.getInputProps(`options.${index}.labelJa`)}
                  />
                  <TextInput
                    aria-label={t('attributes.optionLabelEn', { index: index + 1 })}
                    placeholder={t('attributes.fields.optionLabelEn')}
                    maxLength={100}
                    key={form.key(`options.${index}.labelEn`)}
                    {...form.getInputProps(`options.${index}.labelEn`)}
                  />
                </SimpleGrid>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  size="lg"
                  aria-label={t('attributes.removeOption', { index: index + 1 })}
                  onClick={() => form.removeListItem('options', index)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            {typeof form.errors.options === 'string' && (
              <Text size="xs" c="red">
                {form.errors.options}
              </Text>
            )}
            <Button
              variant="light"
              size="xs"
              w="fit-content"
              leftSection={<IconPlus size={14} />}
              onClick={() => form.insertListItem('options', { value: '', labelJa: '', labelEn: '' })}
            >
              {t('attributes.addOption')}
            </Button>
          </Stack>
        )}

        {mode === 'edit' && (
          <Switch
            label={t('attributes.fields.retired')}
            description={t('attributes.retiredHint')}
            color="orange"
            key={form.key('retired')}
            {...form.getInputProps('retired', { type: 'checkbox' })}
          />
        )}

        <Group justify="flex-end" gap="sm">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={save.isPending}>
              {t('common.cancel')}
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The type and flags of a definition, for lists. */
export function attributeTypeLabel(t: TFunction, type: AttributeType): string {
  return t(`attributes.types.${type}`);
}
