/**
 * k8s/: the kustomize base and the example overlays are rendered with the real kustomize (the
 * `kustomize` binary, else `kubectl kustomize`), and every rendered object is validated against the
 * Kubernetes, KEDA and Prometheus Operator schemas (kubernetes-models), unknown fields included.
 * Then what the schemas cannot say: each role's command, environment (parsed with the project's
 * loadConfig), probes, resources, security context, disruption budgets, autoscalers, services and
 * scraping fit together.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { QueueKeys } from 'bullmq';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob, type ICronJob, type IJob, Job } from 'kubernetes-models/batch/v1';
import { Ingress, type IIngress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ConfigMap,
  type IConfigMap,
  type IContainer,
  type IPodTemplateSpec,
  type IProbe,
  type ISecret,
  type IService,
  Namespace,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-models/v1';
import {
  type IScaledObject,
  type ITriggerAuthentication,
  ScaledObject,
  TriggerAuthentication,
} from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { type IServiceMonitor, ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { parseAllDocuments } from 'yaml';
import { ROLES } from '../../../cli/src/roles';
import { type Config, loadConfig } from '@error-tracker/runtime/config/load-config';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { ingestShardPrefixes } from '@error-tracker/contracts/ingest-shards';
import { parseRedisUrl } from '@error-tracker/runtime/config/redis-endpoint';

const ROOT = join(__dirname, '..', '..', '..');

// ---- rendering -------------------------------------------------------------------------------

function available(command: string, args: readonly string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

/** `kustomize build DIR` when kustomize is installed, else `kubectl kustomize DIR` (kustomize built in). */
const RENDERER: readonly string[] | undefined = available('kustomize', ['version'])
  ? ['kustomize', 'build']
  : available('kubectl', ['version', '--client'])
    ? ['kubectl', 'kustomize']
    : undefined;

interface Manifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function render(directory: string): Manifest[] {
  if (RENDERER === undefined) {
    throw new Error('neither kustomize nor kubectl is on PATH: install one (kubectl bundles kustomize) to render k8s/');
  }
  const [command = '', ...args] = RENDERER;
  const output = execFileSync(command, [...args, join(ROOT, directory)], { encoding: 'utf8', timeout: 60_000 });
  return parseAllDocuments(output).map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${directory}: document ${index}: ${document.errors[0]?.message}`);
    const object: unknown = document.toJSON();
    if (
      !isRecord(object) ||
      typeof object.apiVersion !== 'string' ||
      typeof object.kind !== 'string' ||
      !isRecord(object.metadata) ||
      typeof object.metadata.name !== 'string'
    ) {
      throw new Error(`${directory}: document ${index} is not a Kubernetes object`);
    }
    return object as Manifest;
  });
}

// ---- schema validation -----------------------------------------------------------------------

interface Validatable {
  validate(): void;
}

interface ModelClass {
  new (data: never): Validatable;
  readonly prototype: Validatable;
}

/** Every kind the manifests may use, with its schema. A kind missing here fails the test. */
const MODELS: ReadonlyMap<string, ModelClass> = new Map<string, ModelClass>([
  ['v1/Namespace', Namespace],
  ['v1/ServiceAccount', ServiceAccount],
  ['v1/ConfigMap', ConfigMap],
  ['v1/Secret', Secret],
  ['v1/Service', Service],
  ['apps/v1/Deployment', Deployment],
  ['batch/v1/Job', Job],
  ['batch/v1/CronJob', CronJob],
  ['policy/v1/PodDisruptionBudget', PodDisruptionBudget],
  ['autoscaling/v2/HorizontalPodAutoscaler', HorizontalPodAutoscaler],
  ['networking.k8s.io/v1/Ingress', Ingress],
  ['keda.sh/v1alpha1/ScaledObject', ScaledObject],
  ['keda.sh/v1alpha1/TriggerAuthentication', TriggerAuthentication],
  ['monitoring.coreos.com/v1/ServiceMonitor', ServiceMonitor],
]);

/**
 * The schemas allow unknown fields, which the API server would reject (or, worse, drop). The
 * compiled validators read every field they know: run one over a proxy that records the reads, and
 * report the fields of an object that it never read. (Free-form maps are read whole, and objects
 * of which nothing was read are left out: those are schemaless.)
 */
function unknownFields(model: ModelClass, object: Manifest): string[] {
  const reads = new Map<object, { path: string; keys: Set<string> }>();
  const proxies = new WeakMap<object, unknown>();
  const wrap = (value: unknown, path: string): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    const existing = proxies.get(value);
    if (existing !== undefined) return existing;
    const keys = new Set<string>();
    reads.set(value, { path, keys });
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const inner: unknown = Reflect.get(target, key, receiver);
        if (typeof key !== 'string') return inner;
        keys.add(key);
        return wrap(inner, `${path}/${key}`);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  model.prototype.validate.call(wrap(structuredClone(object), ''));
  const unknown: string[] = [];
  for (const [value, { path, keys }] of reads) {
    if (Array.isArray(value) || keys.size === 0) continue;
    for (const key of Object.keys(value)) if (!keys.has(key)) unknown.push(`${path}/${key}`);
  }
  return unknown;
}

// ---- typed access ------------------------------------------------------------------------------

function objectsOf<T>(objects: readonly Manifest[], kind: string): T[] {
  return objects.filter((object) => object.kind === kind).map((object) => object as unknown as T);
}

function named<T>(objects: readonly Manifest[], kind: string, name: string): T {
  const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the rendered manifests`);
  return found as unknown as T;
}

