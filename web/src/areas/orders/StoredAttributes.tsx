// The product attribute values stored on an order item or line item (その他必要情報),
// labelled by their definitions (raw keys while those load or when one is unknown).
import { Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatAttributeValue, localLabel } from '../../components/attribute-labels';
import { productAttributeDefinitionsQuery } from './ordering-queries';

export function StoredAttributes({ attributes }: { attributes: Record<string, unknown> }) {
  const { t } = useTranslation();
  const entries = Object.entries(attributes).filter(([, value]) => value !== null && value !== undefined);
  const definitions = useQuery({ ...productAttributeDefinitionsQuery, enabled: entries.length > 0 });
  const byKey = useMemo(
    () => new Map((definitions.data ?? []).map((definition) => [definition.key, definition])),
    [definitions.data],
  );
  if (entries.length === 0) return null;
  return (
    <>
      {entries.map(([key, value]) => {
        const definition = byKey.get(key);
        return (
          <Text key={key} size="xs">
            {definition ? localLabel(definition) : key}:{' '}
            {definition
              ? formatAttributeValue(t, definition, value)
              : Array.isArray(value)
                ? value.join('、')
                : String(value)}
          </Text>
        );
      })}
    </>
  );
}
