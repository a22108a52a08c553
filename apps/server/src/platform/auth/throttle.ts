import type { Database } from '../db/database.js';
import { Problem } from '../http/problem.js';

// Per account: 5 failures in 15 minutes lock it for the rest of the window; per IP: 30.
const WINDOW_SECONDS = 15 * 60;
const LIMITS = { email: 5, ip: 30 } as const;

const keys = (email: string, ip: string) => [`email:${email.toLowerCase()}`, `ip:${ip}`] as const;

/** Refuses a login attempt while its account or address is locked (429 with Retry-After). */
export async function assertLoginAllowed(db: Database, email: string, ip: string): Promise<void> {
  const { rows } = await db.query<{ wait: number }>(
    `SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS wait FROM login_throttle
     WHERE key = ANY($1) AND locked_until > now()`,
    [[...keys(email, ip)]],
  );
  const wait = rows[0]?.wait;
  if (wait && wait > 0) {
    throw new Problem(
      429,
      'Too Many Requests',
      'Too many failed sign-in attempts; try again later',
      undefined,
      {
        'retry-after': String(wait),
      },
    );
  }
}

export async function recordLoginFailure(db: Database, email: string, ip: string): Promise<void> {
  const [emailKey, ipKey] = keys(email, ip);
  for (const [key, limit] of [
    [emailKey, LIMITS.email],
    [ipKey, LIMITS.ip],
  ] as const) {
    await db.query(
      `INSERT INTO login_throttle AS t (key, failures, window_started_at) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at < now() - make_interval(secs => $2) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at < now() - make_interval(secs => $2) THEN now() ELSE t.window_started_at END,
         locked_until = CASE
           WHEN t.window_started_at >= now() - make_interval(secs => $2) AND t.failures + 1 >= $3
           THEN t.window_started_at + make_interval(secs => $2) ELSE t.locked_until END`,
      [key, WINDOW_SECONDS, limit],
    );
  }
}

export async function clearLoginFailures(db: Database, email: string): Promise<void> {
  await db.query(`DELETE FROM login_throttle WHERE key = $1`, [`email:${email.toLowerCase()}`]);
}
