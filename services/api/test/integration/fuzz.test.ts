import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { INGEST_ROUTES, ingestRoutes } from '../../../../test/support/fuzz/ingest-inputs';
import { readRoute, readRoutesOf } from '../../../../test/support/fuzz/read-inputs';
import type { FuzzTarget } from '../../../../test/support/fuzz/request';
import { type FuzzOptions, fuzzRoute } from '../../../../test/support/fuzz/run-fuzz';
import { useSandbox } from '../../../../test/support/sandbox';
import { TEST_API_KEY } from '../../../../test/support/test-config';

/**
 * The CI subset of the fuzzing (`npm run fuzz` is the long run): every ingest route and every
 * parameter of every read route take generated and mutated inputs, from a fixed seed. None may be
 * answered 5xx or hang, and every 4xx must be a problem+json whose detail says what is wrong.
 */
const sandbox = useSandbox();
let api: ApiHarness;
let target: FuzzTarget;
const options: FuzzOptions = { seed: 17, runs: 200, concurrency: 4, timeoutMs: 10_000 };

beforeAll(async () => {
  api = await startApiHarness(sandbox);
  const created = await api.send('POST', '/api/projects', { name: 'fuzz' });
  target = { apiKey: TEST_API_KEY, project: (await created.json()) as FuzzTarget['project'] };
});

describe('fuzzing, CI subset (seed 17)', () => {
  it.each(INGEST_ROUTES)('%s: no 5xx, no hang, every 4xx a problem with a detail', async (route) => {
    const figures = await fuzzRoute(api.base, ingestRoutes(target)[route], options);
    expect(figures.inputs).toBe(options.runs);
    expect(figures.faults.slice(0, 5)).toEqual([]);
  });

  it('every query and path parameter of every read route: no 5xx, no hang, every 4xx a problem with a detail', async () => {
    const document = (await (await api.get('/api/openapi.json')).json()) as Parameters<typeof readRoutesOf>[0];
    const routes = readRoutesOf(document);
    expect(routes.map((route) => route.path)).toEqual(
      expect.arrayContaining(['/api/errors', '/api/errors/{id}', '/api/stats', '/api/analytics/trends']),
    );
    const faults = [];
    for (const route of routes) {
      const figures = await fuzzRoute(api.base, readRoute(route, target), { ...options, runs: 50 });
      faults.push(...figures.faults.map((found) => ({ route: route.path, ...found })));
    }
    expect(faults.slice(0, 5)).toEqual([]);
  });
});
