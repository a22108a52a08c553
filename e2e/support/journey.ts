// What every browser journey starts with: a real server, Chromium with a desktop page in Persian, and an
// organisation signed up through the API (its owner's session in the page's cookies).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchBrowser, VIEWPORTS } from './browser';
import { startServer, type TestServer } from './server';

export const PASSWORD = 'گذرواژه-امن-1405';

export type Api = (
  method: 'get' | 'post' | 'patch',
  path: string,
  data?: unknown,
  headers?: Record<string, string>,
) => Promise<{ status: number; body: Record<string, unknown> }>;

export interface Journey {
  server: TestServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Calls the API in the page's session (same cookies, same origin). */
  api: Api;
  close: () => Promise<void>;
}

export async function openJourney(owner: {
  organization: string;
  name: string;
  email: string;
}): Promise<Journey> {
  const server = await startServer();
  const browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: VIEWPORTS.desktop,
    colorScheme: 'light',
    locale: 'fa-IR',
  });
  const page = await context.newPage();
  const api: Api = async (method, path, data, headers = {}) => {
    const res = await context.request[method](`${server.url}${path}`, {
      data,
      headers: { origin: server.url, ...headers },
    });
    return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
  const signup = await api('post', '/api/v1/auth/signup', { ...owner, password: PASSWORD, locale: 'fa' });
  expect(signup.status, JSON.stringify(signup.body)).toBe(201);
  return {
    server,
    browser,
    context,
    page,
    api,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
