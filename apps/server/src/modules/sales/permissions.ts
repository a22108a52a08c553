import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Pipelines, deals and their reports. A business module: a role's rights on `sales` and its scope
 * (own / team / all deals by owner) decide what it may do with deals. Pipelines, their stages and the
 * lost reasons are the organisation's sales set-up: everyone with `read` sees them, only `admin`
 * (owners, administrators) changes them. Registered at import, before any organisation is made.
 */
export const SALES_MODULE = 'sales';

registerPermissionModule({ key: SALES_MODULE, kind: 'business' });
