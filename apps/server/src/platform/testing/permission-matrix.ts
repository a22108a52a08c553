import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { BuiltinRoleKey } from '../permissions/rights.js';
import { addMember, type Call, call, signupOrg } from './harness.js';

export interface Member {
  cookie: string;
  userId: string;
  email: string;
  role: BuiltinRoleKey;
  tenantId: string;
}

/**
 * Whose record a request touches, seen from the actor: their own, a teammate's (same team),
 * someone's in another team, or a record of another organisation (always invisible).
 */
export type Relation = 'own' | 'teammate' | 'otherTeam' | 'otherTenant';

export interface World {
  app: FastifyInstance;
  members: Record<BuiltinRoleKey, Member>;
  /** An agent in team 1 together with the manager and the agent. */
  teammate: Member;
  /** An agent in team 2. */
  otherTeamMember: Member;
  /** The owner of another organisation. */
  stranger: Member;
  teamIds: [string, string];
}

export const ROLES: BuiltinRoleKey[] = ['owner', 'admin', 'manager', 'agent', 'read_only'];

/** Two organisations with a member of every role and two teams, for permission tests of any module. */
export async function buildWorld(app: FastifyInstance): Promise<World> {
  const a = await signupOrg(app, 'Matrix A');
  const owner: Member = {
    cookie: a.cookie,
    userId: a.userId,
    email: a.email,
    role: 'owner',
    tenantId: a.tenantId,
  };
  const join = async (role: BuiltinRoleKey): Promise<Member> => ({
    ...(await addMember(app, a.cookie, role)),
    role,
    tenantId: a.tenantId,
  });
  const members = {
    owner,
    admin: await join('admin'),
    manager: await join('manager'),
    agent: await join('agent'),
    read_only: await join('read_only'),
  };
  const teammate = await join('agent');
  const otherTeamMember = await join('agent');
  const team = async (name: string, memberIds: string[]) => {
    const res = await call(app, {
      method: 'POST',
      url: '/api/v1/teams',
      cookie: a.cookie,
      body: { name, memberIds },
    });
    if (res.statusCode !== 201) throw new Error(`team ${res.statusCode} ${res.body}`);
    return (res.json() as { id: string }).id;
  };
  const team1 = await team('Team 1', [members.manager.userId, members.agent.userId, teammate.userId]);
  const team2 = await team('Team 2', [otherTeamMember.userId]);
  const b = await signupOrg(app, 'Matrix B');
  const stranger: Member = {
    cookie: b.cookie,
    userId: b.userId,
    email: b.email,
    role: 'owner',
    tenantId: b.tenantId,
  };
  return { app, members, teammate, otherTeamMember, stranger, teamIds: [team1, team2] };
}

/** The member who owns the record for a relation to the actor. */
export function recordOwner(world: World, actor: Member, relation: Relation): Member {
  switch (relation) {
    case 'own':
      return actor;
    case 'teammate':
      return actor.userId === world.teammate.userId ? world.members.agent : world.teammate;
    case 'otherTeam':
      return world.otherTeamMember;
    case 'otherTenant':
      return world.stranger;
  }
}

export interface RouteCase {
  /** e.g. 'PATCH /api/v1/teams/:id' */
  route: string;
  /** Relations to try; collection routes and records without an owner use ['own', 'otherTenant']. */
  relations: Relation[];
  /** Builds the request: creates whatever record it needs, owned by `owner`, and returns the call. */
  request: (actor: Member, owner: Member, world: World) => Promise<Call>;
  allowed: (role: BuiltinRoleKey, relation: Relation) => boolean;
}

/** Allowed for these roles inside the organisation; never for another organisation's records. */
export const rolesMay =
  (...roles: BuiltinRoleKey[]) =>
  (role: BuiltinRoleKey, relation: Relation) =>
    relation !== 'otherTenant' && roles.includes(role);

/** The built-in scopes: owner/admin/read-only see all, manager their team's, agent their own. */
export const byScope =
  (...roles: BuiltinRoleKey[]) =>
  (role: BuiltinRoleKey, relation: Relation) => {
    if (relation === 'otherTenant' || !roles.includes(role)) return false;
    if (role === 'agent') return relation === 'own';
    if (role === 'manager') return relation !== 'otherTeam';
    return true;
  };

/**
 * For each route × role × relation: an allowed call must succeed (2xx), a denied one must be
 * refused with 403 or 404 (404 where the record is outside what the actor may know exists).
 * Collects every mismatch and fails once with the full list.
 */
export async function assertPermissionMatrix(world: World, cases: RouteCase[]): Promise<void> {
  const mismatches: string[] = [];
  for (const c of cases) {
    for (const role of ROLES) {
      for (const relation of c.relations) {
        const actor = world.members[role];
        const owner = recordOwner(world, actor, relation);
        const res = await call(world.app, {
          ...(await c.request(actor, owner, world)),
          cookie: actor.cookie,
        });
        const allowed = c.allowed(role, relation);
        const ok = allowed
          ? res.statusCode >= 200 && res.statusCode < 300
          : res.statusCode === 403 || res.statusCode === 404;
        if (!ok)
          mismatches.push(
            `${c.route} as ${role} on ${relation}: expected ${allowed ? '2xx' : '403/404'}, got ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
      }
    }
  }
  expect(mismatches).toEqual([]);
}
