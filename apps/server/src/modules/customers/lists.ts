/**
 * The list catalogue of each customer record type, for modules that store list queries to run later
 * (saved views): the same catalogue GET /api/v1/<plural> checks its filter and sort against.
 */
import type { Transaction } from '../../platform/db/database.js';
import type { ListResource } from '../../platform/http/list-query.js';
import { accountListResource } from './accounts.js';
import { contactListResource } from './contacts.js';
import { leadListResource } from './leads.js';
import type { Entity } from './schemas.js';

const RESOURCES: Record<Entity, (tx: Transaction) => Promise<ListResource>> = {
  contact: contactListResource,
  account: accountListResource,
  lead: leadListResource,
};

/** The entity's list catalogue with the organisation's custom fields (the caller's tenant). */
export function listResourceOf(tx: Transaction, entity: Entity): Promise<ListResource> {
  return RESOURCES[entity](tx);
}
