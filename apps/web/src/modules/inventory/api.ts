// The inventory API as the /inventory screens use it; shapes follow apps/server/src/modules/inventory/schemas.ts.
// Quantities and costs are exact decimal strings end to end.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../api/client';

export const STOCK_REASONS = [
  'receipt',
  'issue',
  'return',
  'transfer_in',
  'transfer_out',
  'adjustment',
] as const;
export type StockReason = (typeof STOCK_REASONS)[number];
export type StockDocumentType = 'invoice' | 'credit_note' | 'goods_receipt' | 'stock_transfer' | 'stocktake';
export const PURCHASE_ORDER_STATUSES = [
  'draft',
  'ordered',
  'partly_received',
  'received',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

/** The product a level or movement is of, as the server lists it beside the row. */
export interface ProductNames {
  productId: string;
  sku: string;
  nameFa: string;
  nameEn: string;
  unit: string;
}

export interface Warehouse {
  id: string;
  name: string;
  address: string;
  isDefault: boolean;
  version: number;
}

export interface StockLevel extends ProductNames {
  warehouseId: string;
  quantity: string;
  /** The product's stock over every warehouse: what its low-stock threshold is judged on. */
  productQuantity: string;
  threshold: string | null;
  updatedAt: string;
}

export interface StockMovement extends ProductNames {
  id: string;
  warehouseId: string;
  quantity: string;
  reason: StockReason;
  documentType: StockDocumentType;
  documentId: string;
  note: string;
  createdBy: string | null;
  createdAt: string;
  /** A goods receipt's purchase order, where its link leads. */
  purchaseOrderId: string | null;
}

export interface Threshold {
  productId: string;
  threshold: string;
  buyerId: string | null;
  version: number;
}

export interface Vendor {
  id: string;
  name: string;
  phone: string;
  email: string;
  note: string;
  version: number;
}
export type VendorInput = Pick<Vendor, 'name' | 'phone' | 'email' | 'note'>;

export interface PurchaseOrderLine {
  lineNo: number;
  productId: string;
  quantity: string;
  unitCost: string;
  receivedQuantity: string;
}
export interface PurchaseOrder {
  id: string;
  vendorId: string;
  warehouseId: string;
  status: PurchaseOrderStatus;
  currency: string;
  note: string;
  lines: PurchaseOrderLine[];
  createdAt: string;
  version: number;
}
export interface PurchaseOrderInput {
  vendorId: string;
  warehouseId: string;
  note: string;
  lines: { productId: string; quantity: string; unitCost: string }[];
}

export interface InventorySettings {
  allowNegativeStock: boolean;
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export const inventoryKeys = {
  all: ['inventory'] as const,
  warehouses: ['inventory', 'warehouses'] as const,
  vendors: ['inventory', 'vendors'] as const,
  page: (path: string, query: string) => ['inventory', 'page', path, query] as const,
  threshold: (productId: string) => ['inventory', 'threshold', productId] as const,
  order: (id: string) => ['inventory', 'order', id] as const,
  settings: ['inventory', 'settings'] as const,
};

/** Paging, sort and the first page's count as every server-paged list asks for them. */
function listQuery(params: { sort: string | null; cursor: string | null; limit: number }) {
  const query = new URLSearchParams({ limit: String(params.limit) });
  if (params.sort) query.set('sort', params.sort);
  // The count comes with the first page only (see useKnownTotal).
  if (params.cursor) query.set('cursor', params.cursor);
  else query.set('total', 'true');
  return query;
}

function usePage<T>(path: string, query: URLSearchParams) {
  const text = query.toString();
  return useQuery({
    queryKey: inventoryKeys.page(path, text),
    queryFn: () => api.get<Page<T>>(`/api/v1/${path}?${text}`),
    placeholderData: keepPreviousData,
  });
}

/** Stock levels per product and warehouse; `q` searches the products by SKU or name. */
export function useStockPage(params: {
  q: string;
  warehouseId: string;
  sort: string | null;
  cursor: string | null;
  limit: number;
}) {
  const query = listQuery(params);
  if (params.q) query.set('q', params.q);
  if (params.warehouseId) query.set('warehouseId', params.warehouseId);
  return usePage<StockLevel>('stock', query);
}

/** The ledger, newest first unless sorted otherwise; the reason is a list filter. */
export function useMovementPage(params: {
  productId: string;
  warehouseId: string;
  reason: StockReason | '';
  sort: string | null;
  cursor: string | null;
  limit: number;
}) {
  const query = listQuery(params);
  if (params.productId) query.set('productId', params.productId);
  if (params.warehouseId) query.set('warehouseId', params.warehouseId);
  if (params.reason)
    query.set('filter', JSON.stringify({ and: [{ field: 'reason', op: 'eq', value: params.reason }] }));
  return usePage<StockMovement>('stock/movements', query);
}

export function usePurchaseOrderPage(params: {
  status: PurchaseOrderStatus | '';
  sort: string | null;
  cursor: string | null;
  limit: number;
}) {
  const query = listQuery(params);
  if (params.status) query.set('status', params.status);
  return usePage<PurchaseOrder>('purchase-orders', query);
}

export function useWarehouses() {
  return useQuery({
    queryKey: inventoryKeys.warehouses,
    queryFn: async () => (await api.get<Page<Warehouse>>('/api/v1/warehouses')).items,
  });
}

export function useInventorySettings() {
  return useQuery({
    queryKey: inventoryKeys.settings,
    queryFn: () => api.get<InventorySettings>('/api/v1/inventory-settings'),
  });
}

export function useVendors() {
  return useQuery({
    queryKey: inventoryKeys.vendors,
    queryFn: async () => (await api.get<Page<Vendor>>('/api/v1/vendors')).items,
  });
}

export function usePurchaseOrder(id: string | undefined) {
  return useQuery({
    queryKey: inventoryKeys.order(id ?? ''),
    queryFn: () => api.get<PurchaseOrder>(`/api/v1/purchase-orders/${id}`),
    enabled: Boolean(id),
  });
}

/** A product's threshold, or null when it has none (the server's 404). */
export function useThreshold(productId: string) {
  return useQuery({
    queryKey: inventoryKeys.threshold(productId),
    queryFn: async () => {
      try {
        return await api.get<Threshold>(`/api/v1/low-stock-thresholds/${productId}`);
      } catch (error) {
        if (isApiError(error, 404)) return null;
        throw error;
      }
    },
  });
}

/** Every inventory write changes levels, the ledger or the lists: all of them are read again. */
function useInventoryMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: inventoryKeys.all }),
  });
}

