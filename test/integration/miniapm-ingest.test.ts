import { createHash } from 'node:crypto';
import { createLogger } from '@error-tracker/runtime/logger';
import { startIngestWorker } from '@error-tracker/ingest-worker';
import { startApi } from '../../services/api/src';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

// Request bodies exactly as MiniAPM's documentation prints them (its curl example, payload, source
// context and batch examples), so that its clients work unchanged.

const CURL_EXAMPLE = `{
"exception_class": "ActiveRecord::RecordNotFound",
"message": "Could not find User with id=999",
"backtrace": [
"app/controllers/users_controller.rb:10:in \`show\`",
"lib/middleware/auth.rb:25:in \`call\`"
],
"fingerprint": "users_controller_record_not_found",
"params": { "id": "999" }
}`;

const PAYLOAD_EXAMPLE = `{
"exception_class": "RuntimeError",
"message": "Something went wrong",
"backtrace": [
"app/models/user.rb:42:in \`save\`",
"app/controllers/users_controller.rb:15:in \`create\`"
],
"fingerprint": "user_save_runtime_error",
"request_id": "abc-123-def",
"user_id": "123",
"params": { "id": "999" },
"timestamp": "2024-01-01T12:00:00Z"
}`;

const SOURCE_CONTEXT_EXAMPLE = `{
"exception_class": "RuntimeError",
"message": "Invalid state",
"backtrace": ["app/models/user.rb:42:in \`save\`"],
"fingerprint": "user_save_invalid",
"source_context": {
"file": "app/models/user.rb",
"lineno": 42,
"pre_context": [" def save", " validate!"],
"context_line": " raise 'Invalid' unless valid?",
"post_context": [" end", ""]
}
}`;

const BATCH_EXAMPLE = `{
"errors": [
{
"exception_class": "RuntimeError",
"message": "Error 1",
"backtrace": ["..."],
"fingerprint": "fp1"
},
{
"exception_class": "NoMethodError",
"message": "Error 2",
"backtrace": ["..."],
"fingerprint": "fp2"
}
]
}`;

const MASK = '**************';
const logger = createLogger('silent', 'test');
const sandbox = useSandbox();
let base: string;

beforeAll(async () => {
  const config = sandbox.config({ MAX_BODY_BYTES: '4096', RATE_LIMIT_PER_MINUTE: '0' });
  const api = sandbox.stopAfter(await startApi(config, logger));
  sandbox.stopAfter(await startIngestWorker(config, logger));
  base = `http://127.0.0.1:${api.port}`;
});

/** The headers MiniAPM's clients send. */
const bearer = (key: string = TEST_API_KEY): Record<string, string> => ({
  Authorization: `Bearer ${key}`,
  'Content-Type': 'application/json',
});

function post(path: string, body: string, headers: Record<string, string> = bearer()) {
  return fetch(`${base}${path}`, { method: 'POST', headers, body });
}

