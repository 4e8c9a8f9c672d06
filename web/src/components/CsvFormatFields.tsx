// The two choices of every CSV download (billing.md, docs/exports.md): the encoding (UTF-8
// with BOM, or Shift_JIS for older Excel) and the language of the header row.
import { Group, Radio } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type CsvEncoding = 'utf-8' | 'shift_jis';
export type CsvHeaders = 'ja' | 'en';

export function CsvFormatFields({
  encoding,
  headers,
  onEncodingChange,
  onHeadersChange,
}: {
  encoding: CsvEncoding;
  headers: CsvHeaders;
  onEncodingChange: (value: CsvEncoding) => void;
  onHeadersChange: (value: CsvHeaders) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Radio.Group
        label={t('csv.encoding')}
        value={encoding}
        onChange={(value) => onEncodingChange(value as CsvEncoding)}
      >
        <Group gap="md" mt={6}>
          <Radio value="utf-8" label={t('csv.encodings.utf8')} />
          <Radio value="shift_jis" label={t('csv.encodings.shiftJis')} />
        </Group>
      </Radio.Group>
      <Radio.Group
        label={t('csv.headers')}
        value={headers}
        onChange={(value) => onHeadersChange(value as CsvHeaders)}
      >
        <Group gap="md" mt={6}>
          <Radio value="ja" label={t('csv.headerLanguages.ja')} />
          <Radio value="en" label={t('csv.headerLanguages.en')} />
        </Group>
      </Radio.Group>
    </>
  );
}
