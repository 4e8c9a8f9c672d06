// Identity: who may use a tenant and what they may do. Org units, staff users with roles,
// portal users (a customer's own logins), sessions and API tokens, password change and
// reset. Other modules use the authenticator (through the HTTP platform), the permission
// names and tenant creation.
import type { Authenticator } from '../../platform/http/types.js';
import type { IdentityDeps } from './deps.js';
import { principalFromApiToken, principalFromSession } from './session.service.js';

export { adminRoutes } from './admin.routes.js';
export { authRoutes } from './auth.routes.js';
export type { IdentityDeps } from './deps.js';
export { PERMISSIONS, type Permission, ROLE_PERMISSIONS, ROLES, type Role } from './permissions.rules.js';
export { portalUserRoutes } from './portal-user.routes.js';
export { purgeExpiredCredentials } from './session.service.js';
export { createTenantWithAdmin, DEMO_TENANT, seedDemoTenant } from './tenant-setup.service.js';
export { createUser } from './user.service.js';

export function identityAuthenticator(deps: IdentityDeps): Authenticator {
  return {
    fromSessionCookie: (value) => principalFromSession(deps, value),
    fromBearerToken: (token) => principalFromApiToken(deps, token),
  };
}
