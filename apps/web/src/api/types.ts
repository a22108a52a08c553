// Shapes of the server's JSON API (/api/v1). Kept by hand in step with apps/server.

export type Locale = 'fa' | 'en';
export type Calendar = 'jalali' | 'gregorian';
export type Digits = 'fa' | 'latn';

export interface UserSettings {
  locale: Locale;
  calendar: Calendar;
  timeZone: string;
  digits: Digits;
}

export interface TenantSettings {
  locale: Locale;
  calendar: Calendar;
  timeZone: string;
  currency: string;
  moneyDisplay: string;
}

export interface User {
  id: string;
  name: string;
  email: string;
  settings?: UserSettings;
}

export interface Tenant {
  id: string;
  name: string;
  settings?: TenantSettings;
}

export interface Me {
  user: User & { settings: UserSettings };
  /** null when the person belongs to no organisation (any more). */
  tenant: (Tenant & { settings: TenantSettings }) | null;
  role: {
    key: string;
    name: string;
    /** Whose records the role reaches. */
    scope: 'own' | 'team' | 'all';
    /** Actions per permission module ('products': ['read', 'create', …]); 'admin' grants them all. */
    rights: Record<string, string[]>;
  } | null;
  tenants: { id: string; name: string; role: string }[];
}

export interface Session {
  user: User;
  tenant: Tenant;
}

export interface SetupStatus {
  signupEnabled: boolean;
  needsSetup: boolean;
}

export interface Invitation {
  email: string;
  organization: string;
  /** The e-mail already has an account: accepting takes that account's password, and no new name. */
  hasAccount?: boolean;
}

export interface ProblemFieldError {
  path: string;
  message: string;
  code: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: ProblemFieldError[];
  /** On a 409 for a stale version: who made the change the user had not seen, and when. */
  lastChange?: { by: { id: string; name: string } | null; at: string; action: string; version: number };
}
