import { z } from 'zod';
import { ListQuerySchema } from '../../platform/http/list-query.js';

export const STOCK_REASONS = [
  'receipt',
  'issue',
  'return',
  'transfer_in',
  'transfer_out',
  'adjustment',
] as const;
export type StockReason = (typeof STOCK_REASONS)[number];
export const STOCK_DOCUMENT_TYPES = [
  'invoice',
  'credit_note',
  'goods_receipt',
  'stock_transfer',
  'stocktake',
] as const;
export type StockDocumentType = (typeof STOCK_DOCUMENT_TYPES)[number];
export const PURCHASE_ORDER_STATUSES = [
  'draft',
  'ordered',
  'partly_received',
  'received',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

/** numeric(20,4): up to 16 whole digits and 4 decimals, as a string (never a float). */
export const QUANTITY = /^\d{1,16}(\.\d{1,4})?$/;
const quantity = z.string().trim().regex(QUANTITY, 'A number ≥ 0 with at most 4 decimals, as a string');
const positiveQuantity = quantity.refine((q) => Number(q) > 0, {
  message: 'Must be more than zero',
  params: { code: 'not_positive' },
});
const money = z
  .string()
  .trim()
  .regex(/^\d{1,20}(\.\d{1,4})?$/, { message: 'An amount ≥ 0 with at most 4 decimals, as a string' });
const name = z.string().trim().min(1, 'Must not be blank').max(200);
const note = z.string().trim().max(1000);
const stamps = { version: z.number().int(), createdAt: z.date(), updatedAt: z.date() };

// ---------------------------------------------------------------------------------------------
// Warehouses

export const WarehouseCreateSchema = z.object({
  name,
  address: z.string().trim().max(1000).default(''),
  isDefault: z
    .boolean()
    .default(false)
    .describe('Make it the default warehouse (the previous one stops being it)'),
});
export const WarehousePatchSchema = z.object({
  name: name.optional(),
  address: z.string().trim().max(1000).optional(),
  isDefault: z
    .literal(true)
    .optional()
    .describe('Make it the default; to move the default, set it on another'),
});
export const WarehouseSchema = z
  .object({ id: z.uuid(), name: z.string(), address: z.string(), isDefault: z.boolean(), ...stamps })
  .meta({ id: 'Warehouse' });
export type Warehouse = z.infer<typeof WarehouseSchema>;

// ---------------------------------------------------------------------------------------------
// Levels, movements, settings

/** The product a level or movement is of, as the lists show it. */
const productNames = {
  sku: z.string(),
  nameFa: z.string(),
  nameEn: z.string(),
  unit: z.string(),
};
export const StockLevelSchema = z
  .object({
    productId: z.uuid(),
    warehouseId: z.uuid(),
    quantity: z.string().describe('The sum of the ledger for this product and warehouse'),
    updatedAt: z.date(),
    ...productNames,
    productQuantity: z.string().describe("The product's stock over every warehouse"),
    threshold: z
      .string()
      .nullable()
      .describe("The product's low-stock threshold (over every warehouse), if it has one"),
  })
  .meta({ id: 'StockLevel' });
export type StockLevelRow = z.infer<typeof StockLevelSchema>;
/** `q` searches the products by SKU or name. */
export const StockLevelQuerySchema = ListQuerySchema.extend({
  productId: z.uuid().optional(),
  warehouseId: z.uuid().optional(),
});

export const StockMovementSchema = z
  .object({
    id: z.uuid(),
    productId: z.uuid(),
    warehouseId: z.uuid(),
    quantity: z.string().describe('Signed: more than zero adds stock, less than zero takes it'),
    reason: z.enum(STOCK_REASONS),
    documentType: z.enum(STOCK_DOCUMENT_TYPES),
    documentId: z.uuid(),
    note: z.string(),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'StockMovement' });
export type StockMovement = z.infer<typeof StockMovementSchema>;
export const StockMovementRowSchema = StockMovementSchema.extend({
  ...productNames,
  purchaseOrderId: z
    .uuid()
    .nullable()
    .describe("A goods receipt's purchase order (null for other documents)"),
}).meta({ id: 'StockMovementRow' });
export type StockMovementRow = z.infer<typeof StockMovementRowSchema>;
export const StockMovementQuerySchema = ListQuerySchema.extend({
  productId: z.uuid().optional(),
  warehouseId: z.uuid().optional(),
  documentType: z.enum(STOCK_DOCUMENT_TYPES).optional(),
  documentId: z.uuid().optional(),
});

export const InventorySettingsSchema = z
  .object({
    allowNegativeStock: z
      .boolean()
      .describe('Let documents take more than is in stock (levels go below zero)'),
    version: z.number().int(),
  })
  .meta({ id: 'InventorySettings' });
export const InventorySettingsPatchSchema = z.object({ allowNegativeStock: z.boolean() });

// ---------------------------------------------------------------------------------------------
// Transfers and stocktakes

const productLine = z.object({ productId: z.uuid(), quantity: positiveQuantity });
export const StockTransferSchema = z.object({
  fromWarehouseId: z.uuid(),
  toWarehouseId: z.uuid(),
  note: note.default(''),
  lines: z.array(productLine).min(1).max(500),
});
export const StocktakeSchema = z.object({
  warehouseId: z.uuid(),
  reason: z
    .string()
    .trim()
    .min(1, 'Say why the count differs')
    .max(1000)
    .describe('Why stock is adjusted (required)'),
  lines: z
    .array(
      z.object({ productId: z.uuid(), countedQuantity: quantity.describe('What was counted on the shelf') }),
    )
    .min(1)
    .max(500),
});
export const StockDocumentResultSchema = z
  .object({ documentId: z.uuid(), movements: z.array(StockMovementSchema) })
  .meta({ id: 'StockDocumentResult' });

// ---------------------------------------------------------------------------------------------
// Low-stock thresholds

export const LowStockThresholdPutSchema = z.object({
  threshold: quantity.describe('Alert when stock over all warehouses is at or below this'),
  buyerId: z
    .uuid()
    .nullable()
    .default(null)
    .describe('Who gets the notification and task (default: who set it)'),
});
export const LowStockThresholdSchema = z
  .object({
    productId: z.uuid(),
    threshold: z.string(),
    buyerId: z.uuid().nullable(),
    alertedAt: z.date().nullable().describe('Set while the stock is low and its alert was raised'),
    ...stamps,
  })
  .meta({ id: 'LowStockThreshold' });
export type LowStockThreshold = z.infer<typeof LowStockThresholdSchema>;

// ---------------------------------------------------------------------------------------------
// Vendors, purchase orders, goods receipts

export const VendorCreateSchema = z.object({
  name,
  phone: z.string().trim().max(50).default(''),
  email: z.union([z.literal(''), z.email()]).default(''),
  note: z.string().trim().max(2000).default(''),
});
export const VendorPatchSchema = z.object({
  name: name.optional(),
  phone: z.string().trim().max(50).optional(),
  email: z.union([z.literal(''), z.email()]).optional(),
  note: z.string().trim().max(2000).optional(),
});
export const VendorSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    phone: z.string(),
    email: z.string(),
    note: z.string(),
    ...stamps,
  })
  .meta({ id: 'Vendor' });
