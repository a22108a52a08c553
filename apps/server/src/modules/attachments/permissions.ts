import { registerPermissionModule } from '../../platform/permissions/rights.js';

/**
 * Attachments (پیوست‌ها): files on contacts, accounts and leads; scope by the attachment's owner (who
 * uploaded it unless reassigned), like notes. Registered at import, before any organisation exists:
 * built-in roles store the rights of the modules registered when the organisation is made.
 */
export const ATTACHMENTS_MODULE = 'attachments';

registerPermissionModule({ key: ATTACHMENTS_MODULE, kind: 'business' });