function nameOf(object: { metadata?: { name?: string } }): string {
  return object.metadata?.name ?? '';
}

function matches(
  selector: Readonly<Record<string, string>> | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  if (selector === undefined || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([key, value]) => labels?.[key] === value);
}

/** Kubernetes quantities: cpu in cores ("250m", "1"), memory in bytes ("256Mi", "1G"). */
function quantity(value: string | number | undefined): number {
  if (value === undefined) return Number.NaN;
  if (typeof value === 'number') return value;
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(value);
  if (match === null) return Number.NaN;
  const factors: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * (match[2] === undefined ? 1 : (factors[match[2]] ?? Number.NaN));
}

interface Workload {
  readonly kind: 'Deployment' | 'Job' | 'CronJob';
  readonly name: string;
  readonly template: IPodTemplateSpec;
}

function workloads(objects: readonly Manifest[]): Workload[] {
  return [
    ...objectsOf<IDeployment>(objects, 'Deployment').map((d) => ({
      kind: 'Deployment' as const,
      name: nameOf(d),
      template: d.spec?.template,
    })),
    ...objectsOf<IJob>(objects, 'Job').map((j) => ({ kind: 'Job' as const, name: nameOf(j), template: j.spec?.template })),
    ...objectsOf<ICronJob>(objects, 'CronJob').map((c) => ({
      kind: 'CronJob' as const,
      name: nameOf(c),
      template: c.spec?.jobTemplate.spec?.template,
    })),
  ].map((workload) => {
    if (workload.template === undefined) throw new Error(`${workload.kind} ${workload.name} has no pod template`);
    return { ...workload, template: workload.template };
  });
}

function containerOf(workload: Workload): IContainer {
  const containers = workload.template.spec?.containers ?? [];
  expect(containers).toHaveLength(1);
  const [container] = containers;
  if (container === undefined) throw new Error(`${workload.name}: no container`);
  return container;
}

/** The role a workload runs: the image's CMD replaced by the container's args. */
function commandOf(workload: Workload): string[] {
  const container = containerOf(workload);
  expect(container.command).toBeUndefined(); // keep the image's ENTRYPOINT (the CLI)
  return container.args ?? [];
}

function secretValues(secret: ISecret): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) values[key] = Buffer.from(value, 'base64').toString('utf8');
  return { ...values, ...(secret.stringData ?? {}) };
}

/** The variable names a container gets from Secrets (through env or envFrom). */
function secretKeysOf(container: IContainer): { key: string; optional: boolean }[] {
  return (container.env ?? []).flatMap((variable) => {
    const ref = variable.valueFrom?.secretKeyRef;
    return ref === undefined ? [] : [{ key: variable.name, optional: ref.optional === true }];
  });
}

