/** Dashboard links in alerts: PUBLIC_URL when set, else where a local install answers. */
export function dashboardLinks(publicUrl: string | undefined, port: number) {
  const base = (publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  return {
    rule: (id: number) => `${base}/alerts/rules/${id}`,
    group: (id: number) => `${base}/errors/${id}`,
  };
}

export type DashboardLinks = ReturnType<typeof dashboardLinks>;
