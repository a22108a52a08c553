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
  rate: string;
  isDefault: boolean;
}
export interface Category {
  id: string;
  nameFa: string;
  nameEn: string;
}

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
};

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

/** Creates a product, or changes the version of it the user saw (409 when someone saved in between). */
export function useSaveProduct(product: Product | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProductInput) =>
      product
        ? api.patchVersion<Product>(`/api/v1/products/${product.id}`, input, product.version)
        : api.post<Product>('/api/v1/products', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: productKeys.all }),
  });
}

export function useDeleteProduct(product: Product | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.deleteVersion(`/api/v1/products/${product?.id}`, product?.version ?? 0),
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
