import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Saved views of the customer lists. A personal module: every role may read the views it can see
 * (its own, its teams', the organisation's), roles with `create` (all but read-only) save their own and
 * change or delete what they saved; `admin` (owners, administrators) also changes or deletes the
 * views others shared. Registered at import, before any organisation exists: built-in roles store the
 * rights of the modules registered when the organisation is made.
 */
export const VIEWS_MODULE = 'views';

registerPermissionModule({ key: VIEWS_MODULE, kind: 'personal' });