async function read<T>(path: string): Promise<T> {
  const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${TEST_API_KEY}` } });
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

interface Occurrence {
  readonly event_id: string;
  readonly timestamp: string;
  readonly environment: string;
  readonly message: string;
  readonly user_id: string | null;
  readonly extra: Record<string, unknown> | null;
  readonly source_context: unknown;
}

interface GroupDetail {
  readonly error: {
    readonly fingerprint: string;
    readonly exception_type: string;
    readonly message: string;
    readonly environment: string;
    readonly count: number;
    readonly first_seen: string;
    readonly traceback: string | null;
    readonly culprit: string | null;
    readonly frames: ReadonlyArray<{ file: string; line: number | null; function: string | null }>;
  };
  readonly occurrences: readonly Occurrence[];
}

/** A client fingerprint groups as MD5 of `{project}:{fingerprint}`; the project defaults to `default`. */
const groupFingerprint = (key: string) => createHash('md5').update(`default:${key}`).digest('hex');

/** The group a client fingerprint names, read over the API once the worker has written `count` events to it. */
async function groupOf(key: string, count = 1): Promise<GroupDetail> {
  const fingerprint = groupFingerprint(key);
  const id = await waitFor(`the group ${key}`, async () => {
    const list = await read<{ errors: Array<{ id: number; fingerprint: string }> }>('/api/errors?limit=200');
    return list.errors.find((group) => group.fingerprint === fingerprint)?.id;
  });
  return waitFor(`${count} events in ${key}`, async () => {
    const detail = await read<GroupDetail>(`/api/errors/${id}`);
    return detail.error.count >= count ? detail : undefined;
  });
}

const fieldsOf = async (response: Response) =>
  ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();

describe('POST /ingest/errors, as MiniAPM clients send it', () => {
  it('takes the curl example as is: 202 with no body, and the group shows its class, backtrace and params', async () => {
    const response = await post('/ingest/errors', CURL_EXAMPLE);
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('');

    const { error, occurrences } = await groupOf('users_controller_record_not_found');
    expect(error).toMatchObject({
      fingerprint: groupFingerprint('users_controller_record_not_found'),
      exception_type: 'ActiveRecord::RecordNotFound',
      message: 'Could not find User with id=999',
      environment: 'production',
      traceback: 'app/controllers/users_controller.rb:10:in `show`\nlib/middleware/auth.rb:25:in `call`',
      culprit: 'show (app/controllers/users_controller.rb:10)',
    });
    expect(error.frames.map((f) => [f.file, f.line, f.function])).toEqual([
      ['app/controllers/users_controller.rb', 10, 'show'],
      ['lib/middleware/auth.rb', 25, 'call'],
    ]);
    expect(occurrences).toHaveLength(1);
    expect(occurrences[0]?.extra).toEqual({ params: { id: '999' } });
  });

  it('keeps request_id, user_id, timestamp and params with the occurrence, masked, and groups by fingerprint', async () => {
    expect((await post('/ingest/errors', PAYLOAD_EXAMPLE)).status).toBe(202);
    const later = JSON.stringify({
      exception_class: 'RuntimeError',
      message: 'Something else went wrong',
      backtrace: ['app/models/account.rb:7:in `save`'],
      fingerprint: 'user_save_runtime_error',
      request_id: 'xyz-789',
      params: { id: '1000', password: 'hunter2', user: { api_token: 't0k3n' } },
    });
    expect((await post('/ingest/errors', later)).status).toBe(202);

    const detail = await groupOf('user_save_runtime_error', 2);
    expect(detail.error).toMatchObject({ exception_type: 'RuntimeError', count: 2, first_seen: '2024-01-01T12:00:00.000Z' });
    const byMessage = new Map(detail.occurrences.map((o) => [o.message, o]));
    expect(byMessage.get('Something went wrong')).toMatchObject({
      timestamp: '2024-01-01T12:00:00.000Z',
      user_id: '123',
      extra: { params: { id: '999' }, request_id: 'abc-123-def' },
    });
    expect(byMessage.get('Something else went wrong')?.extra).toEqual({
      params: { id: '1000', password: MASK, user: { api_token: MASK } },
      request_id: 'xyz-789',
    });
    expect(JSON.stringify(detail)).not.toMatch(/hunter2|t0k3n/);
  });

  it('keeps the source context example with the occurrence', async () => {
    expect((await post('/ingest/errors', SOURCE_CONTEXT_EXAMPLE)).status).toBe(202);
    const { error, occurrences } = await groupOf('user_save_invalid');
    expect(error.exception_type).toBe('RuntimeError');
    expect(occurrences[0]?.source_context).toEqual(
      (JSON.parse(SOURCE_CONTEXT_EXAMPLE) as { source_context: unknown }).source_context,
    );
  });

  it('reads the same fields on POST /api/errors, which answers with the event id', async () => {
    const body = JSON.stringify({
      exception_class: 'Errno::ECONNREFUSED',
      message: 'Connection refused',
      backtrace: ['app/services/payments.rb:31:in `charge`'],
      fingerprint: 'same_fields_on_api_errors',
      environment: 'staging',
      request_id: 'req-1',
      user_id: 7,
      params: { card_secret: '4242' },
    });
    const response = await post('/api/errors', body);
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };

    const { error, occurrences } = await groupOf('same_fields_on_api_errors');
    expect(error).toMatchObject({ exception_type: 'Errno::ECONNREFUSED', environment: 'staging' });
    expect(occurrences[0]).toMatchObject({
      event_id: id,
      user_id: '7',
      extra: { params: { card_secret: MASK }, request_id: 'req-1' },
    });
  });
});

describe('POST /ingest/errors/batch', () => {
  it('takes the batch example as is: 202, each error in the group its fingerprint names', async () => {
    const response = await post('/ingest/errors/batch', BATCH_EXAMPLE);
    expect(response.status).toBe(202);
    const body = (await response.json()) as { accepted: number; rejected: unknown[]; ids: string[] };
    expect(body).toMatchObject({ accepted: 2, rejected: [] });

    const first = await groupOf('fp1');
    const second = await groupOf('fp2');
    expect([first.error.exception_type, first.error.message, first.error.traceback]).toEqual(['RuntimeError', 'Error 1', '...']);
    expect([second.error.exception_type, second.error.message]).toEqual(['NoMethodError', 'Error 2']);
    expect([first.occurrences[0]?.event_id, second.occurrences[0]?.event_id]).toEqual(body.ids);
  });
});

describe('/ingest/errors guards and limits, as on /api/errors', () => {
  const paths = ['/ingest/errors', '/ingest/errors/batch'];

  it('answers 401 without a key, with a wrong Bearer key, and to ?api_key=', async () => {
    const { Authorization: _key, ...noKey } = bearer();
    for (const path of paths) {
      for (const response of [await post(path, BATCH_EXAMPLE, noKey), await post(path, BATCH_EXAMPLE, bearer('proj_wrong'))]) {
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
    expect((await post(`/ingest/errors?api_key=${TEST_API_KEY}`, CURL_EXAMPLE, noKey)).status).toBe(401);
  });

  it('answers 400 listing every bad field', async () => {
    const bad = {
      exception_class: 5,
      message: 1,
      backtrace: [1],
      fingerprint: [],
      request_id: {},
      user_id: [],
      params: 'x',
      timestamp: 'yesterday',
      source_context: { file: 'app/models/user.rb' },
    };
    const single = await post('/ingest/errors', JSON.stringify(bad));
    expect(single.status).toBe(400);
    expect(await fieldsOf(single)).toEqual(
      [
        'backtrace',
        'exception_class',
        'fingerprint',
        'message',
        'params',
        'request_id',
        'source_context.context_line',
        'source_context.lineno',
        'timestamp',
        'user_id',
      ].sort(),
    );
    const batch = await post(
      '/ingest/errors/batch',
      JSON.stringify({ errors: [{ message: 'm', params: [] }, { exception_class: 'E' }] }),
    );
    expect(batch.status).toBe(400);
    expect(await fieldsOf(batch)).toEqual(['errors.0.params', 'errors.1.message']);
    for (const body of ['{"errors": ', '{"errors": "nope"}']) expect((await post('/ingest/errors/batch', body)).status).toBe(400);
    expect((await post('/ingest/errors', '{"message": ')).status).toBe(400);
  });

  it('enforces MAX_BODY_BYTES for one event, 1 MB and 1,000 errors for a batch, and the field limits', async () => {
    const event = (message: string) => ({
      exception_class: 'RuntimeError',
      message,
      backtrace: ['app/a.rb:1:in `a`'],
      fingerprint: 'limits',
    });
    const tooLarge = await post('/ingest/errors', JSON.stringify(event('x'.repeat(5_000))));
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('content-type')).toMatch(/^application\/problem\+json/);

    const big = Array.from({ length: 100 }, (_, i) => event(`${i} ${'x'.repeat(9_000)}`));
    expect((await post('/ingest/errors/batch', JSON.stringify({ errors: big }))).status).toBe(202);
    const overOneMegabyte = Array.from({ length: 120 }, () => event('x'.repeat(9_500)));
    expect((await post('/ingest/errors/batch', JSON.stringify({ errors: overOneMegabyte }))).status).toBe(413);
    const tooMany = Array.from({ length: 1_001 }, () => event('m'));
    expect((await post('/ingest/errors/batch', JSON.stringify({ errors: tooMany }))).status).toBe(400);

    const longId = await post('/ingest/errors', JSON.stringify({ ...event('m'), request_id: 'r'.repeat(201) }));
    expect(longId.status).toBe(400);
    expect(await fieldsOf(longId)).toEqual(['request_id']);
  });

  it('answers 415 to a body that is not JSON', async () => {
    for (const path of paths) {
      const response = await post(path, 'exception_class=RuntimeError', {
        ...bearer(),
        'Content-Type': 'application/x-www-form-urlencoded',
      });
      expect(response.status).toBe(415);
    }
  });

  it('counts against the same per-key ingest budget as /api/errors', async () => {
    const config = sandbox.config({ REDIS_PREFIX: `${sandbox.redisPrefix}:limited`, KEY_RATE_LIMIT_INGEST: '2' });
    const limited = sandbox.stopAfter(await startApi(config, logger));
    const at = (path: string) => `http://127.0.0.1:${limited.port}${path}`;
    const send = (path: string, body: string) => fetch(at(path), { method: 'POST', headers: bearer(), body });
    expect((await send('/api/errors', CURL_EXAMPLE)).status).toBe(202);
    expect((await send('/ingest/errors', CURL_EXAMPLE)).status).toBe(202);
    const refused = await send('/ingest/errors/batch', BATCH_EXAMPLE);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
