/** The CRM modules the home page points to. */
export const MODULES = ['customers', 'sales', 'service', 'marketing', 'analytics'] as const;
export type ModuleKey = (typeof MODULES)[number];
/** The modules users can open; the others lead to a page that says they are not built yet. */
export const BUILT_MODULES: readonly ModuleKey[] = ['customers', 'sales'];
