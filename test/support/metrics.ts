import type { RoleProcess } from './processes';

/** The port a role process logged for /metrics. */
export async function metricsPort(role: RoleProcess): Promise<number> {
  const line = await role.waitForLine(/metrics listening/);
  return (JSON.parse(line) as { metricsPort: number }).metricsPort;
}

/** Scrapes /metrics and answers the value of one series (name plus exact label set), or undefined. */
export async function scrape(port: number): Promise<(series: string) => number | undefined> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  const text = await response.text();
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return (series) => values.get(series);
}

/** The sum of every series of one metric (all label sets), 0 when it has none yet. */
export async function scrapeTotal(port: number, name: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
  let total = 0;
  for (const line of (await response.text()).split('\n')) {
    if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}
