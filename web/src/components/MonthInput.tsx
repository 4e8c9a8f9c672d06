// A billing month (`YYYY-MM`) picked from a calendar of months, read in the UI language
// (2026年5月 / May 2026). Mantine's picker works with days: the month is its first day.
import '@mantine/dates/styles.css';
import 'dayjs/locale/ja';
import { MonthPickerInput } from '@mantine/dates';
import { IconCalendarMonth } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function pickerValue(month: string | undefined | null): string | null {
  return month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? `${month}-01` : null;
}

export function MonthInput({
  label,
  value,
  onChange,
  clearable = false,
  placeholder,
  maxMonth,
  error,
  w,
  'data-autofocus': autofocus,
}: {
  label: ReactNode;
  value: string | undefined | null;
  onChange: (month: string | undefined) => void;
  clearable?: boolean;
  placeholder?: string;
  /** The latest month that can be picked. */
  maxMonth?: string;
  error?: ReactNode;
  w?: number | string | Record<string, number | string>;
  'data-autofocus'?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const japanese = i18n.language !== 'en';
  return (
    <MonthPickerInput
      label={label}
      value={pickerValue(value)}
      onChange={(picked) => onChange(picked ? picked.slice(0, 7) : undefined)}
      clearable={clearable}
      placeholder={placeholder}
      maxDate={pickerValue(maxMonth) ?? undefined}
      error={error}
      locale={japanese ? 'ja' : 'en'}
      valueFormat={japanese ? 'YYYY年M月' : 'MMMM YYYY'}
      monthsListFormat={japanese ? 'M月' : 'MMM'}
      yearLabelFormat={japanese ? 'YYYY年' : 'YYYY'}
      leftSection={<IconCalendarMonth size={16} aria-hidden />}
      ariaLabels={{
        previousYear: t('monthInput.previousYear'),
        nextYear: t('monthInput.nextYear'),
        previousDecade: t('monthInput.previousDecade'),
        nextDecade: t('monthInput.nextDecade'),
      }}
      popoverProps={{ withinPortal: true }}
      w={w}
      data-autofocus={autofocus}
    />
  );
}
