// The custom attribute definitions of one entity as a table (label, key, type, required,
// options, order); product attributes link to their page, other actions come from the caller.
import { Badge, Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AttributeDefinition } from '../../api/types';
import { localLabel } from '../../components/attribute-labels';
import { AnchorLink } from '../../components/links';
import { attributeTypeLabel } from './AttributeDefinitionForm';

/** The definitions as a table; product attributes link to their page. */
export function AttributeTable({
  rows,
  linkTo,
  actions,
}: {
  rows: AttributeDefinition[];
  linkTo?: 'product';
  actions?: (definition: AttributeDefinition) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('attributes.fields.labelJa')}</Table.Th>
            <Table.Th>{t('attributes.fields.key')}</Table.Th>
            <Table.Th>{t('attributes.fields.type')}</Table.Th>
            <Table.Th>{t('attributes.fields.required')}</Table.Th>
            <Table.Th>{t('attributes.fields.options')}</Table.Th>
            <Table.Th ta="right">{t('attributes.fields.position')}</Table.Th>
            {actions && <Table.Th w={1}>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((definition) => (
            <Table.Tr key={definition.id}>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  {linkTo === 'product' ? (
                    <AnchorLink to="/product-attributes/$id" params={{ id: definition.id }} fw={500}>
                      {localLabel(definition)}
                    </AnchorLink>
                  ) : (
                    <Text size="sm" fw={500}>
                      {localLabel(definition)}
                    </Text>
                  )}
                  {definition.retired && (
                    <Badge color="gray" variant="light" size="sm" tt="none">
                      {t('attributes.retired')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {definition.key}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{attributeTypeLabel(t, definition.type)}</Table.Td>
              <Table.Td>{definition.required ? t('attributes.requiredYes') : '—'}</Table.Td>
              <Table.Td>
                <Text size="sm" lineClamp={2}>
                  {definition.options.length ? definition.options.map(localLabel).join('、') : '—'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{definition.position}</Table.Td>
              {actions && <Table.Td>{actions(definition)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
