// Starts the real Peyvand server (embedded PGlite in a fresh temp dir) for browser tests, after building the
// web app when its build is missing or older than its sources. PEYVAND_E2E_URL points the tests at a server
// that is already running instead.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const WEB = join(ROOT, 'apps/web');
const DIST_INDEX = join(WEB, 'dist/index.html');

export interface TestServer {
  url: string;
  logs: () => string;
  stop: () => Promise<void>;
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds apps/web unless dist/index.html exists and is newer than everything it is built from. */
export function ensureWebBuild(): void {
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) => join(WEB, p));
  const built = existsSync(DIST_INDEX) ? statSync(DIST_INDEX).mtimeMs : 0;
  if (built > 0 && sources.every((source) => newestMtime(source) <= built)) return;
  // NODE_ENV=test (set by Vitest) would make Vite bundle React's development build.
  const result = spawnSync('npm', ['run', 'build', '-w', '@peyvand/web'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0 || !existsSync(DIST_INDEX)) {
    throw new Error(`Building the web app failed (npm run build -w @peyvand/web exited ${result.status})`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, logs: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${logs()}`,
      );
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The server did not answer GET /api/health with 200 within ${timeoutMs} ms:\n${logs()}`);
}

export async function startServer(): Promise<TestServer> {
  ensureWebBuild();
  const external = process.env.PEYVAND_E2E_URL;
  if (external) return { url: external.replace(/\/$/, ''), logs: () => '', stop: async () => {} };

  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'peyvand-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn('npx', ['tsx', 'apps/server/src/cli.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so npx, tsx and node all stop together
  });
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logs = () => output;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, logs, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, logs, stop };
}