/** The environment a container starts with, resolved against the rendered ConfigMaps and Secrets. */
function environmentOf(container: IContainer, objects: readonly Manifest[]): Record<string, string> {
  const env: Record<string, string> = {};
  const configMap = (name: string): Record<string, string> => named<IConfigMap>(objects, 'ConfigMap', name).data ?? {};
  const secret = (name: string): Record<string, string> => secretValues(named<ISecret>(objects, 'Secret', name));
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef !== undefined) Object.assign(env, configMap(source.configMapRef.name ?? ''));
    if (source.secretRef !== undefined) Object.assign(env, secret(source.secretRef.name ?? ''));
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    let value: string | undefined = variable.value;
    if (from?.secretKeyRef !== undefined) {
      value = secret(from.secretKeyRef.name ?? '')[from.secretKeyRef.key];
      if (value === undefined && from.secretKeyRef.optional !== true) {
        throw new Error(`${variable.name}: Secret ${from.secretKeyRef.name} has no key ${from.secretKeyRef.key}`);
      }
    }
    if (from?.configMapKeyRef !== undefined) value = configMap(from.configMapKeyRef.name ?? '')[from.configMapKeyRef.key];
    if (value !== undefined) env[variable.name] = value;
  }
  return env;
}

function configFor(workload: Workload, objects: readonly Manifest[]): Config {
  const [command = ''] = commandOf(workload);
  return loadConfig(environmentOf(containerOf(workload), objects), { requireApiKey: ROLES[command]?.needsApiKey ?? false });
}

/** A probe's HTTP port as a number (named ports resolved through the container's ports). */
function probePort(probe: IProbe | undefined, container: IContainer): number | undefined {
  const port = probe?.httpGet?.port;
  if (typeof port === 'number') return port;
  return container.ports?.find((candidate) => candidate.name === port)?.containerPort;
}

// ---- what each render must hold --------------------------------------------------------------

/** Workload name → its command, for every role docs/deployment.md runs in Kubernetes. */
const EXPECTED_WORKLOADS: Readonly<Record<string, { kind: Workload['kind']; command: readonly string[] }>> = {
  'error-tracker-api': { kind: 'Deployment', command: ['api'] },
  'error-tracker-ingest-worker': { kind: 'Deployment', command: ['ingest-worker'] },
  'error-tracker-notifier': { kind: 'Deployment', command: ['notifier'] },
  'error-tracker-retention': { kind: 'CronJob', command: ['retention', '--once'] },
  'error-tracker-migrate': { kind: 'Job', command: ['migrate'] },
};

/** Secret variables each role needs, and API_KEY only where clients are authenticated. */
const REQUIRED_SECRETS: Readonly<Record<string, readonly string[]>> = {
  api: ['API_KEY', 'DATABASE_URL', 'REDIS_URL'],
  'ingest-worker': ['DATABASE_URL', 'REDIS_URL'],
  notifier: ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL'],
  retention: ['DATABASE_URL', 'REDIS_URL'],
  migrate: ['DATABASE_URL'],
};

const MEMORY_LIMIT_MAX = quantity('256Mi');

interface Render {
  readonly directory: string;
  readonly image: string;
  /** Namespace every namespaced object must be in (undefined: left to kubectl's context). */
  readonly namespace: string | undefined;
  readonly withSecret: boolean;
  /** Which autoscaler drives the ingest workers. */
  readonly workerAutoscaler: 'HorizontalPodAutoscaler' | 'ScaledObject';
  /** The scale-out setup: Redis Cluster, ingest shards, a read replica for the API. */
  readonly scaleOut?: { readonly shards: number };
}

const RENDERS: readonly Render[] = [
  {
    directory: 'k8s/base',
    image: 'error-tracker:0.1.0',
    namespace: undefined,
    withSecret: false,
    workerAutoscaler: 'HorizontalPodAutoscaler',
  },
  {
    directory: 'k8s/overlays/example',
    image: 'registry.example.com/error-tracker:0.1.0',
    namespace: 'error-tracker',
    withSecret: true,
    workerAutoscaler: 'HorizontalPodAutoscaler',
  },
  {
    directory: 'k8s/overlays/example-keda',
    image: 'registry.example.com/error-tracker:0.1.0',
    namespace: 'error-tracker',
    withSecret: true,
    workerAutoscaler: 'ScaledObject',
  },
  {
    directory: 'k8s/overlays/example-scale-out',
    image: 'registry.example.com/error-tracker:0.1.0',
    namespace: 'error-tracker',
    withSecret: true,
    workerAutoscaler: 'ScaledObject',
    scaleOut: { shards: 6 },
  },
];

