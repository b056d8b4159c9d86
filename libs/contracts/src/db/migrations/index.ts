import type { Migration } from 'kysely';
import * as initialSchema from './20261121000000_initial_schema';
import * as notifications from './20261121120000_notifications';
import * as projectKeys from './20261121130000_project_keys';
import * as facetIndex from './20261122000000_facet_index';
import * as searchTable from './20261122010000_search_table';
import * as searchFacets from './20261122120000_search_facets';
import * as access from './20261201000000_access';
import * as alerting from './20261201010000_alerting';
import * as monitoring from './20261201020000_monitoring';
import * as sessions from './20261201030000_sessions';
import * as triage from './20261201040000_triage';
import * as errorTallies from './20261201050000_error_tallies';
import * as ingestDedupe from './20261201060000_ingest_dedupe';
import * as recentOccurrences from './20261201070000_recent_occurrences';

/** Every migration, keyed by its timestamp-prefixed name; the Migrator runs them in name order. */
export const migrations: Record<string, Migration> = {
  '20261121000000_initial_schema': initialSchema,
  '20261121120000_notifications': notifications,
  '20261121130000_project_keys': projectKeys,
  '20261122000000_facet_index': facetIndex,
  '20261122010000_search_table': searchTable,
  '20261122120000_search_facets': searchFacets,
  '20261201000000_access': access,
  '20261201010000_alerting': alerting,
  '20261201020000_monitoring': monitoring,
  '20261201030000_sessions': sessions,
  '20261201040000_triage': triage,
  '20261201050000_error_tallies': errorTallies,
  '20261201060000_ingest_dedupe': ingestDedupe,
  '20261201070000_recent_occurrences': recentOccurrences,
};
