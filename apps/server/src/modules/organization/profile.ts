/**
 * The organisation's letterhead: legal name, address, codes and logo, as quotes and invoices print it.
 * One row per organisation, made on the first change; until then every field is null (version 0).
 */
import PDFDocument from 'pdfkit';
import { audit } from '../../platform/audit/audit.js';
import { sql, type Transaction } from '../../platform/db/database.js';
import { assertVersion } from '../../platform/http/concurrency.js';
import { fieldError } from '../../platform/http/problem.js';
import type { Context } from '../../platform/tenancy/context.js';
import {
  LOGO_MAX_BYTES,
  type LOGO_TYPES,
  type OrganisationProfile,
  type OrganisationProfilePatch,
} from './schemas.js';

type LogoType = (typeof LOGO_TYPES)[number];

const COLUMNS = {
  legalNameFa: 'legal_name_fa',
  legalNameEn: 'legal_name_en',
  addressFa: 'address_fa',
  addressEn: 'address_en',
  postalCode: 'postal_code',
  phone: 'phone',
  email: 'email',
  website: 'website',
  nationalId: 'national_id',
  economicCode: 'economic_code',
  registrationNumber: 'registration_number',
  sheba: 'sheba',
} as const satisfies Record<keyof OrganisationProfilePatch, string>;
type TextField = keyof typeof COLUMNS;
const FIELDS = Object.keys(COLUMNS) as TextField[];

type ProfileRow = Record<TextField, string | null> & {
  logoType: LogoType | null;
  logoBytes: number | null;
  version: number;
  updatedAt: Date;
};

const SELECT = `SELECT ${FIELDS.map((f) => `${COLUMNS[f]} AS "${f}"`).join(', ')},
  logo_type AS "logoType", octet_length(logo) AS "logoBytes", version, updated_at AS "updatedAt"
  FROM organisation_profiles`;

function view(row: ProfileRow | undefined): OrganisationProfile {
  const texts = Object.fromEntries(FIELDS.map((f) => [f, row?.[f] ?? null])) as Record<
    TextField,
    string | null
  >;
  return {
    ...texts,
    logo: row?.logoType ? { contentType: row.logoType, bytes: Number(row.logoBytes) } : null,
    version: row?.version ?? 0,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function getProfile(tx: Transaction, lock = false): Promise<OrganisationProfile> {
  const { rows } = await tx.query<ProfileRow>(`${SELECT}${lock ? ' FOR UPDATE' : ''}`);
  return view(rows[0]);
}

/** Locks the row (making it on first use) and checks the version the client had. */
async function lockProfile(tx: Transaction, expectedVersion: number | undefined) {
  await tx.query(
    `INSERT INTO organisation_profiles (tenant_id, version) VALUES (peyvand_tenant(), 0) ON CONFLICT DO NOTHING`,
  );
  const before = await getProfile(tx, true);
  assertVersion(expectedVersion, before.version, 'The letterhead');
  return before;
}

export async function updateProfile(
  tx: Transaction,
  ctx: Context,
  patch: OrganisationProfilePatch,
  expectedVersion?: number,
): Promise<OrganisationProfile> {
  const before = await lockProfile(tx, expectedVersion);
  const given = FIELDS.filter((f) => patch[f] !== undefined);
  const sets = given.map((f, i) => `${COLUMNS[f]} = $${i + 1}`);
  await tx.query(
    `UPDATE organisation_profiles SET ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}`,
    given.map((f) => patch[f] ?? null),
  );
  const after = await getProfile(tx);
  await audit(tx, ctx, {
    entity: 'organisation_profile',
    entityId: ctx.actor.tenantId,
    action: 'update',
    before: { ...before, version: undefined, updatedAt: undefined },
    after: { ...after, version: undefined, updatedAt: undefined },
  });
  return after;
}

/** PNG or JPEG by its first bytes (the Content-Type a client sends is not trusted). */
function imageType(bytes: Buffer): LogoType | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Whether the PDF library can draw the image: a logo that would break every invoice PDF is refused now. */
function drawable(bytes: Buffer): boolean {
  try {
    const doc = new PDFDocument({ size: [100, 100] });
    doc.image(bytes, 0, 0, { fit: [50, 50] });
    doc.end();
    return true;
  } catch {
    return false;
  }
}

export async function setLogo(
  tx: Transaction,
  ctx: Context,
  bytes: Buffer,
  expectedVersion?: number,
): Promise<OrganisationProfile> {
  if (bytes.length === 0) throw fieldError('logo', 'Send the image', 'required');
  if (bytes.length > LOGO_MAX_BYTES)
    throw fieldError('logo', `The logo may be at most ${LOGO_MAX_BYTES / 1024} KiB`, 'image_too_big');
  const type = imageType(bytes);
  if (!type || !drawable(bytes))
    throw fieldError('logo', 'The logo must be a PNG or JPEG image', 'invalid_image');
  const before = await lockProfile(tx, expectedVersion);
  await tx.query(
    sql`UPDATE organisation_profiles SET logo = ${bytes}, logo_type = ${type}, version = version + 1, updated_at = now()`,
  );
  await audit(tx, ctx, {
    entity: 'organisation_profile',
    entityId: ctx.actor.tenantId,
    action: 'update',
    before: { logo: before.logo },
    after: { logo: { contentType: type, bytes: bytes.length } },
  });
  return getProfile(tx);
}

export async function removeLogo(
  tx: Transaction,
  ctx: Context,
  expectedVersion?: number,
): Promise<OrganisationProfile> {
  const before = await lockProfile(tx, expectedVersion);
  if (!before.logo) return before;
  await tx.query(
    `UPDATE organisation_profiles SET logo = NULL, logo_type = NULL, version = version + 1, updated_at = now()`,
  );
  await audit(tx, ctx, {
    entity: 'organisation_profile',
    entityId: ctx.actor.tenantId,
    action: 'update',
    before: { logo: before.logo },
    after: { logo: null },
  });
  return getProfile(tx);
}

export async function readLogo(tx: Transaction): Promise<{ bytes: Buffer; contentType: LogoType } | null> {
  const { rows } = await tx.query<{ logo: Buffer | Uint8Array; logo_type: LogoType }>(
    `SELECT logo, logo_type FROM organisation_profiles WHERE logo IS NOT NULL`,
  );
  const row = rows[0];
  return row ? { bytes: Buffer.from(row.logo), contentType: row.logo_type } : null;
}
