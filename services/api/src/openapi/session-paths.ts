/** GET /api/session: who the presented key acts as. */

const json = (schema: object) => ({ 'application/json': { schema } });

export const sessionPaths = {
  '/api/session': {
    get: {
      summary: 'The presented key: who it acts as and its permissions (the lesser of the key and its member role)',
      responses: {
        '200': {
          description: 'the caller',
          content: json({
            type: 'object',
            required: ['kind', 'key_id', 'member_id', 'role', 'label', 'permissions'],
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
            },
            additionalProperties: false,
          }),
        },
      },
    },
  },
};
