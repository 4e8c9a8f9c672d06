// 適格請求書発行事業者登録番号: "T" + 13 digits. For a corporation the 13 digits are its
// corporate number (法人番号), whose first digit is a check digit over the other twelve:
// check = 9 - (sum of P_n * Q_n for n = 1..12, mod 9), P_n the n-th digit counted from the
// right of the twelve, Q_n = 1 for odd n and 2 for even n (国税庁, 法人番号の指定等に関する省令).
// Sole proprietors receive numbers from the same 13-digit space, issued with the same rule.

export function isValidRegistrationNumber(value: string): boolean {
  const match = /^T(\d)(\d{12})$/.exec(value);
  if (!match?.[1] || !match[2]) return false;
  const check = Number(match[1]);
  const base = match[2];
  let sum = 0;
  for (let n = 1; n <= 12; n++) {
    const digit = Number(base[12 - n]);
    sum += digit * (n % 2 === 1 ? 1 : 2);
  }
  return check === 9 - (sum % 9);
}
