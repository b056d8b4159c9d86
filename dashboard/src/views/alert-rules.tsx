import type { AlertRule } from '../api/types';
import { useResource } from '../api/use-resource';
import { Badge } from '../components/badge';
import { PageTitle } from '../components/page-title';
import { Loaded } from '../components/states';
import { Table } from '../components/table';
import { timeAgo } from '../lib/format';
import { can, type Session } from '../lib/permissions';
import { Link } from '../router';

export function AlertRules({ session }: { readonly session: Session }) {
  const rules = useResource<{ rules: AlertRule[] }>('/api/alerts/rules');
  return (
    <>
      <PageTitle text="Alert rules" />
      {can(session, 'write') && (
        <p>
          <Link href="/alerts/rules/new" class="button primary">
            New alert rule
          </Link>
        </p>
      )}
      <Loaded resource={rules}>
        {(data) =>
          data.rules.length === 0 ? (
            <p class="muted">No alert rule yet.</p>
          ) : (
            <Table caption="Alert rules" columns={['Rule', 'Condition', 'State', 'Enabled', 'Last triggered']}>
              {data.rules.map((rule) => (
                <tr key={rule.id}>
                  <td>
                    <Link href={`/alerts/rules/${rule.id}`}>{rule.name}</Link>
                  </td>
                  <td class="mono">{rule.condition}</td>
                  <td>
                    <Badge value={rule.state} />
                    {rule.last_error && <div class="error-text">{rule.last_error}</div>}
                  </td>
                  <td>{rule.enabled ? 'yes' : 'no'}</td>
                  <td>{timeAgo(rule.last_triggered)}</td>
                </tr>
              ))}
            </Table>
          )
        }
      </Loaded>
    </>
  );
}
