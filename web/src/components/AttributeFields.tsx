// The inputs of custom attributes, one per definition in its order, typed as the definition
// says (text, number, date, boolean, select, multi select) with the required mark. The form
// holds the values under `path` (default `attributes`) as `attributeFormValues` makes them;
// `validateAttributeValues` gives the matching errors. The customer form uses it for the
// customer attributes and the order form for each product's attributes.
import { Checkbox, MultiSelect, NumberInput, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { useTranslation } from 'react-i18next';
import { localLabel } from './attribute-labels';
import { type AttributeFieldDefinition, byPosition } from './attribute-values';

export interface AttributeFieldsProps<Values> {
  form: UseFormReturnType<Values>;
  definitions: readonly AttributeFieldDefinition[];
  /** Where the values live in the form. */
  path?: string;
  disabled?: boolean;
  /** Columns from the `sm` breakpoint up (one on phones). */
  columns?: number;
}

export function AttributeFields<Values>({
  form,
  definitions,
  path = 'attributes',
  disabled = false,
  columns = 2,
}: AttributeFieldsProps<Values>) {
  const { t } = useTranslation();
  if (definitions.length === 0) return null;

  return (
    <SimpleGrid cols={{ base: 1, sm: columns }} spacing="sm" data-testid="attribute-fields">
      {byPosition(definitions).map((definition) => {
        const field = `${path}.${definition.key}`;
        const label = localLabel(definition);
        const key = form.key(field);
        const common = { label, required: definition.required, disabled };
        const options = definition.options.map((option) => ({
          value: option.value,
          label: localLabel(option),
        }));
        switch (definition.type) {
          case 'text':
            return (
              <Textarea
                key={key}
                {...common}
                autosize
                minRows={1}
                maxRows={4}
                maxLength={1000}
                {...form.getInputProps(field)}
              />
            );
          case 'number':
            return (
              <NumberInput
                key={key}
                {...common}
                thousandSeparator=","
                allowDecimal
                decimalScale={6}
                {...form.getInputProps(field)}
              />
            );
          case 'date':
            return <TextInput key={key} {...common} type="date" {...form.getInputProps(field)} />;
          case 'boolean':
            return (
              <Checkbox
                key={key}
                label={label}
                disabled={disabled}
                mt={{ base: 0, sm: 'lg' }}
                {...form.getInputProps(field, { type: 'checkbox' })}
              />
            );
          case 'select':
            return (
              <Select
                key={key}
                {...common}
                data={options}
                clearable={!definition.required}
                searchable={options.length > 7}
                placeholder={t('attributes.choose')}
                nothingFoundMessage={t('common.nothingFound')}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps(field)}
              />
            );
          case 'multi_select':
            return (
              <MultiSelect
                key={key}
                {...common}
                data={options}
                clearable
                searchable={options.length > 7}
                placeholder={t('attributes.chooseMany')}
                nothingFoundMessage={t('common.nothingFound')}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps(field)}
              />
            );
          default:
            return null;
        }
      })}
    </SimpleGrid>
  );
}
