import type { LightMyRequestResponse } from 'fastify';
import { call, signupOrg, type TestApp } from '../../platform/testing/harness.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** An organisation with an account and a product, and a caller acting as its owner. */
export async function billingOrg(t: TestApp, locale: 'fa' | 'en' = 'fa') {
  const owner = await signupOrg(t.app, 'Billing', locale);
  const as = (method: Method, url: string, body?: unknown, headers?: Record<string, string>) =>
    call(t.app, {
      method,
      url,
      cookie: owner.cookie,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });
  const made = async <T = { id: string; version: number }>(res: LightMyRequestResponse): Promise<T> => {
    if (res.statusCode !== 201) throw new Error(`${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
  const account = await made(await as('POST', '/api/v1/accounts', { name: 'شرکت آوای پارس' }));
  const product = await made<{ id: string; taxClass: { id: string; rate: string } }>(
    await as('POST', '/api/v1/products', {
      sku: `K-${Math.random().toString(36).slice(2, 8)}`,
      nameFa: 'لپ‌تاپ کارا',
      nameEn: 'Kara laptop',
      unit: 'عدد',
      basePrice: '250000000',
    }),
  );
  return { owner, as, made, accountId: account.id, product };
}

export interface Doc {
  id: string;
  type: string;
  status: string;
  number: string | null;
  total: string;
  paid: string;
  balance: string;
  tax: string;
  subtotal: string;
  version: number;
  sourceId: string | null;
  lines: { description: string; unitPrice: string; total: string; taxRate: string }[];
}
