/**
 * The customer lists in the platform's list registry (platform/http/list-registry.ts): saved views check
 * their stored queries against these catalogues, custom fields included — the same ones
 * GET /api/v1/<plural> checks its filter and sort against.
 */
import { registerList } from '../../platform/http/list-registry.js';
import { accountListFields, accountListResource } from './accounts.js';
import { contactListFields, contactListResource } from './contacts.js';
import { leadListFields, leadListResource } from './leads.js';
import { CUSTOMERS_MODULE } from './permissions.js';

registerList({
  entity: 'contact',
  module: CUSTOMERS_MODULE,
  resource: contactListResource,
  fields: contactListFields,
});
registerList({
  entity: 'account',
  module: CUSTOMERS_MODULE,
  resource: accountListResource,
  fields: accountListFields,
});
registerList({
  entity: 'lead',
  module: CUSTOMERS_MODULE,
  resource: leadListResource,
  fields: leadListFields,
});
