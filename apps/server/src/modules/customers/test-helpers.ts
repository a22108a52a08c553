// Helpers for the customers module's tests (not a test file itself).
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { call } from '../../platform/testing/harness.js';

/** A valid کد ملی made from a 9-digit seed (check digit computed). */
export function nationalIdFrom(seed: number): string {
  const body = String(seed % 1_000_000_000).padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(body[i]) * (10 - i);
  const r = sum % 11;
  return `${body}${r < 2 ? r : 11 - r}`;
}

/** A valid شناسه ملی (11 digits) made from a 10-digit seed. */
export function legalIdFrom(seed: number): string {
  const body = String(seed % 10_000_000_000).padStart(10, '0');
  const c = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17];
  const t = Number(body[9]) + 2;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (Number(body[i]) + t) * (c[i] as number);
  const r = sum % 11;
  return `${body}${r === 10 ? 0 : r}`;
}

let phoneCounter = 0;
/** A fresh, valid Iranian mobile number 0912… (unique within a test run). */
export function mobile(): string {
  phoneCounter += 1;
  return `0912${String((Date.now() + phoneCounter * 7919) % 10_000_000).padStart(7, '0')}`;
}

export async function post(
  app: FastifyInstance,
  cookie: string,
  url: string,
  body: unknown,
  headers?: Record<string, string>,
) {
  return call(app, { method: 'POST', url, cookie, body, ...(headers ? { headers } : {}) });
}

/** Expects a 422 whose field errors name exactly these paths (in any order). */
export function expectFieldErrors(res: LightMyRequestResponse, paths: string[]) {
  expect(res.statusCode, res.body).toBe(422);
  const errors = (res.json() as { errors?: { path: string }[] }).errors ?? [];
  expect(errors.map((e) => e.path).sort()).toEqual([...paths].sort());
}

export async function created<T = Record<string, unknown>>(
  res: LightMyRequestResponse,
): Promise<T & { id: string; version: number }> {
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as T & { id: string; version: number };
}
