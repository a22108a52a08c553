// The product catalogue API as the /products screen uses it; shapes follow apps/server/src/modules/products.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const KINDS = ['good', 'service'] as const;
export type Kind = (typeof KINDS)[number];

export interface Choice {
  code: string;
  nameFa: string;
  nameEn: string;
  skuSuffix: string;
  priceDelta: string;
}
export interface OptionGroup {
  code: string;
  nameFa: string;
  nameEn: string;
  choices: Choice[];
}

export interface Product {
  id: string;
  kind: Kind;
  sku: string;
  nameFa: string;
  nameEn: string;
  description: string;
  unit: string;
  basePrice: string;
  currency: string;
  taxClass: { id: string; name: string; rate: string };
  categoryId: string | null;
  active: boolean;
  stockTracked: boolean;
  options: OptionGroup[];
  version: number;
}

/** What the form sends: amounts stay decimal strings end to end. */
export type ProductInput = Pick<
  Product,
  | 'kind'
  | 'sku'
  | 'nameFa'
  | 'nameEn'
  | 'description'
  | 'unit'
  | 'basePrice'
  | 'active'
  | 'stockTracked'
  | 'options'
> & { taxClassId: string; categoryId: string | null };

export interface TaxClass {
  id: string;
  name: string;
  /** Percent, a decimal string. */
  rate: string;
  isDefault: boolean;
  version: number;
}
export interface Category {
  id: string;
  nameFa: string;
  nameEn: string;
  version: number;
}

/** Accounts (and contacts) that get a group's price lists; members carry their display titles. */
/** A catalogue name in the UI language: the Persian one in Persian, and when there is no English one. */
export function nameIn(record: { nameFa: string; nameEn: string }, language: string): string {
  return language === 'fa' ? record.nameFa : record.nameEn || record.nameFa;
}

export interface CustomerGroup {
  id: string;
  name: string;
  accounts: { id: string; title: string }[];
  contacts: { id: string; title: string }[];
  version: number;
}

export interface PriceListItem {
  productId: string;
  /** One configuration's SKU; null: the product itself. */
  variantSku: string | null;
  minQuantity: string;
  unitPrice: string;
}
export interface PriceListSummary {
  id: string;
  name: string;
  currency: string;
  /** null: a list for every customer. */
  customerGroupId: string | null;
  /** Inclusive 'YYYY-MM-DD' days; null is open-ended. */
  validFrom: string | null;
  validTo: string | null;
  itemCount: number;
  version: number;
}
export type PriceList = Omit<PriceListSummary, 'itemCount'> & { items: PriceListItem[] };

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

export const productKeys = {
  all: ['products'] as const,
  page: (query: string) => ['products', 'page', query] as const,
  one: (id: string) => ['products', 'one', id] as const,
  taxClasses: ['products', 'tax-classes'] as const,
  categories: ['products', 'categories'] as const,
  customerGroups: ['products', 'customer-groups'] as const,
  priceLists: ['products', 'price-lists'] as const,
  priceList: (id: string) => ['products', 'price-lists', id] as const,
};

/** The record types of the catalogue, by the plural of their endpoints (/api/v1/<plural>). */
export type CataloguePlural =
  | 'products'
  | 'tax-classes'
  | 'product-categories'
  | 'customer-groups'
  | 'price-lists';

export function useProductPage(params: {
  q: string;
  sort: string | null;
  cursor: string | null;
  limit: number;
}) {
  const query = new URLSearchParams({ limit: String(params.limit) });
  if (params.q) query.set('q', params.q);
  if (params.sort) query.set('sort', params.sort);
  // The count comes with the first page only (see useKnownTotal).
  if (params.cursor) query.set('cursor', params.cursor);
  else query.set('total', 'true');
  const text = query.toString();
  return useQuery({
    queryKey: productKeys.page(text),
    queryFn: () => api.get<Page<Product>>(`/api/v1/products?${text}`),
    placeholderData: keepPreviousData,
  });
}

export function useProduct(id: string | undefined) {
  return useQuery({
    queryKey: productKeys.one(id ?? ''),
    queryFn: () => api.get<Product>(`/api/v1/products/${id}`),
    enabled: Boolean(id),
  });
}

export function useTaxClasses() {
  return useQuery({
    queryKey: productKeys.taxClasses,
    queryFn: async () => (await api.get<Page<TaxClass>>('/api/v1/tax-classes')).items,
  });
}

export function useCategories() {
  return useQuery({
    queryKey: productKeys.categories,
    queryFn: async () => (await api.get<Page<Category>>('/api/v1/product-categories')).items,
  });
}

export function useCustomerGroups() {
  return useQuery({
    queryKey: productKeys.customerGroups,
    queryFn: async () => (await api.get<Page<CustomerGroup>>('/api/v1/customer-groups')).items,
  });
}

/** Every price list (without items): organisations keep a handful, well under one page. */
export function usePriceLists() {
  return useQuery({
    queryKey: productKeys.priceLists,
    queryFn: async () => (await api.get<Page<PriceListSummary>>('/api/v1/price-lists?limit=200')).items,
  });
}

export function usePriceList(id: string | undefined) {
  return useQuery({
    queryKey: productKeys.priceList(id ?? ''),
    queryFn: () => api.get<PriceList>(`/api/v1/price-lists/${id}`),
    enabled: Boolean(id),
  });
}

type Versioned = { id: string; version: number };

/**
 * Creates a catalogue record, or changes the version of it the user saw (409 when someone saved in
 * between); everything cached under the catalogue is fetched afresh, as prices depend on all of it.
 */
export function useSaveRecord<Input, T>(plural: CataloguePlural, record: Versioned | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) =>
      record
        ? api.patchVersion<T>(`/api/v1/${plural}/${record.id}`, input, record.version)
        : api.post<T>(`/api/v1/${plural}`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: productKeys.all }),
  });
}

export function useDeleteRecord(plural: CataloguePlural, record: Versioned | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.deleteVersion(`/api/v1/${plural}/${record?.id}`, record?.version ?? 0),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: productKeys.all }),
  });
}

/** The products of some ids (e.g. a document's lines), in one request: up to a list page's 200. */
export function useProductsById(ids: string[]) {
  const unique = [...new Set(ids)].sort().slice(0, 200);
  const filter = JSON.stringify({ and: [{ field: 'id', op: 'in', value: unique }] });
  return useQuery({
    queryKey: [...productKeys.all, 'ids', unique],
    queryFn: async () =>
      (
        await api.get<Page<Product>>(
          `/api/v1/products?limit=${unique.length}&filter=${encodeURIComponent(filter)}`,
        )
      ).items,
    enabled: unique.length > 0,
  });
}
