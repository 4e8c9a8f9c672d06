// Money in yen (api.md: integers in the minor unit, which for yen is the yen).
const yen = new Intl.NumberFormat('ja-JP', { style: 'currency', currency: 'JPY' });

export function formatYen(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return yen.format(amount);
}
