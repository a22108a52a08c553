import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Relationship knowledge (phases, trust, commitment, episodes, signals, the customer 360) is one
 * business module. Rights on a customer's relationship are scoped by the customer record's owner
 * (the account's or contact's owner_id); episodes by their own owner. Registered at import.
 */
export const RELATIONSHIPS_MODULE = 'relationships';
/** The customers module's key (accounts, contacts, leads): the 360 profile needs read there too. */
export { CUSTOMERS_MODULE } from '../interactions/customer-refs.js';

registerPermissionModule({ key: RELATIONSHIPS_MODULE, kind: 'business' });