export const useTransfer = () =>
  useInventoryMutation(
    (input: {
      fromWarehouseId: string;
      toWarehouseId: string;
      note: string;
      lines: { productId: string; quantity: string }[];
    }) => api.post('/api/v1/stock/transfers', input),
  );

export const useStocktake = () =>
  useInventoryMutation(
    (input: {
      warehouseId: string;
      reason: string;
      lines: { productId: string; countedQuantity: string }[];
    }) => api.post('/api/v1/stock/adjustments', input),
  );

/** Sets a product's threshold over the version the user saw (none when it had no threshold yet). */
export const useSaveThreshold = (productId: string, current: Threshold | null) =>
  useInventoryMutation((input: { threshold: string; buyerId: string | null }) =>
    api.put<Threshold>(`/api/v1/low-stock-thresholds/${productId}`, input, current?.version),
  );

export const useSaveWarehouse = (warehouse: Warehouse | undefined) =>
  useInventoryMutation((input: Partial<Pick<Warehouse, 'name' | 'address'>> & { isDefault?: true }) =>
    warehouse
      ? api.patchVersion<Warehouse>(`/api/v1/warehouses/${warehouse.id}`, input, warehouse.version)
      : api.post<Warehouse>('/api/v1/warehouses', input),
  );

export const useSaveVendor = (vendor: Vendor | undefined) =>
  useInventoryMutation((input: VendorInput) =>
    vendor
      ? api.patchVersion<Vendor>(`/api/v1/vendors/${vendor.id}`, input, vendor.version)
      : api.post<Vendor>('/api/v1/vendors', input),
  );

export const useCreatePurchaseOrder = () =>
  useInventoryMutation((input: PurchaseOrderInput) =>
    api.post<PurchaseOrder>('/api/v1/purchase-orders', input),
  );

/** Orders or cancels the version of the order the user sees (409 when someone acted in between). */
export const useOrderStatus = (order: PurchaseOrder | undefined) =>
  useInventoryMutation((status: 'ordered' | 'cancelled') =>
    api.patchVersion<PurchaseOrder>(`/api/v1/purchase-orders/${order?.id}`, { status }, order?.version ?? 0),
  );

export const useReceiveGoods = (orderId: string) =>
  useInventoryMutation(
    (input: { warehouseId: string; note: string; lines: { lineNo: number; quantity: string }[] }) =>
      api.post(`/api/v1/purchase-orders/${orderId}/receipts`, input),
  );

/** Allows or refuses negative stock, over the settings' version the user saw (owners and administrators). */
export const useSaveInventorySettings = (settings: InventorySettings | undefined) =>
  useInventoryMutation((allowNegativeStock: boolean) =>
    api.patchVersion<InventorySettings>(
      '/api/v1/inventory-settings',
      { allowNegativeStock },
      settings?.version ?? 0,
    ),
  );
