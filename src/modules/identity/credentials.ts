// Secrets handed to people (session cookies, API tokens, reset links) are random and stored
// only as SHA-256 hashes; passwords are stored as argon2id hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { isUuid } from '../../platform/ids/id.js';

const ARGON2ID = 2;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies a password; with no stored hash it verifies against a dummy one, so the answer
 * takes the same time whether or not the account exists.
 */
export async function verifyPassword(
  storedHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('keiyaku-dummy-password-for-timing');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A credential that names its tenant: `<tenantId>.<secret>` (cookies and reset links). */
export function tenantCredential(tenantId: string, secret: string): string {
  return `${tenantId}.${secret}`;
}

export function parseTenantCredential(value: string): { tenantId: string; secret: string } | null {
  const dot = value.indexOf('.');
  if (dot < 0) return null;
  const tenantId = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (!isUuid(tenantId) || !/^[A-Za-z0-9_-]{20,100}$/.test(secret)) return null;
  return { tenantId, secret };
}

/** API tokens: `kyk_<tenant id without dashes>_<secret>`. */
export function apiTokenOf(tenantId: string, secret: string): string {
  return `kyk_${tenantId.replaceAll('-', '')}_${secret}`;
}

export function parseApiToken(token: string): { tenantId: string; secret: string } | null {
  const match = /^kyk_([0-9a-f]{32})_([A-Za-z0-9_-]{20,100})$/.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const hex = match[1];
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId, secret: match[2] };
}
