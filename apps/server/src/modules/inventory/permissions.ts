import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Inventory: warehouses, stock levels and movements, transfers, stocktakes, low-stock thresholds,
 * vendors, purchase orders and goods receipts. Organisation-wide records without an owner (like the
 * catalogue), so the role's scope plays no part: every role reads them, managers, administrators and
 * owners keep them; `admin` (owners, administrators) changes the inventory settings. Documents of other
 * modules (invoices) move stock through `moveStock` under their own rights.
 */
export const INVENTORY_MODULE = 'inventory';

registerPermissionModule({ key: INVENTORY_MODULE, kind: 'catalogue' });
