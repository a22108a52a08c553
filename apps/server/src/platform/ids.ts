import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';

/** Time-ordered ids made in the app (PostgreSQL 15 has no uuidv7()). */
export const newId = (): string => uuidv7();

/** A secret for a cookie, token or link: 32 random bytes, URL-safe. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Secrets are stored only as their SHA-256, so a database leak does not leak sessions or tokens. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
