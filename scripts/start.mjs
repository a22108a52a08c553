// `npm start`: builds the web app once when its build is missing, then runs `peyvand start`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync('apps/web/dist/index.html')) {
  console.log('Building the web app (first start only)…');
  const build = spawnSync('npm', ['run', 'build', '-w', '@peyvand/web'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
await import('../apps/server/bin/peyvand.mjs').catch((err) => {
  console.error(err);
  process.exit(1);
});