export type Vendor = z.infer<typeof VendorSchema>;

const poLine = z.object({ productId: z.uuid(), quantity: positiveQuantity, unitCost: money });
export const PurchaseOrderCreateSchema = z.object({
  vendorId: z.uuid(),
  warehouseId: z.uuid().optional().describe('Where the goods arrive (default: the default warehouse)'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. IRR')
    .optional(),
  note: z.string().trim().max(2000).default(''),
  lines: z.array(poLine).min(1).max(500),
});
export const PurchaseOrderPatchSchema = z.object({
  vendorId: z.uuid().optional(),
  warehouseId: z.uuid().optional(),
  note: z.string().trim().max(2000).optional(),
  lines: z.array(poLine).min(1).max(500).optional().describe('Replaces every line (draft orders only)'),
  status: z
    .enum(['ordered', 'cancelled'])
    .optional()
    .describe('draft → ordered; draft or ordered → cancelled. Receiving moves it on'),
});
export const PurchaseOrderSchema = z
  .object({
    id: z.uuid(),
    vendorId: z.uuid(),
    warehouseId: z.uuid(),
    status: z.enum(PURCHASE_ORDER_STATUSES),
    currency: z.string(),
    note: z.string(),
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        productId: z.uuid(),
        quantity: z.string(),
        unitCost: z.string(),
        receivedQuantity: z.string(),
      }),
    ),
    createdBy: z.uuid(),
    ...stamps,
  })
  .meta({ id: 'PurchaseOrder' });
export type PurchaseOrder = z.infer<typeof PurchaseOrderSchema>;
export const PurchaseOrderQuerySchema = ListQuerySchema.extend({
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  vendorId: z.uuid().optional(),
});

export const GoodsReceiptCreateSchema = z.object({
  warehouseId: z.uuid().optional().describe("Where they arrived (default: the order's warehouse)"),
  note: note.default(''),
  lines: z
    .array(z.object({ lineNo: z.number().int().min(0).max(10_000), quantity: positiveQuantity }))
    .min(1)
    .max(500)
    .describe('What arrived of each order line; at most what is still outstanding'),
});
export const GoodsReceiptSchema = z
  .object({
    id: z.uuid(),
    purchaseOrderId: z.uuid(),
    warehouseId: z.uuid(),
    note: z.string(),
    lines: z.array(z.object({ lineNo: z.number().int(), quantity: z.string() })),
    order: PurchaseOrderSchema,
    createdAt: z.date(),
  })
  .meta({ id: 'GoodsReceipt' });
