/** The CRM modules the home page points to; each is a placeholder until it is built. */
export const MODULES = ['customers', 'sales', 'service', 'marketing', 'analytics'] as const;
export type ModuleKey = (typeof MODULES)[number];
