import { signInRoute } from '../routes/session.schema';
import { requestSchema } from './from-zod';

/** /api/session: who the caller acts as; signing in to (and out of) a dashboard session cookie. */

const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const session = {
  type: 'object',
  required: ['kind', 'key_id', 'member_id', 'role', 'label', 'permissions', 'csrf_token'],
  properties: {
    kind: { enum: ['bootstrap', 'key'], description: 'bootstrap: the API_KEY of the environment' },
    key_id: { type: ['integer', 'null'] },
    member_id: { type: ['integer', 'null'] },
    role: { enum: ['owner', 'admin', 'developer', 'viewer', null] },
    label: {
      type: 'string',
      description: "as the audit log names the caller: the member's email, `key 7 (deploy)` or `bootstrap key`",
    },
    permissions: { type: 'array', items: { enum: ['ingest', 'read', 'write', 'admin'] } },
    csrf_token: {
      type: ['string', 'null'],
      description:
        'with the session cookie: the value every POST, PUT, PATCH and DELETE must send as X-CSRF-Token; null with a key',
    },
  },
  additionalProperties: false,
};

export const sessionPaths = {
  '/api/session': {
    get: {
      summary:
        'The caller (a key, or the session cookie): who it acts as and its permissions (the lesser of the key and its member role)',
      responses: { '200': { description: 'the caller', content: json(session) } },
    },
    post: {
      security: [],
      summary:
        'Sign in: exchanges a key (in the body, or X-API-Key / Authorization) for a session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS; ends after 12 h unused, or when the key stops working)',
      requestBody: { required: false, content: json(requestSchema(signInRoute.body.unwrap())) },
      responses: {
        '201': { description: 'signed in; Set-Cookie carries the session', content: json(session) },
        '400': problem('invalid body'),
        '401': problem('missing, unknown, expired or revoked key'),
        '403': problem('the key lacks the read permission'),
        '429': problem('over the per-address rate limit (Retry-After)'),
      },
    },
    delete: {
      security: [],
      summary: 'Sign out: ends the session of the cookie (X-CSRF-Token required with it) and clears the cookie',
      responses: {
        '204': { description: 'signed out (also when there was no session)' },
        '403': problem('the cookie came without its X-CSRF-Token'),
        '429': problem('over the per-address rate limit (Retry-After)'),
      },
    },
  },
};
