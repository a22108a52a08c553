import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Accounts, contacts and leads share one business module: a role's rights on `customers` (and its
 * scope: own / team / all records by owner) decide what it may do with all three. Custom field
 * definitions are administration and use the `settings` module.
 *
 * Registered when this file is imported (modules/index.ts → routes.ts → here), before any
 * organisation is created, because built-in roles store the rights of the modules registered then.
 */
export const CUSTOMERS_MODULE = 'customers';
export const SETTINGS_MODULE = 'settings';

registerPermissionModule({ key: CUSTOMERS_MODULE, kind: 'business' });
