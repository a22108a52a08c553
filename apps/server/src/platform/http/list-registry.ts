/**
 * The lists of the app that can be filtered, sorted, described and saved as views, by entity name
 * (`contact`, `task`, later `deal`…). A module registers each of its lists when it is imported; saved
 * views check a stored query against the registered catalogue, and `listFieldsRoute` serves
 * `GET /api/v1/<plural>/fields` from it — so a new list needs no change in either.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../auth/authenticate.js';
import type { Database, Transaction } from '../db/database.js';
import { type Actor, assertCan, can } from '../permissions/can.js';
import { inTenant } from '../tenancy/context.js';
import {
  describeListFields,
  type ListFieldInfo,
  ListFieldInfoSchema,
  type ListResource,
} from './list-query.js';
import { ProblemSchema } from './problem.js';

export interface ListRegistration {
  /** Singular, as saved views store it: 'contact', 'task'. */
  entity: string;
  /** The permission module whose read right lets a member read the list (and its fields). */
  module: string;
  /** The catalogue `GET /api/v1/<plural>` checks filter and sort against, custom fields included. */
  resource(tx: Transaction): Promise<ListResource>;
  /** The catalogue as clients see it (defaults to describeListFields of the resource, no custom keys). */
  fields?(tx: Transaction): Promise<ListFieldInfo[]>;
}

const lists = new Map<string, ListRegistration>();

export function registerList(list: ListRegistration): void {
  if (lists.has(list.entity)) throw new Error(`The list ${list.entity} is registered twice`);
  lists.set(list.entity, list);
}

function registered(entity: string): ListRegistration {
  const list = lists.get(entity);
  if (!list) throw new Error(`No list ${entity} is registered`);
  return list;
}

/** A list's entity name in a request body or query: one that is registered (checked when parsed). */
export const listEntitySchema = z
  .string()
  .refine((name) => lists.has(name), {
    message: 'Not a list that can have views',
    params: { code: 'unknown_list' },
  })
  .describe('The list: contact, account, lead, task (and any list a module registers)');

/** May the actor read this list (its module's read right)? Views of a list they cannot read are hidden. */
export function mayReadList(actor: Actor, entity: string): boolean {
  const list = lists.get(entity);
  return list !== undefined && can(actor, 'read', { module: list.module });
}

/** The list's catalogue for the caller's organisation (entity already checked by listEntitySchema). */
export function listResourceOf(tx: Transaction, entity: string): Promise<ListResource> {
  return registered(entity).resource(tx);
}

export async function listFieldsOf(tx: Transaction, entity: string): Promise<ListFieldInfo[]> {
  const list = registered(entity);
  return list.fields ? list.fields(tx) : describeListFields(await list.resource(tx), []);
}

const errors = { 401: ProblemSchema, 403: ProblemSchema };

/**
 * `GET /api/v1/<plural>/fields`: the registered list's fields — type, filter operators, sortability —
 * for members with the read right of its module. `item` is the list's field schema when its fields say
 * more than the platform's (customer lists add custom field labels).
 */
export function listFieldsRoute(
  app: FastifyInstance,
  db: Database,
  spec: { entity: string; plural: string; tags: string[]; item?: z.ZodType<ListFieldInfo> },
) {
  app.withTypeProvider<ZodTypeProvider>().get(
    `/api/v1/${spec.plural}/fields`,
    {
      schema: {
        tags: spec.tags,
        summary: `The fields of the ${spec.plural} list: types, filter operators and sortability`,
        response: { 200: z.object({ items: z.array(spec.item ?? ListFieldInfoSchema) }), ...errors },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      assertCan(ctx.actor, 'read', { module: registered(spec.entity).module });
      return { items: await inTenant(db, ctx.actor.tenantId, (tx) => listFieldsOf(tx, spec.entity)) };
    },
  );
}
