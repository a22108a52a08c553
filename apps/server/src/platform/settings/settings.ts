import { z } from 'zod';

export const LocaleSchema = z.enum(['fa', 'en']);
export const CalendarSchema = z.enum(['jalali', 'gregorian']);
export const DigitsSchema = z.enum(['fa', 'latn']);
export const TimeZoneSchema = z.string().refine(isTimeZone, { message: 'Unknown IANA time zone' });

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An organisation's defaults; every member sees these unless they override them. */
export const TenantSettingsSchema = z
  .object({
    locale: LocaleSchema,
    calendar: CalendarSchema,
    timeZone: TimeZoneSchema,
    digits: DigitsSchema,
    currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. IRR'),
    moneyDisplay: z.enum(['rial', 'toman']),
  })
  .meta({ id: 'TenantSettings' });
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const UserSettingsSchema = z
  .object({ locale: LocaleSchema, calendar: CalendarSchema, timeZone: TimeZoneSchema, digits: DigitsSchema })
  .meta({ id: 'UserSettings' });
export type UserSettings = z.infer<typeof UserSettingsSchema>;
export const UserSettingsPatchSchema = UserSettingsSchema.partial().strict();
export const TenantSettingsPatchSchema = TenantSettingsSchema.partial().strict();

/** Persian organisations default to the Jalali calendar, Tehran time, Persian digits and Toman. */
export function defaultTenantSettings(locale: 'fa' | 'en'): TenantSettings {
  return locale === 'fa'
    ? {
        locale,
        calendar: 'jalali',
        timeZone: 'Asia/Tehran',
        digits: 'fa',
        currency: 'IRR',
        moneyDisplay: 'toman',
      }
    : {
        locale,
        calendar: 'gregorian',
        timeZone: 'UTC',
        digits: 'latn',
        currency: 'IRR',
        moneyDisplay: 'rial',
      };
}

/** A member's effective settings: their own choices over the organisation's defaults. */
export function effectiveUserSettings(
  tenant: Partial<TenantSettings>,
  user: Partial<UserSettings>,
): UserSettings {
  const base = defaultTenantSettings(tenant.locale ?? 'fa');
  return {
    locale: user.locale ?? tenant.locale ?? base.locale,
    calendar: user.calendar ?? tenant.calendar ?? base.calendar,
    timeZone: user.timeZone ?? tenant.timeZone ?? base.timeZone,
    digits: user.digits ?? tenant.digits ?? base.digits,
  };
}

export function completeTenantSettings(stored: Partial<TenantSettings>): TenantSettings {
  return { ...defaultTenantSettings(stored.locale ?? 'fa'), ...stored };
}
