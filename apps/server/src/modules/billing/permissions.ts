import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Quotes, sales orders, invoices, credit notes and payments. A business module: a role's rights on
 * `billing` and its scope (own / team / all documents by owner) decide what it may do. Payments belong
 * to their invoice: who may change the invoice records its payments. Registered at import, before any
 * organisation is made.
 */
export const BILLING_MODULE = 'billing';

registerPermissionModule({ key: BILLING_MODULE, kind: 'business' });