describe.each(RENDERS)('kustomize $directory', (expected) => {
  const objects = render(expected.directory);
  const all = workloads(objects);
  const workload = (name: string): Workload => {
    const found = all.find((candidate) => candidate.name === name);
    if (found === undefined) throw new Error(`no workload ${name}`);
    return found;
  };
  const deployments = objectsOf<IDeployment>(objects, 'Deployment');

  it('renders only kinds with a schema, each valid and without unknown fields', () => {
    expect(objects.length).toBeGreaterThan(0);
    for (const object of objects) {
      const id = `${object.apiVersion}/${object.kind}`;
      const model = MODELS.get(id);
      expect({ object: `${id} ${object.metadata.name}`, hasSchema: model !== undefined }).toEqual({
        object: `${id} ${object.metadata.name}`,
        hasSchema: true,
      });
      if (model === undefined) continue;
      expect(() => new model(object as never).validate()).not.toThrow();
      expect({ object: `${object.kind} ${object.metadata.name}`, unknown: unknownFields(model, object) }).toEqual({
        object: `${object.kind} ${object.metadata.name}`,
        unknown: [],
      });
    }
  });

  it('has unique names per kind, labels every object as part of error-tracker, and sets the namespace', () => {
    const ids = objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(new Set(ids).size).toBe(ids.length);
    for (const object of objects) {
      expect(object.metadata.labels?.['app.kubernetes.io/part-of']).toBe('error-tracker');
      if (object.kind === 'Namespace') continue;
      expect({ id: `${object.kind}/${object.metadata.name}`, namespace: object.metadata.namespace }).toEqual({
        id: `${object.kind}/${object.metadata.name}`,
        namespace: expected.namespace,
      });
    }
    if (expected.namespace !== undefined) named(objects, 'Namespace', expected.namespace);
  });

  it('runs every role, each with a command the CLI knows', () => {
    expect(Object.fromEntries(all.map((w) => [w.name, { kind: w.kind, command: commandOf(w) }]))).toEqual(EXPECTED_WORKLOADS);
    for (const candidate of all) {
      const [command = '', ...options] = commandOf(candidate);
      if (command !== 'migrate') expect(ROLES[command]).toBeDefined();
      for (const option of options) expect(ROLES[command]?.options ?? []).toContain(option);
    }
  });

  it('runs one image, from the registry and tag the kustomization names', () => {
    for (const candidate of all)
      expect({ name: candidate.name, image: containerOf(candidate).image }).toEqual({
        name: candidate.name,
        image: expected.image,
      });
  });

  it('gives each role exactly the secrets it needs', () => {
    for (const candidate of all) {
      const [command = ''] = commandOf(candidate);
      const container = containerOf(candidate);
      const required = REQUIRED_SECRETS[command] ?? [];
      const keys = secretKeysOf(container);
      for (const key of required) expect(keys.map((k) => k.key)).toContain(key);
      const mandatory = keys.filter((k) => !k.optional).map((k) => k.key);
      for (const key of mandatory) expect(required).toContain(key);
      expect((container.envFrom ?? []).filter((source) => source.secretRef !== undefined)).toEqual([]);
      if (!(ROLES[command]?.needsApiKey ?? false)) expect(keys.map((k) => k.key)).not.toContain('API_KEY');
    }
  });

  if (expected.withSecret) {
    it("resolves every role's environment, which the role's own config loader accepts", () => {
      for (const candidate of all) {
        const config = configFor(candidate, objects);
        expect(config.redisPrefix).toMatch(/^\{[^{}]+\}/); // a Redis Cluster hash tag
        if (candidate.name === 'error-tracker-notifier') {
          expect(config.smtpUrl ?? config.postmark).toBeDefined();
          expect(config.alertEmails.length).toBeGreaterThan(0);
        }
      }
    });

    it('ships a Secret with clearly example values for API_KEY, DATABASE_URL, REDIS_URL and SMTP_URL', () => {
      const values = secretValues(named<ISecret>(objects, 'Secret', 'error-tracker-secrets'));
      expect(Object.keys(values)).toEqual(expect.arrayContaining(['API_KEY', 'DATABASE_URL', 'REDIS_URL', 'SMTP_URL']));
      for (const [key, value] of Object.entries(values))
        expect({ key, example: /example/i.test(value) }).toEqual({ key, example: true });
    });
  } else {
    it('contains no Secret: applying the base never overwrites real credentials', () => {
      expect(objectsOf<ISecret>(objects, 'Secret')).toEqual([]);
    });
  }

  it('runs every pod as non-root, read-only, without privileges, and writes only to an emptyDir /tmp', () => {
    for (const candidate of all) {
      const pod = candidate.template.spec;
      expect(pod?.securityContext?.runAsNonRoot).toBe(true);
      // The image's USER is a name ("node"): the kubelet can only verify non-root with a uid.
      expect(pod?.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(pod?.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
      expect(pod?.automountServiceAccountToken).toBe(false);
      const container = containerOf(candidate);
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
      expect(container.securityContext?.capabilities?.drop).toContain('ALL');
      const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      expect(pod?.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
    }
  });

  it('sets requests and limits, within the 150 MB RSS target (limit at most 256Mi)', () => {
    for (const candidate of all) {
      const resources = containerOf(candidate).resources;
      const memoryLimit = quantity(resources?.limits?.memory);
      expect({ name: candidate.name, memoryLimitOk: memoryLimit > 0 && memoryLimit <= MEMORY_LIMIT_MAX }).toEqual({
        name: candidate.name,
        memoryLimitOk: true,
      });
      expect(quantity(resources?.requests?.memory)).toBeLessThanOrEqual(memoryLimit);
      expect(quantity(resources?.requests?.cpu)).toBeGreaterThan(0); // CPU autoscaling needs requests
      if (resources?.limits?.cpu !== undefined) {
        expect(quantity(resources.requests?.cpu)).toBeLessThanOrEqual(quantity(resources.limits.cpu));
      }
    }
  });

  it('lets every role drain before it is killed (grace period above SHUTDOWN_TIMEOUT_MS)', () => {
    const shutdownSeconds = loadConfig({}).shutdownTimeoutMs / 1000;
    for (const candidate of all) {
      expect(candidate.template.spec?.terminationGracePeriodSeconds ?? 30).toBeGreaterThan(shutdownSeconds);
    }
  });

  it('probes the api on /ready (readiness) and /health (liveness) on its port', () => {
    const api = workload('error-tracker-api');
    const container = containerOf(api);
    const port = loadConfig({}).port;
    expect(container.ports?.find((p) => p.name === 'http')?.containerPort).toBe(port);
    expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
    expect(probePort(container.readinessProbe, container)).toBe(port);
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    expect(probePort(container.livenessProbe, container)).toBe(port);
  });

  it.each(['error-tracker-ingest-worker', 'error-tracker-notifier'])('probes %s on its Prometheus endpoint', (name) => {
    const container = containerOf(workload(name));
    const metricsPort = loadConfig({}).metricsPort;
    expect(container.ports?.find((p) => p.name === 'metrics')?.containerPort).toBe(metricsPort);
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(probe?.httpGet?.path).toBe('/metrics');
      expect(probePort(probe, container)).toBe(metricsPort);
    }
  });

  it('configures the default ports in the ConfigMap the roles read', () => {
    const configMaps = new Set(
      all.flatMap((w) => (containerOf(w).envFrom ?? []).map((source) => source.configMapRef?.name ?? '')),
    );
    expect(configMaps.size).toBe(1);
    const [name = ''] = [...configMaps];
    const data = named<IConfigMap>(objects, 'ConfigMap', name).data ?? {};
    expect(Number(data.PORT ?? 5010)).toBe(loadConfig({}).port);
    expect(Number(data.METRICS_PORT ?? 9464)).toBe(loadConfig({}).metricsPort);
  });

  it('has a PodDisruptionBudget for every Deployment', () => {
    const budgets = objectsOf<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
    for (const deployment of deployments) {
      const covering = budgets.filter((budget) =>
        matches(budget.spec?.selector?.matchLabels, deployment.spec?.template.metadata?.labels),
      );
      expect({ deployment: nameOf(deployment), budgets: covering.length }).toEqual({
        deployment: nameOf(deployment),
        budgets: 1,
      });
      const [budget] = covering;
      expect(budget?.spec?.maxUnavailable ?? budget?.spec?.minAvailable).toBeDefined();
    }
  });

  it('autoscales the api on CPU, and the ingest workers with exactly one autoscaler', () => {
    const hpas = objectsOf<IHorizontalPodAutoscaler>(objects, 'HorizontalPodAutoscaler');
    const scaledObjects = objectsOf<IScaledObject>(objects, 'ScaledObject');
    const autoscalersOf = (deployment: string): string[] => [
      ...hpas
        .filter((h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === deployment)
        .map(() => 'HorizontalPodAutoscaler'),
      ...scaledObjects
        .filter((s) => (s.spec.scaleTargetRef.kind ?? 'Deployment') === 'Deployment' && s.spec.scaleTargetRef.name === deployment)
        .map(() => 'ScaledObject'),
    ];
    expect(autoscalersOf('error-tracker-api')).toEqual(['HorizontalPodAutoscaler']);
    expect(autoscalersOf('error-tracker-ingest-worker')).toEqual([expected.workerAutoscaler]);
    expect(autoscalersOf('error-tracker-notifier')).toEqual([]);

    for (const hpa of hpas) {
      expect(named<IDeployment>(objects, 'Deployment', hpa.spec?.scaleTargetRef.name ?? '')).toBeDefined();
      expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
      expect(hpa.spec?.maxReplicas).toBeGreaterThanOrEqual(hpa.spec?.minReplicas ?? 1);
      expect(hpa.spec?.metrics).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            type: 'Resource',
            resource: expect.objectContaining({ name: 'cpu', target: expect.objectContaining({ type: 'Utilization' }) }),
          }),
        ]),
      );
    }
    // An autoscaled Deployment leaves replicas to its autoscaler, so re-applying does not reset them.
    for (const deployment of deployments) {
      if (autoscalersOf(nameOf(deployment)).length > 0) expect(deployment.spec?.replicas).toBeUndefined();
    }
  });

  if (expected.workerAutoscaler === 'ScaledObject') {
    it("scales the ingest workers with KEDA on BullMQ's wait list of every ingest shard", () => {
      const scaledObject = named<IScaledObject>(objects, 'ScaledObject', 'error-tracker-ingest-worker');
      const worker = workload('error-tracker-ingest-worker');
      const config = configFor(worker, objects);
      const endpoint = parseRedisUrl(config.redisUrl);
      const scaler = endpoint.kind === 'cluster' ? 'redis-cluster' : 'redis';
      const listTriggers = scaledObject.spec.triggers.filter((trigger) => trigger.type.startsWith('redis'));
      // The keys BullMQ itself uses for the queues the API fills: "{et}:ingest:wait", "{et:1}:ingest:wait"…
      const waitLists = ingestShardPrefixes(config.redisPrefix, config.ingest.shards).map(
        (prefix) => new QueueKeys(prefix).getKeys(INGEST_QUEUE).wait,
      );
      expect(waitLists[0]).toBe('{et}:ingest:wait');
      expect(listTriggers.map((trigger) => trigger.metadata.listName).sort()).toEqual([...waitLists].sort());
      for (const trigger of listTriggers) {
        expect(trigger.type).toBe(scaler);
        expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
      }
      expect(scaledObject.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(scaledObject.spec.maxReplicaCount).toBeGreaterThanOrEqual(scaledObject.spec.minReplicaCount ?? 0);

      // KEDA's admission webhook refuses a fallback next to cpu/memory triggers.
      if (scaledObject.spec.fallback !== undefined) {
        expect(scaledObject.spec.triggers.map((trigger) => trigger.type)).not.toEqual(expect.arrayContaining(['cpu']));
      }

      // The scaler finds the same Redis as the workers, from the Secret: host:port of REDIS_URL for the
      // redis scaler, every node of the cluster URL for the redis-cluster one.
      const secrets = objectsOf<ISecret>(objects, 'Secret');
      for (const trigger of listTriggers) {
        const auth = named<ITriggerAuthentication>(objects, 'TriggerAuthentication', trigger.authenticationRef?.name ?? '');
        const parameters = Object.fromEntries(
          (auth.spec?.secretTargetRef ?? []).map((ref) => {
            const secret = secrets.find((candidate) => nameOf(candidate) === ref.name);
            return [ref.parameter, secret === undefined ? undefined : secretValues(secret)[ref.key]];
          }),
        );
        if (endpoint.kind === 'cluster') {
          const addresses = parameters.addresses ?? trigger.metadata.addresses ?? '';
          expect(addresses.split(',').map((address) => address.trim())).toEqual(
            endpoint.nodes.map((node) => `${node.host}:${node.port}`),
          );
        } else {
          expect(parameters.address ?? trigger.metadata.address).toBe(new URL(config.redisUrl).host);
        }
      }
    });
  }

  if (expected.scaleOut !== undefined) {
    const { shards } = expected.scaleOut;
    it(`runs every role on a Redis Cluster with ${shards} ingest shards, and the API's reads on a replica`, () => {
      for (const candidate of all) {
        const [command = ''] = commandOf(candidate);
        if (command === 'migrate') continue;
        const config = configFor(candidate, objects);
        expect({ role: command, redis: parseRedisUrl(config.redisUrl).kind }).toEqual({ role: command, redis: 'cluster' });
        expect(config.ingest.shards).toBe(shards);
      }
      const api = configFor(workload('error-tracker-api'), objects);
      expect(api.databaseReadUrl).toBeDefined();
      expect(api.databaseReadUrl).not.toBe(api.databaseUrl);
    });
  }

  it('exposes the api port and every role’s metrics port through Services', () => {
    const services = objectsOf<IService>(objects, 'Service');
    for (const service of services) {
      const targets = deployments.filter((d) => matches(service.spec?.selector, d.spec?.template.metadata?.labels));
      expect({ service: nameOf(service), targets: targets.length }).toEqual({ service: nameOf(service), targets: 1 });
      const container = targets[0]?.spec?.template.spec?.containers[0];
      for (const port of service.spec?.ports ?? []) {
        const target = port.targetPort ?? port.port;
        const exists = (container?.ports ?? []).some((p) => p.name === target || p.containerPort === target);
        expect({ service: nameOf(service), port: port.name, targetExists: exists }).toEqual({
          service: nameOf(service),
          port: port.name,
          targetExists: true,
        });
      }
    }
    const config = loadConfig({});
    const api = named<IService>(objects, 'Service', 'error-tracker-api');
    expect(api.spec?.ports?.find((p) => p.name === 'http')?.port).toBe(config.port);
    for (const deployment of deployments) {
      const service = services.find((s) => matches(s.spec?.selector, deployment.spec?.template.metadata?.labels));
      expect(service?.spec?.ports?.find((p) => p.name === 'metrics')?.port).toBe(config.metricsPort);
    }
  });

  it('has Prometheus scrape /metrics of every Service (ServiceMonitor)', () => {
    const monitors = objectsOf<IServiceMonitor>(objects, 'ServiceMonitor');
    expect(monitors).toHaveLength(1);
    const [monitor] = monitors;
    const endpoint = monitor?.spec.endpoints?.find((candidate) => candidate.port === 'metrics');
    expect(endpoint?.path ?? '/metrics').toBe('/metrics');
    for (const service of objectsOf<IService>(objects, 'Service')) {
      expect({
        service: nameOf(service),
        selected: matches(monitor?.spec.selector.matchLabels, service.metadata?.labels),
      }).toEqual({
        service: nameOf(service),
        selected: true,
      });
    }
  });

  it('runs retention --once daily from a CronJob that never overlaps itself', () => {
    const cronJob = named<ICronJob>(objects, 'CronJob', 'error-tracker-retention');
    const fields = (cronJob.spec?.schedule ?? '').trim().split(/\s+/);
    expect(fields).toHaveLength(5);
    expect(fields[0]).toMatch(/^\d+$/);
    expect(fields[1]).toMatch(/^\d+$/);
    expect(fields.slice(2)).toEqual(['*', '*', '*']);
    expect(cronJob.spec?.concurrencyPolicy).toBe('Forbid');
    expect(['Never', 'OnFailure']).toContain(cronJob.spec?.jobTemplate.spec?.template.spec?.restartPolicy);
  });

  it('migrates with a Job that cleans up after itself', () => {
    const job = named<IJob>(objects, 'Job', 'error-tracker-migrate');
    expect(job.spec?.ttlSecondsAfterFinished).toBeGreaterThan(0);
    expect(job.spec?.backoffLimit).toBeGreaterThan(0);
    expect(['Never', 'OnFailure']).toContain(job.spec?.template.spec?.restartPolicy);
  });

  it('routes any Ingress to an existing Service port', () => {
    for (const ingress of objectsOf<IIngress>(objects, 'Ingress')) {
      for (const rule of ingress.spec?.rules ?? []) {
        for (const path of rule.http?.paths ?? []) {
          const backend = path.backend.service;
          const service = named<IService>(objects, 'Service', backend?.name ?? '');
          expect(service.spec?.ports?.some((p) => p.name === backend?.port?.name || p.port === backend?.port?.number)).toBe(true);
        }
      }
    }
  });
});
