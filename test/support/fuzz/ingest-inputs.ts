import fc from 'fast-check';
import { encoder } from './encodings';
import { batchText, eventText } from './json-inputs';
import type { FuzzRequest, FuzzTarget } from './request';
import { envelopeText, sentryEventText } from './sentry-inputs';
import { damage, hostileJson, hostileString, type JsonText } from './values';

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      '',
    ),
    weight: 2,
  },
);

/** A body: the generated JSON (or, rarely, any JSON or junk), maybe damaged byte-wise, maybe compressed. */
function body(json: fc.Arbitrary<JsonText>) {
  return fc.tuple(
    fc.oneof({ arbitrary: json, weight: 8 }, { arbitrary: hostileJson, weight: 1 }, { arbitrary: hostileString, weight: 1 }),
    fc.oneof({ arbitrary: fc.constant((bytes: Buffer) => bytes), weight: 6 }, { arbitrary: damage, weight: 1 }),
    encoder,
  );
}

function jsonRoute(path: string, json: fc.Arbitrary<JsonText>, target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(body(json), contentType).map(([[text, harm, { name, encode }], type]) => {
    const encoded = encode(harm(Buffer.from(text)));
    return {
      method: 'POST' as const,
      path,
      headers: {
        'x-api-key': target.apiKey,
        ...(type ? { 'content-type': type } : {}),
        ...(encoded.encoding !== undefined ? { 'content-encoding': encoded.encoding } : {}),
      },
      body: encoded.body,
      label: `${type || '(no type)'} ${name}: ${text.slice(0, 300)}`,
    };
  });
}

function sentryRoute(kind: 'store' | 'envelope', json: fc.Arbitrary<JsonText>, target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const keys = fc.oneof(
    { arbitrary: fc.constant(target.project.public_key), weight: 9 },
    { arbitrary: fc.constantFrom('', '0'.repeat(32), '%00'), weight: 1 },
  );
  return fc.tuple(body(json), keys).map(([[text, harm, { name, encode }], key]) => {
    const encoded = encode(harm(Buffer.from(text)));
    return {
      method: 'POST' as const,
      path: `/api/${target.project.id}/${kind}/?sentry_key=${key}&sentry_version=7`,
      headers: {
        'content-type': kind === 'envelope' ? 'application/x-sentry-envelope' : 'application/json',
        ...(encoded.encoding !== undefined ? { 'content-encoding': encoded.encoding } : {}),
      },
      body: encoded.body,
      label: `${name}: ${text.slice(0, 300)}`,
    };
  });
}

export const INGEST_ROUTES = [
  'POST /api/errors',
  'POST /ingest/errors',
  'POST /api/errors/batch',
  'POST /ingest/errors/batch',
  'POST /api/{id}/store/',
  'POST /api/{id}/envelope/',
] as const;

/** Every ingest route and the generator of its requests. */
export function ingestRoutes(target: FuzzTarget): Record<(typeof INGEST_ROUTES)[number], fc.Arbitrary<FuzzRequest>> {
  return {
    'POST /api/errors': jsonRoute('/api/errors', eventText, target),
    'POST /ingest/errors': jsonRoute('/ingest/errors', eventText, target),
    'POST /api/errors/batch': jsonRoute('/api/errors/batch', batchText, target),
    'POST /ingest/errors/batch': jsonRoute('/ingest/errors/batch', batchText, target),
    'POST /api/{id}/store/': sentryRoute('store', sentryEventText, target),
    'POST /api/{id}/envelope/': sentryRoute('envelope', envelopeText, target),
  };
}
