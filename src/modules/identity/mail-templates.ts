// Mails the identity module sends, in the recipient's language. Wording follows seed 000's
// login request (「パスワードをお忘れですか?」 flow).
import type { Mail } from '../../platform/mail/mailer.js';

export function passwordResetMail(input: {
  to: string;
  name: string;
  tenantName: string;
  link: string;
  locale: 'ja' | 'en';
  invitation: boolean;
}): Mail {
  if (input.locale === 'en') {
    const intro = input.invitation
      ? `An account has been created for you at ${input.tenantName} on Keiyaku.`
      : `We received a request to reset your Keiyaku password at ${input.tenantName}.`;
    return {
      to: input.to,
      subject: input.invitation ? '[Keiyaku] Set your password' : '[Keiyaku] Reset your password',
      text: `${input.name},\n\n${intro}\nOpen this link within 60 minutes to set a new password:\n\n${input.link}\n\nIf you did not expect this mail, you can ignore it.\n`,
    };
  }
  const intro = input.invitation
    ? `${input.tenantName} の Keiyaku アカウントが作成されました。`
    : `${input.tenantName} の Keiyaku パスワード再設定のご依頼を受け付けました。`;
  return {
    to: input.to,
    subject: input.invitation ? '【Keiyaku】パスワードの設定' : '【Keiyaku】パスワードの再設定',
    text: `${input.name} 様\n\n${intro}\n60分以内に以下のパスワード変更用URLを開き、新しいパスワードを設定してください。\n\n${input.link}\n\nお心当たりのない場合は、このメールを破棄してください。\n`,
  };
}
