/** GET /api/events: created and regressed groups, live. */
export const eventsPaths = {
  '/api/events': {
    get: {
      summary:
        'Server-sent events: `created` and `regressed`, one per group the ingest worker creates or reopens (from the new-errors stream), each `id: <stream id>` and `data: {"id": <group id>, "event_id": …, "kind": "created"|"regressed"}`; a comment every 20 s; the stream ends after 5 minutes and the client reconnects with Last-Event-ID to receive what it missed (up to 100 entries)',
      parameters: [
        {
          name: 'Last-Event-ID',
          in: 'header',
          required: false,
          schema: { type: 'string', pattern: '^\\d+-\\d+$' },
          description: 'the last `id` received: entries after it are sent first',
        },
      ],
      responses: {
        '200': { description: 'the event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      },
    },
  },
};
