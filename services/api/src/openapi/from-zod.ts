import { z } from 'zod';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, object>; required?: string[] };

/** What a client may send, as JSON Schema: generated from the schema `validate` parses with. */
export function requestSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

/** One OpenAPI parameter per property of an object schema. */
export function parametersOf(schema: z.ZodType, where: 'query' | 'path') {
  const { properties = {}, required = [] } = requestSchema(schema);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.includes(name),
    schema: property,
  }));
}
