import { PageTitle } from '../components/page-title';
import { canOpen, type Session } from '../lib/permissions';
import type { Route } from '../lib/routes';
import { Link } from '../router';
import { AlertRules } from './alert-rules';
import { ApiKeys } from './api-keys';
import { AuditLog } from './audit-log';
import { ErrorDetail } from './error-detail';
import { ErrorsList } from './errors-list';
import { Integrations } from './integrations';
import { MonitoringView } from './monitoring';
import { EditIncident, Incidents, NewIncident } from './incidents';
import { ProjectsView } from './projects';
import { EditRule, NewRule } from './rule-editor';
import { StatsView } from './stats';
import { Team } from './team';

const NotFound = () => (
  <>
    <PageTitle text="Not found" />
    <p>
      There is no such page. <Link href="/errors">Go to the issues</Link>.
    </p>
  </>
);

const NotAllowed = ({ session }: { readonly session: Session }) => (
  <>
    <PageTitle text="Not for this key" />
    <p class="notice">
      Your key ({session.permissions.join(', ') || 'no permissions'}
      {session.role ? `, role ${session.role}` : ''}) cannot open this page.
    </p>
  </>
);

/** The signed-in view for a route; pages the key's permissions do not reach are not shown. */
export function RouteView({ route, session }: { readonly route: Route; readonly session: Session }) {
  if (!canOpen(session, route.name)) return <NotAllowed session={session} />;
  switch (route.name) {
    case 'errors':
      return <ErrorsList session={session} />;
    case 'error':
      return <ErrorDetail key={route.id} id={route.id} session={session} />;
    case 'stats':
      return <StatsView />;
    case 'projects':
      return <ProjectsView session={session} />;
    case 'rules':
      return <AlertRules session={session} />;
    case 'new-rule':
      return <NewRule session={session} />;
    case 'rule':
      return <EditRule key={route.id} id={route.id} session={session} />;
    case 'incidents':
      return <Incidents session={session} />;
    case 'new-incident':
      return <NewIncident session={session} />;
    case 'incident':
      return <EditIncident key={route.id} id={route.id} session={session} />;
    case 'monitoring':
      return <MonitoringView />;
    case 'integrations':
      return <Integrations />;
    case 'keys':
      return <ApiKeys session={session} />;
    case 'team':
      return <Team session={session} />;
    case 'audit':
      return <AuditLog />;
    case 'invite':
    case 'not-found':
      return <NotFound />;
  }
}
