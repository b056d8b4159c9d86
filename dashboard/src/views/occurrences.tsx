import type { Occurrence } from '../api/types';
import { utc } from '../lib/format';
import { SourceLines } from './error-frames';

const Json = ({ value }: { readonly value: unknown }) => <pre class="json">{JSON.stringify(value, null, 2)}</pre>;

function Context({ occurrence }: { readonly occurrence: Occurrence }) {
  const facts: Array<readonly [string, string | null]> = [
    ['Event', occurrence.event_id],
    ['Environment', occurrence.environment],
    ['Release', occurrence.release],
    ['User', occurrence.user_id],
    ['Request', occurrence.request_url && `${occurrence.request_method ?? ''} ${occurrence.request_url}`.trim()],
    ['Message', occurrence.message],
  ];
  return (
    <>
      <dl class="facts">
        {facts
          .filter(([, value]) => value !== null && value !== '')
          .map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd class="mono">{value}</dd>
            </div>
          ))}
      </dl>
      {occurrence.source_context && <SourceLines context={occurrence.source_context} />}
      {occurrence.request_headers && Object.keys(occurrence.request_headers).length > 0 && (
        <>
          <h4>Request headers</h4>
          <Json value={occurrence.request_headers} />
        </>
      )}
      {occurrence.extra && Object.keys(occurrence.extra).length > 0 && (
        <>
          <h4>Context</h4>
          <Json value={occurrence.extra} />
        </>
      )}
    </>
  );
}

/** The last occurrences (at most five, newest first), the newest one open. */
export function Occurrences({ occurrences }: { readonly occurrences: readonly Occurrence[] }) {
  if (occurrences.length === 0) return <p class="muted">No occurrence is kept.</p>;
  return (
    <div class="occurrences">
      {occurrences.map((occurrence, index) => (
        <details key={occurrence.id} open={index === 0}>
          <summary>
            <time dateTime={occurrence.timestamp}>{utc(occurrence.timestamp)}</time> · {occurrence.environment}
            {occurrence.release && ` · ${occurrence.release}`}
          </summary>
          <Context occurrence={occurrence} />
        </details>
      ))}
    </div>
  );
}
