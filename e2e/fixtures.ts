// What every spec shares: the demo tenant the e2e server seeds (SEED_DEMO=true).
export const DEMO_TENANT = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.example';
export const DEMO_ADMIN_PASSWORD = 'keiyaku-demo-2026';

export const demoAdmin = {
  tenant: DEMO_TENANT,
  email: DEMO_ADMIN_EMAIL,
  password: DEMO_ADMIN_PASSWORD,
} as const;
