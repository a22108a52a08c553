// Debian's Chromium driven by playwright-core (no downloaded browsers), screenshots and axe-core checks.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from './server';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(ROOT, 'e2e/screenshots');

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    // Fail loudly: CI installs Debian's chromium package; a silent skip would hide every browser test.
    throw new Error(
      `Chromium is missing at ${CHROMIUM}. Install Debian's package (apt-get install -y chromium) to run the browser tests.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** The language the page shows now, from <html lang>. */
export async function pageLanguage(page: Page): Promise<string> {
  return page.evaluate(() => document.documentElement.lang);
}

/** Lets fonts and MUI transitions settle before a picture is taken. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await document.fonts.ready;
    // Full-page pictures are taken from the top, so a sticky app bar does not cover the content.
    window.scrollTo(0, 0);
  });
  await page.waitForTimeout(350);
}

/**
 * Screenshots the current screen at desktop and phone width as e2e/screenshots/<journey>-<screen>-<lang>-<viewport>.png,
 * and checks that at phone width nothing is wider than the screen. Leaves the page at desktop size.
 */
export async function captureScreen(page: Page, screen: string, journey = 'shell'): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const language = await pageLanguage(page);
  const files: string[] = [];
  for (const name of ['desktop', 'phone'] as const) {
    await page.setViewportSize(VIEWPORTS[name]);
    await settle(page);
    if (name === 'phone') {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0)
        throw new Error(`${screen} (${language}) is ${overflow}px wider than a 390px phone screen`);
    }
    const file = join(SCREENSHOTS, `${journey}-${screen}-${language}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize(VIEWPORTS.desktop);
  await settle(page);
  return files;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; html?: string; failureSummary?: string }[];
}

/** Runs axe-core in the page and throws on any 'serious' or 'critical' violation. */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  await settle(page);
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ content: axeSource });
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: unknown[] }> } }
    ).axe;
    const result = await axe.run(document);
    return result.violations;
  })) as AxeViolation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    const details = bad
      .map(
        (v) =>
          `- [${v.impact}] ${v.id}: ${v.help}\n${v.nodes
            .slice(0, 5)
            .map(
              (n) =>
                `    ${JSON.stringify(n.target)} ${n.html?.slice(0, 200) ?? ''} ${n.failureSummary?.replace(/\n/g, ' ') ?? ''}`,
            )
            .join('\n')}`,
      )
      .join('\n');
    throw new Error(`Accessibility violations on ${label}:\n${details}`);
  }
}
