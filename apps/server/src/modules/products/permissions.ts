import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * The catalogue: products, tax classes, categories, customer groups and price lists. Organisation-wide
 * records with no owner, so the role's scope does not apply: every role reads them (agents price their
 * quotes from them), managers, administrators and owners keep them.
 */
export const PRODUCTS_MODULE = 'products';

registerPermissionModule({ key: PRODUCTS_MODULE, kind: 'catalogue' });
