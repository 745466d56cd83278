import { z } from 'zod';
import { MANAGEMENT_API_SCOPES, problemSchema } from '@/lib/validation/management-api';
import type { ApiOperation } from './operation';
import { OPERATIONS } from './operations';
import { PROBLEM_TYPES } from './problem';

// The OpenAPI 3.1 document of the management API, built from the operation catalogue and the
// zod schemas that validate requests: JSON Schema 2020-12 is OpenAPI 3.1's own dialect.

type JsonSchema = Record<string, unknown>;

/** JSON Schema of a zod schema without its $schema line (the document names the dialect once). */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json: JsonSchema = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  delete json.$schema;
  return json;
}

/** Requests are described as clients send them (before defaults and transforms), answers as they arrive. */
export function requestSchemaOf(schema: z.ZodType): JsonSchema {
  return jsonSchemaOf(schema, 'input');
}
function responseSchemaOf(schema: z.ZodType): JsonSchema {
  return jsonSchemaOf(schema, 'output');
}

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

function parametersOf(op: ApiOperation) {
  const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
  const query = op.query ? requestSchemaOf(op.query) : null;
  const properties = (query?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((query?.required ?? []) as string[]);
  const inQuery = Object.entries(properties).map(([name, schema]) => ({
    name,
    in: 'query',
    required: required.has(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
  return [...inPath, ...inQuery];
}

function responsesOf(op: ApiOperation) {
  const { status, schema, paginated } = op.response;
  const body = schema
    ? paginated
      ? { type: 'object', required: ['data', 'next_cursor'], properties: { data: { type: 'array', items: responseSchemaOf(schema) }, next_cursor: { type: ['string', 'null'] } } }
      : responseSchemaOf(schema)
    : null;
  const responses: Record<string, unknown> = { [status]: body ? { description: 'Success', content: { 'application/json': { schema: body } } } : { description: 'Success' } };
  for (const code of [...(op.problems ?? []), 401, 403, 429]) {
    const kind = Object.values(PROBLEM_TYPES).find((p) => p.status === code)!;
    responses[code] = { description: kind.title, content: problemContent };
  }
  return responses;
}

export function openApiDocument(serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of Object.values(OPERATIONS) as ApiOperation[]) {
    const item = (paths[op.path] ??= {});
    item[op.method.toLowerCase()] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: [op.tag],
      security: [{ clientCredentials: [op.scope] }],
      parameters: parametersOf(op),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: requestSchemaOf(op.body) } } } } : {}),
      responses: responsesOf(op),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Gatehouse management API',
      version: '1',
      description:
        'Manage users, sessions, roles, consents, data-subject requests and audit events. Authenticate with a client-credentials access token from the OpenID Provider. Roles that grant staff permissions (which open the admin console) cannot be created, given, taken or deleted through this API: a machine token must not be able to mint staff.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: `${serverUrl}/api/v1` }],
    paths,
    components: {
      schemas: { Problem: responseSchemaOf(problemSchema) },
      securitySchemes: {
        clientCredentials: {
          type: 'oauth2',
          flows: { clientCredentials: { tokenUrl: `${serverUrl}/oidc/token`, scopes: { ...MANAGEMENT_API_SCOPES } } },
        },
      },
    },
  };
}
