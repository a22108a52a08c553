import type { FastifyInstance } from 'fastify';
import type { PlatformDeps } from '../platform/routes.js';
import { attachmentsRoutes } from './attachments/routes.js';
import { billingRoutes } from './billing/routes.js';
import { cleaningRoutes } from './cleaning/routes.js';
import { customersRoutes } from './customers/routes.js';
import { importsRoutes } from './imports/routes.js';
import { interactionsRoutes } from './interactions/routes.js';
import { inventoryRoutes } from './inventory/routes.js';
import { organizationRoutes } from './organization/routes.js';
import { productsRoutes } from './products/routes.js';
import { relationshipsRoutes } from './relationships/routes.js';
import { salesRoutes } from './sales/routes.js';
import { searchRoutes } from './search/routes.js';
import { viewsRoutes } from './views/routes.js';

/** Every business module's routes. Modules register permissions and jobs when imported. */
export function moduleRoutes(app: FastifyInstance, deps: PlatformDeps): void {
  organizationRoutes(app, deps);
  interactionsRoutes(app, deps);
  relationshipsRoutes(app, deps);
  customersRoutes(app, deps);
  searchRoutes(app, deps);
  cleaningRoutes(app, deps);
  importsRoutes(app, deps);
  attachmentsRoutes(app, deps);
  viewsRoutes(app, deps);
  productsRoutes(app, deps);
  salesRoutes(app, deps);
  billingRoutes(app, deps);
  inventoryRoutes(app, deps);
}
