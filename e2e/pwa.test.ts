// The app as an installable PWA: manifest and icons, a service worker that keeps the app shell so it
// opens offline, and caching headers that let a new version reach users at once.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, VIEWPORTS } from './support/browser';
import { startServer, type TestServer } from './support/server';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

describe('installable app (PWA)', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: VIEWPORTS.phone, locale: 'fa-IR' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('has a manifest with icons an install needs, and caching headers per kind of file', async () => {
    await page.goto(`${server.url}/login`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await context.request.get(`${server.url}${href}`);
    expect(manifest.status()).toBe(200);
    const body = (await manifest.json()) as {
      display: string;
      start_url: string;
      icons: { sizes: string; src: string }[];
    };
    expect(body.display).toBe('standalone');
    expect(body.start_url).toBe('/');
    for (const size of ['192x192', '512x512']) {
      const icon = body.icons.find((i) => i.sizes === size);
      expect(icon, size).toBeDefined();
      expect((await context.request.get(`${server.url}${icon?.src}`)).status()).toBe(200);
    }
    const index = await context.request.get(`${server.url}/`);
    expect(index.headers()['cache-control']).toBe('no-cache');
    const route = await context.request.get(`${server.url}/customers`);
    expect(route.headers()['cache-control']).toBe('no-cache');
    const script = await page.locator('script[type="module"]').first().getAttribute('src');
    expect(script).toMatch(/^\/assets\//);
    const asset = await context.request.get(`${server.url}${script}`);
    expect(asset.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('opens offline once it has been loaded: the service worker serves the app shell', async () => {
    await page.goto(`${server.url}/login`);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    // The first load happened before the worker controlled the page; a reload goes through it.
    await page.reload();
    await page.getByRole('heading', { name: 'ورود' }).waitFor();
    expect(await page.evaluate(() => Boolean(navigator.serviceWorker.controller))).toBe(true);
    await context.setOffline(true);
    try {
      await page.reload();
      // The shell starts from the worker's copy and says why it waits, in the user's language.
      await page.getByText('به شبکه وصل نیستید. با برگشتن اتصال، پیوند ادامه می‌دهد.').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    } finally {
      await context.setOffline(false);
    }
    // Back online, the waiting queries go on by themselves.
    await page.getByRole('heading', { name: 'ورود' }).waitFor();
  });
});
