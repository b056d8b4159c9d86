import type { AuditEntry } from '../api/types';
import { useResource } from '../api/use-resource';
import { PageTitle } from '../components/page-title';
import { Loaded } from '../components/states';
import { Table } from '../components/table';
import { utc } from '../lib/format';
import { Link, usePlace } from '../router';

const PAGE = 50;

export function AuditLog() {
  const place = usePlace();
  const offset = Math.max(0, Number(new URLSearchParams(place.search).get('offset')) || 0);
  const log = useResource<{ entries: AuditEntry[] }>(`/api/settings/audit-log?limit=${PAGE}&offset=${offset}`);
  return (
    <>
      <PageTitle text="Audit log" />
      <Loaded resource={log}>
        {(data) => (
          <>
            <Table caption="Audit log, newest first" columns={['When (UTC)', 'Who', 'Action', 'Target', 'From']}>
              {data.entries.map((entry) => (
                <tr key={entry.id}>
                  <td>{utc(entry.at)}</td>
                  <td>{entry.actor.label}</td>
                  <td class="mono">{entry.action}</td>
                  <td>
                    {entry.target.type === 'group' && entry.target.id ? (
                      <Link href={`/errors/${entry.target.id}`}>group {entry.target.id}</Link>
                    ) : (
                      `${entry.target.type} ${entry.target.id ?? ''}`
                    )}
                  </td>
                  <td class="mono">{entry.client_ip ?? '—'}</td>
                </tr>
              ))}
            </Table>
            <nav class="pager" aria-label="Pages">
              <span role="status">
                {data.entries.length === 0 ? 'No entries' : `Entries ${offset + 1}–${offset + data.entries.length}`}
              </span>
              {offset > 0 && <Link href={`/settings/audit-log?offset=${Math.max(0, offset - PAGE)}`}>Newer</Link>}
              {data.entries.length === PAGE && <Link href={`/settings/audit-log?offset=${offset + PAGE}`}>Older</Link>}
            </nav>
          </>
        )}
      </Loaded>
    </>
  );
}
