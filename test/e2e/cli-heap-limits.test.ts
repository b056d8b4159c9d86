import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { v8LimitFlags, runtimeV8Flags } from '../../cli/src/heap-limits';
import { type RoleProcess, spawnNode } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox();
const HEAP_LIMITS = join(dirname(require.resolve('error-tracker/package.json')), 'dist', 'heap-limits.js');
const EVENT_SCHEMA = join(__dirname, '..', '..', 'services', 'api', 'dist', 'ingest', 'event-schema.js');
/** Script text for a child: counts V8's full collections in `full`. */
const COUNT_FULL_COLLECTIONS = `
  const { PerformanceObserver, constants } = require('node:perf_hooks');
  let full = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++;
  }).observe({ entryTypes: ['gc'] });`;
const BIN = join(dirname(require.resolve('error-tracker/package.json')), 'bin', 'error-tracker.js');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

/** The process running the role: the child the launcher started, found by its parent pid. */
function roleChildOf(launcher: RoleProcess): number | undefined {
  const children = readFileSync(`/proc/${launcher.child.pid}/task/${launcher.child.pid}/children`, 'utf8').trim();
  return children === '' ? undefined : Number(children.split(/\s+/)[0]);
}

async function startedApi(env: Record<string, string> = {}): Promise<RoleProcess> {
  const api = sandbox.stopAfter(spawnNode(BIN, ['api'], sandbox.env({ PORT: '0', METRICS_PORT: '0', ...env }), 'api'));
  await api.waitForLine(/api listening/, 60_000);
  return api;
}

describe('error-tracker <role> applies its own V8 heap limits', () => {
  it('runs the role in a child with the limits when nothing sets them; SIGTERM is relayed and the drain ends with exit 0', async () => {
    const api = await startedApi();
    const pid = roleChildOf(api);
    expect(pid).toBeDefined();
    expect(commandLine(pid as number)).toEqual(
      expect.arrayContaining(['--max-semi-space-size=4', '--max-old-space-size=96', '--v8-pool-size=2']),
    );

    api.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(api.output.join('\n')).toMatch(/"service":"api","msg":"stopped"/);
    expect(processAlive(pid as number)).toBe(false);
  });

  it('gives the ingest worker 8 MB semi-spaces, 88 MB of old space and one V8 helper thread, as the compose file and the k8s manifest do; the image keeps the default', async () => {
    const worker = sandbox.stopAfter(spawnNode(BIN, ['ingest-worker'], sandbox.env({ METRICS_PORT: '0' }), 'ingest-worker'));
    await worker.waitForLine(/ingest worker started/, 60_000);
    const pid = roleChildOf(worker);
    expect(commandLine(pid as number)).toEqual(
      expect.arrayContaining(['--max-semi-space-size=8', '--max-old-space-size=88', '--v8-pool-size=1']),
    );
    await worker.stop();

    const root = join(__dirname, '..', '..');
    const workerOptions = `NODE_OPTIONS: "${v8LimitFlags('ingest-worker').join(' ')}"`;
    expect(readFileSync(join(root, 'docker-compose.yml'), 'utf8')).toContain(workerOptions);
    const manifest = readFileSync(join(root, 'k8s', 'base', 'ingest-worker.yaml'), 'utf8');
    expect(manifest).toContain(`- name: NODE_OPTIONS\n              value: "${v8LimitFlags('ingest-worker').join(' ')}"`);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain(`NODE_OPTIONS="${v8LimitFlags('api').join(' ')}"`);
  });

  it('takes the limits NODE_OPTIONS gives instead, in the process itself', async () => {
    const api = await startedApi({ NODE_OPTIONS: '--max-old-space-size=200' });
    expect(roleChildOf(api)).toBeUndefined();
    await api.stop();
  });

  it('leaves no role behind when the launcher is killed with SIGKILL', async () => {
    const api = await startedApi();
    const pid = roleChildOf(api) as number;
    api.kill('SIGKILL');
    await api.exited;
    await waitFor('the role to exit with its launcher', () => Promise.resolve(processAlive(pid) ? undefined : true), {
      timeoutMs: 10_000,
    });
  });

  it("lets the API's old space grow further between full collections (a flag NODE_OPTIONS cannot carry, set in the process)", () => {
    // 20 MB that stays, and objects that live long enough to reach old space before they die.
    const churn = (command: string): number => {
      const script = `
        const { applyRuntimeV8Flags } = require(${JSON.stringify(HEAP_LIMITS)});
        applyRuntimeV8Flags(${JSON.stringify(command)});
        ${COUNT_FULL_COLLECTIONS}
        const kept = Array.from({ length: 200000 }, (_, i) => ({ i, s: 'kept ' + i }));
        const ring = new Array(100000);
        for (let i = 0; i < 8000000; i++) ring[i % ring.length] = { i, s: 'old ' + i };
        setTimeout(() => process.stdout.write(String(kept.length === 200000 ? full : -1)), 50);`;
      const output = execFileSync(process.execPath, [...v8LimitFlags(command), '-e', script], { encoding: 'utf8' });
      return Number(output);
    };
    expect(runtimeV8Flags('api')).toContain('--heap-growing-percent=70');
    const api = churn('api');
    const notifier = churn('notifier'); // no such flag: V8's own growth for a heap of this limit
    expect(api).toBeGreaterThan(0);
    // With two V8 helper threads (the roles' pool) 14-15 against 19-20 here; without the flag within one of each other.
    expect(api).toBeLessThanOrEqual(notifier * 0.85);
  });

  it("keeps the API's parsed events young: V8's allocation-site pretenuring is off in its process", () => {
    // The ingest schema's parse, with the last 64 answers held (requests in flight), as the API runs it.
    const parse = (flags: readonly string[]): number => {
      const script = `
        const { setFlagsFromString } = require('node:v8');
        for (const flag of ${JSON.stringify(flags)}) setFlagsFromString(flag);
        ${COUNT_FULL_COLLECTIONS}
        const { z } = require(${JSON.stringify(require.resolve('zod'))});
        const { errorEventSchema } = require(${JSON.stringify(EVENT_SCHEMA)});
        const schema = z.compile(errorEventSchema);
        const inFlight = new Array(64);
        for (let i = 0; i < 200000; i++) {
          const body = { message: 'invalid order ' + i, project: 'shop', traceback: 'ValueError: x', request_method: 'post',
            request_headers: { 'user-agent': 'x' }, user_id: 'user-' + (i % 1000), extra: { order_id: i } };
          inFlight[i % 64] = schema.safeParse(body, { reportInput: true });
        }
        setTimeout(() => process.stdout.write(String(full)), 50);`;
      return Number(execFileSync(process.execPath, [...v8LimitFlags('api'), '-e', script], { encoding: 'utf8' }));
    };
    const flags = runtimeV8Flags('api');
    const withFlags = parse(flags);
    const pretenuring = parse(flags.filter((flag) => flag !== '--no-allocation-site-pretenuring'));
    expect(pretenuring).toBeGreaterThan(2);
    expect(withFlags).toBeLessThanOrEqual(pretenuring / 2);
  });
});
