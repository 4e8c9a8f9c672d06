// Errors are values with a stable code (architecture rule 5). The code decides the HTTP
// status in one place (`errorCatalog`) and carries a user-facing message in Japanese and
// English; the problem+json answer uses the message of the request's language.

type Message = { ja: string; en: string };

interface CatalogEntry {
  status: number;
  title: Message;
}

const entry = (status: number, ja: string, en: string): CatalogEntry => ({ status, title: { ja, en } });

export const errorCatalog = {
  validation_failed: entry(400, '入力内容に誤りがあります。', 'The request is not valid.'),
  malformed_json: entry(400, 'リクエストの形式が正しくありません。', 'The request body is not valid JSON.'),
  unsupported_media_type: entry(
    415,
    'このContent-Typeには対応していません。',
    'This content type is not supported.',
  ),
  body_too_large: entry(413, 'リクエストが大きすぎます。', 'The request body is too large.'),
  unauthenticated: entry(401, 'ログインしてください。', 'Please log in.'),
  invalid_credentials: entry(
    401,
    '会社ID、メールアドレスまたはパスワードが正しくありません。',
    'The company ID, email or password is not correct.',
  ),
  forbidden: entry(403, 'この操作を行う権限がありません。', 'You are not allowed to do this.'),
  csrf_token_invalid: entry(
    403,
    'セッションの確認に失敗しました。画面を再読み込みしてください。',
    'The request could not be verified. Please reload the page.',
  ),
  not_found: entry(404, '対象が見つかりません。', 'Not found.'),
  restore_refused: entry(422, 'このバックアップは復元できません。', 'This backup cannot be restored.'),
  version_conflict: entry(
    409,
    '他のユーザーが先に更新しました。画面を再読み込みしてから、もう一度操作してください。',
    'Someone else changed this record. Reload it and try again.',
  ),
  idempotency_key_in_progress: entry(
    409,
    '同じリクエストを処理中です。しばらくしてから再度お試しください。',
    'A request with this Idempotency-Key is still being processed.',
  ),
  idempotency_key_reused: entry(
    422,
    'このIdempotency-Keyは別の内容のリクエストで使用済みです。',
    'This Idempotency-Key was used with a different request.',
  ),
  rate_limited: entry(
    429,
    '試行回数が多すぎます。しばらく待ってから再度お試しください。',
    'Too many attempts. Please wait a moment and try again.',
  ),
  email_taken: entry(
    422,
    'このメールアドレスは既に登録されています。',
    'This email address is already registered.',
  ),
  password_incorrect: entry(
    422,
    '現在のパスワードが正しくありません。',
    'The current password is not correct.',
  ),
  password_too_weak: entry(
    422,
    'パスワードは10文字以上で、メールアドレスと異なるものにしてください。',
    'The password must be at least 10 characters and differ from the email address.',
  ),
  reset_token_invalid: entry(
    422,
    'このリンクは無効か、有効期限(60分)が切れています。もう一度パスワード再設定を行ってください。',
    'This link is invalid or has expired (60 minutes). Please request a new one.',
  ),
  org_unit_in_use: entry(
    422,
    'この組織には下位組織またはユーザーが所属しているため削除できません。',
    'This org unit still has child units or users and cannot be deleted.',
  ),
  org_unit_cycle: entry(
    422,
    '組織を自分自身の配下に移動することはできません。',
    'An org unit cannot be moved under itself.',
  ),
  org_unit_not_found: entry(422, '指定された組織が見つかりません。', 'The org unit does not exist.'),
  org_unit_code_taken: entry(
    422,
    'この組織コードは既に使われています。',
    'This org unit code is already used.',
  ),
  unknown_role: entry(422, '存在しないロールが指定されました。', 'Unknown role.'),
  cannot_deactivate_self: entry(
    422,
    '自分自身を無効化したり、自分の管理者ロールを外したりすることはできません。',
    'You cannot deactivate yourself or remove your own admin role.',
  ),
  registration_number_invalid: entry(
    422,
    '登録番号は「T」と13桁の数字で、正しいチェックデジットである必要があります。',
    'The registration number must be "T" followed by 13 digits with a valid check digit.',
  ),
  time_zone_invalid: entry(422, 'タイムゾーンが正しくありません。', 'Unknown time zone.'),
  tenant_slug_taken: entry(422, 'この会社IDは既に使われています。', 'This tenant slug is already taken.'),
  unknown_job_kind: entry(422, 'このプロセスは実行できません。', 'This process cannot be run.'),
  mail_delivery_failed: entry(
    503,
    'メールを送信できませんでした。しばらくしてから再度お試しください。',
    'The mail could not be sent. Please try again later.',
  ),
  concurrent_update: entry(
    409,
    '他の操作と同時に更新されたため、処理できませんでした。もう一度お試しください。',
    'Another change happened at the same time. Please try again.',
  ),
  already_exists: entry(
    409,
    '同じ内容のデータが既に登録されています。',
    'A record with the same key already exists.',
  ),
  reference_not_found: entry(
    422,
    '参照先のデータが見つかりません(削除された可能性があります)。',
    'A record this refers to does not exist (it may have been deleted).',
  ),
  // ── catalog and attributes ──────────────────────────────────────────────
  product_code_taken: entry(
    422,
    'この商品コードは既に使われています。',
    'This product code is already used.',
  ),
  product_not_found: entry(422, '指定された商品が見つかりません。', 'The product does not exist.'),
  product_already_published: entry(
    409,
    'この商品テンプレートは既に公開中です。',
    'This product is already published.',
  ),
  product_not_published: entry(
    422,
    '公開中ではない商品は販売できません。先に商品テンプレートを公開してください。',
    'A product that is not published cannot be sold. Publish it first.',
  ),
  pricing_invalid: entry(
    422,
    '料金設定が課金パターンと合っていません。',
    'The fees do not match the charge pattern.',
  ),
  serial_number_pattern_invalid: entry(
    422,
    'シリアルNOのパターンが正しい正規表現ではありません。',
    'The serial number pattern is not a valid regular expression.',
  ),
  attribute_key_taken: entry(
    422,
    'このキーのカスタム属性は既にあります。',
    'An attribute with this key already exists.',
  ),
  attribute_options_invalid: entry(
    422,
    '選択肢の設定が正しくありません。',
    'The options of this attribute are not valid.',
  ),
  attribute_type_locked: entry(
    422,
    '値が登録済みのため、カスタム属性の型は変更できません。',
    'The type of an attribute that has values cannot change.',
  ),
  attribute_definition_not_found: entry(
    422,
    '指定されたカスタム属性が見つかりません。',
    'The attribute definition does not exist.',
  ),
  attribute_not_for_products: entry(
    422,
    '顧客カスタム属性は商品に紐づけできません。商品カスタム属性を指定してください。',
    'Only product attributes can be linked to products.',
  ),
  // ── customers ──────────────────────────────────────────────────────────────
  customer_not_found: entry(422, '指定された顧客が見つかりません。', 'The customer does not exist.'),
  sell_to_address_required: entry(
    422,
    '販売アカウントには住所(郵便番号・都道府県・市区町村・番地)が必要です。',
    'A sales account needs an address (postal code, prefecture, city, street).',
  ),
  portal_user_not_found: entry(404, '顧客アカウントが見つかりません。', 'The portal user does not exist.'),
  // ── agreements ─────────────────────────────────────────────────────────────
  agreement_not_draft: entry(
    422,
    '作成中の基本契約のみステータスを変更できます。',
    'Only a draft master agreement can change its status.',
  ),
  sale_start_date_invalid: entry(
    422,
    '販売開始日は明日以降の日付を指定してください。',
    'The sale start date must be after today.',
  ),
  agreement_products_required: entry(422, '商品を1つ以上選択してください。', 'Select at least one product.'),
  // ── ordering ───────────────────────────────────────────────────────────────
  agreement_not_on_sale: entry(
    422,
    'この顧客の販売中の基本契約に含まれていない商品です。',
    'The product is not in an on-sale master agreement of this customer.',
  ),
  line_item_has_processing_order: entry(
    422,
    'この明細には処理中の注文があるため、注文できません。',
    'This line item has an order in progress.',
  ),
  line_item_not_active: entry(
    422,
    '利用中の明細のみ追加・削減・解約の注文ができます。',
    'Only an active line item can be added to, reduced or terminated.',
  ),
  reduce_below_one: entry(
    422,
    '削減後の数量は1以上である必要があります。すべて解約する場合は解約注文を使ってください。',
    'At least 1 must remain; use a terminate order to end the line item.',
  ),
  order_not_processing: entry(422, '処理中の注文ではありません。', 'The order is not processing.'),
  order_item_not_processing: entry(
    422,
    '処理中の注文明細ではありません。',
    'The order item is not processing.',
  ),
  completion_before_order_date: entry(
    422,
    '完了日は注文日以降の日付を指定してください。',
    'The completion date cannot be before the order date.',
  ),
  serial_number_required: entry(
    422,
    'キャリア商品の完了にはシリアルNOが必要です。',
    'Completing a carrier product needs its serial number.',
  ),
  serial_number_invalid: entry(
    422,
    'シリアルNOの形式が正しくありません。',
    'The serial number does not have the required format.',
  ),
  order_date_in_future: entry(
    422,
    '注文日に未来の日付は指定できません。',
    'The order date cannot be in the future.',
  ),
  order_date_not_allowed: entry(
    422,
    '顧客アカウントからの注文では注文日を指定できません(本日の日付になります)。',
    'Portal orders cannot set the order date; it is today.',
  ),
  line_item_not_found: entry(422, '指定された明細が見つかりません。', 'The line item does not exist.'),
  quantity_exceeds_limit: entry(
    422,
    '明細の数量は100,000以下である必要があります。',
    'A line item cannot have a quantity above 100,000.',
  ),
  completion_field_not_applicable: entry(
    422,
    'この注文明細には指定できない項目があります。課金開始日とシリアルNOは新規注文の明細にのみ指定できます。',
    'Some fields do not apply: the charge start date and serial number are for new order items only.',
  ),
  completion_before_line_item_change: entry(
    422,
    '完了日は、この明細の直前の変更(開通・追加・削減)の完了日以降の日付を指定してください。',
    "The completion date cannot be before the line item's last completed change.",
  ),
  // ── billing ────────────────────────────────────────────────────────────────
  billing_month_invalid: entry(422, '請求年月が正しくありません。', 'The billing month is not valid.'),
  billing_month_not_ended: entry(
    422,
    'この請求年月はまだ締まっていません。月末を過ぎてから実行するか、プレビューで確認してください。',
    'This billing month has not ended yet. Run it after the month end, or run a preview.',
  ),
  invoice_not_draft: entry(409, '発行済みの請求書は変更できません。', 'An issued invoice cannot be changed.'),
  invoice_not_issued: entry(
    422,
    'この請求書はまだ発行されていません。発行してから操作してください。',
    'This invoice has not been issued yet. Issue it first.',
  ),
  invoice_empty: entry(
    422,
    '明細のない請求書は発行できません。',
    'An invoice without lines cannot be issued.',
  ),
  invoice_line_not_adjustment: entry(
    422,
    '削除できるのは調整明細だけです。',
    'Only adjustment lines can be removed.',
  ),
  billing_account_not_found: entry(
    422,
    '指定された請求アカウントが見つかりません。',
    'The billing account does not exist.',
  ),
  tax_rate_invalid: entry(
    422,
    '税率はテナント設定の標準税率・軽減税率・0%のいずれかを指定してください。',
    "The tax rate must be the tenant's standard rate, its reduced rate or 0%.",
  ),
  credit_note_not_allowed: entry(
    422,
    '発行済みの請求書にだけ赤伝(クレジットノート)を作成できます。',
    'A credit note can only be made for an issued invoice.',
  ),
  credit_exceeds_invoice: entry(
    422,
    '赤伝の金額が、元の請求書の残りの金額を超えています。',
    'The credit note is larger than what is left of the invoice it corrects.',
  ),
  credit_note_not_negative: entry(
    422,
    '赤伝(クレジットノート)の合計はマイナスの金額にしてください。',
    'A credit note must total a negative amount.',
  ),
  payment_exceeds_open_amount: entry(
    422,
    '入金額が未収金額を超えています。',
    'The payment is larger than the amount still open on the invoice.',
  ),
  payment_not_for_credit_note: entry(
    422,
    '赤伝(クレジットノート)には入金を記録できません。',
    'Payments cannot be recorded on a credit note.',
  ),
  payment_import_invalid: entry(
    422,
    '入金CSVに誤りがあります。誤りのある行を直してから、もう一度取り込んでください。何も登録されていません。',
    'The payment CSV has errors. Fix the rows shown and import it again. Nothing was recorded.',
  ),
  order_import_invalid: entry(
    422,
    '注文CSVに誤りがあります。誤りのある行を直してから、もう一度取り込んでください。何も登録されていません。',
    'The order CSV has errors. Fix the rows shown and import it again. Nothing was registered.',
  ),
  service_unavailable: entry(
    503,
    'サービスを一時的に利用できません。',
    'The service is temporarily unavailable.',
  ),
  internal_error: entry(
    500,
    'システムエラーが発生しました。時間をおいて再度お試しください。',
    'An unexpected error occurred. Please try again later.',
  ),
} satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof errorCatalog;

export interface FieldError {
  path: string;
  message: string;
}

/** A field error as a use case raises it: one message, or one per language. */
export interface DomainFieldError {
  path: string;
  message: string | Message;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly errors: DomainFieldError[] | undefined;
  readonly detailOverride: Message | undefined;

  constructor(code: ErrorCode, options: { errors?: DomainFieldError[]; detail?: Message } = {}) {
    super(errorCatalog[code].title.en);
    this.name = 'DomainError';
    this.code = code;
    this.errors = options.errors;
    this.detailOverride = options.detail;
  }

  get status(): number {
    return errorCatalog[this.code].status;
  }
}

export type Locale = 'ja' | 'en';

export function errorMessage(code: ErrorCode, locale: Locale): string {
  return errorCatalog[code].title[locale];
}
