// A logged-in portal user (顧客アカウント), made the way a customer gets one: staff create a
// customer and its portal user, the person opens the invitation mail's link, sets a
// password and logs in at the same /auth/login as staff.
import { type ApiClient, loginAs, type TestApp, type TestTenant } from './app.js';
import { mailsTo, resetTokenOf } from './mail.js';

export interface PortalLogin {
  client: ApiClient;
  userId: string;
  customerId: string;
  email: string;
  password: string;
}

let counter = 0;

/**
 * Creates (as `admin`) a customer, unless `customerId` is given, and a portal user for it;
 * sets the password through the invitation link and logs in.
 */
export async function portalUserFor(
  app: TestApp,
  tenant: TestTenant,
  admin: ApiClient,
  options: { customerId?: string; email?: string } = {},
): Promise<PortalLogin> {
  counter += 1;
  let customerId = options.customerId;
  if (!customerId) {
    const customer = await admin.post('/api/v1/customers', {
      kind: 'organization',
      name: `ポータル顧客${counter}株式会社`,
      lifecycle: 'prospect',
    });
    if (customer.statusCode !== 201)
      throw new Error(`customer create failed: ${customer.statusCode} ${customer.body}`);
    customerId = String(customer.json().id);
  }
  const email =
    options.email ?? `portal-${counter}-${Math.random().toString(36).slice(2, 8)}@${tenant.slug}.example`;
  const created = await admin.post('/api/v1/portal-users', { customerId, email });
  if (created.statusCode !== 201)
    throw new Error(`portal user create failed: ${created.statusCode} ${created.body}`);
  const [mail] = await mailsTo(admin, email);
  if (!mail) throw new Error(`no invitation mail to ${email}`);
  const password = `portal-password-${counter}-long`;
  const confirmed = await app.app.inject({
    method: 'POST',
    url: '/api/v1/auth/password-reset/confirm',
    payload: { token: resetTokenOf(mail.text), password },
  });
  if (confirmed.statusCode !== 204)
    throw new Error(`password setting failed: ${confirmed.statusCode} ${confirmed.body}`);
  const client = await loginAs(app, tenant.slug, email, password);
  return { client, userId: String(created.json().id), customerId, email, password };
}
