import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { contextOf } from '../../platform/auth/authenticate.js';
import { ProblemSchema } from '../../platform/http/problem.js';
import type { PlatformDeps } from '../../platform/routes.js';
import './customers.js';
import { SearchQuerySchema, SearchResultSchema } from './schemas.js';
import { search } from './service.js';

export { registerSearchSource, type SearchHit, type SearchSource } from './registry.js';

export function searchRoutes(app: FastifyInstance, { db }: PlatformDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/search',
    {
      schema: {
        tags: ['search'],
        summary:
          'Search accounts, contacts, leads (and what later modules register) by name, phone, e-mail or ID; best first',
        description:
          'Persian-normalised (ي/ی, ك/ک, نیم‌فاصله, digits), typo-tolerant (trigram word similarity), exact ' +
          'identifiers first. Only records you may see. `highlight.ranges` are [start, end) UTF-16 offsets into ' +
          '`highlight.text`: wrap each in <mark>.',
        querystring: SearchQuerySchema,
        response: { 200: SearchResultSchema, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      return { items: await search(db, ctx, request.query) };
    },
  );
}
