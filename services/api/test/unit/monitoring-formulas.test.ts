import { apdex, histogramQuantile } from '../../src/monitoring/histogram';
import { dependencyStatus, HEALTH_RULES, overallHealth, queueStatus, roleStatus } from '../../src/monitoring/health-rules';
import { shareOfSlots, slotWindow } from '../../src/monitoring/slot-window';

describe('latency percentiles from a histogram', () => {
  const buckets = { '0.1': 50, '0.3': 80, '1': 90, '+Inf': 100 };

  it('interpolates inside the bucket the rank falls in, as histogram_quantile does', () => {
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1, 10);
    expect(histogramQuantile(0.65, buckets)).toBeCloseTo(0.1 + 0.2 * ((65 - 50) / 30), 10);
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.1 * (25 / 50), 10);
  });

  it('answers the highest finite bound for ranks in +Inf, and nothing for no requests', () => {
    expect(histogramQuantile(0.99, buckets)).toBe(1);
    expect(histogramQuantile(0.99, {})).toBeUndefined();
    expect(histogramQuantile(0.99, { '0.1': 0, '+Inf': 0 })).toBeUndefined();
  });
});

describe('Apdex', () => {
  it('is satisfied plus half the tolerating, over all requests', () => {
    expect(apdex(60, 20, 100)).toBe(0.7);
    expect(apdex(0, 0, 0)).toBeUndefined();
  });
});

describe('health rules', () => {
  const answered = { answered: true, latencyMs: 1, usedShareLimit: 0.8 };

  it('judges PostgreSQL and Redis by answer, speed and usage', () => {
    expect(dependencyStatus({ ...answered, answered: false, latencyMs: null })).toBe('unhealthy');
    expect(dependencyStatus({ ...answered, latencyMs: HEALTH_RULES.slowAnswerMs + 1 })).toBe('degraded');
    expect(dependencyStatus({ ...answered, usedShare: 0.8 })).toBe('degraded');
    expect(dependencyStatus({ ...answered, usedShare: 0.79 })).toBe('healthy');
  });

  it('judges the queue by waiting jobs, live workers and the oldest wait', () => {
    const queue = { answered: true, waiting: 3, oldestWaitingSeconds: 1, liveWorkers: 1 };
    expect(queueStatus(queue)).toBe('healthy');
    expect(queueStatus({ ...queue, liveWorkers: 0 })).toBe('unhealthy');
    expect(queueStatus({ ...queue, waiting: 0, oldestWaitingSeconds: null, liveWorkers: 0 })).toBe('healthy');
    expect(queueStatus({ ...queue, oldestWaitingSeconds: HEALTH_RULES.queueWaitDegradedSeconds + 1 })).toBe('degraded');
    expect(queueStatus({ ...queue, oldestWaitingSeconds: HEALTH_RULES.queueWaitUnhealthySeconds + 1 })).toBe('unhealthy');
    expect(queueStatus({ ...queue, answered: false })).toBe('unhealthy');
  });

  it('judges a role by its live instances', () => {
    const calm = { cpuPercent: 5, eventLoopDelayP99Ms: 1 };
    expect(roleStatus({ everSeen: false, live: [] })).toBe('unknown');
    expect(roleStatus({ everSeen: true, live: [] })).toBe('unhealthy');
    expect(roleStatus({ everSeen: true, live: [calm] })).toBe('healthy');
    expect(roleStatus({ everSeen: true, live: [calm, { ...calm, eventLoopDelayP99Ms: HEALTH_RULES.eventLoopP99Ms + 1 }] })).toBe(
      'degraded',
    );
  });

  it('is as bad overall as the worst known service', () => {
    expect(overallHealth(['healthy', 'unknown', 'degraded'])).toBe('degraded');
    expect(overallHealth(['healthy', 'unhealthy', 'degraded'])).toBe('unhealthy');
    expect(overallHealth(['unknown'])).toBe('unknown');
  });
});

describe('slot windows', () => {
  const minute = 60_000;
  const now = 100 * minute + 10_000;

  it('count completed slots from the window start or the first sample, whichever is later', () => {
    expect(slotWindow(60 * minute, minute, new Date(0), now).slots).toBe(60);
    expect(slotWindow(60 * minute, minute, new Date(90 * minute), now).slots).toBe(10);
    expect(slotWindow(60 * minute, minute, undefined, now).slots).toBe(0);
  });

  it('give shares in percent, none without slots', () => {
    const window = slotWindow(60 * minute, minute, new Date(90 * minute), now);
    expect(shareOfSlots(8, window)).toBe(80);
    expect(shareOfSlots(8, slotWindow(60 * minute, minute, undefined, now))).toBeNull();
  });
});
