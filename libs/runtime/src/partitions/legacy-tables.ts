/**
 * The four tables as migrations before 20261201060000 made them, and what their partitioned
 * successors need so that the old table can be attached as it is (ATTACH adopts an index or a
 * foreign key that matches the parent's; one that does not would be built on the spot, under lock).
 * Frozen like a migration: this describes the schema of that date.
 */
export interface LegacyTable {
  readonly table: string;
  /** Run once the old table is named `<table>_legacy`: frees the names the parent takes over. */
  readonly renames: readonly string[];
  /** Run on the new, empty partitioned `<table>`: the keys, indexes and references the old one has. */
  readonly parent: readonly string[];
  /** The table its rows reference (errors): locked before the old table, as ingest does. */
  readonly references?: string;
}

export const LEGACY_TABLES: readonly LegacyTable[] = [
  {
    table: 'event_minutes',
    renames: ['ALTER TABLE event_minutes_legacy RENAME CONSTRAINT event_minutes_pkey TO event_minutes_legacy_pkey'],
    parent: ['ALTER TABLE event_minutes ADD PRIMARY KEY (minute, project, environment, level, shard)'],
  },
  {
    table: 'monitoring_samples',
    renames: [
      'ALTER TABLE monitoring_samples_legacy RENAME CONSTRAINT monitoring_samples_pkey TO monitoring_samples_legacy_pkey',
      'ALTER INDEX monitoring_samples_slot_idx RENAME TO monitoring_samples_legacy_slot_idx',
      'ALTER INDEX monitoring_samples_roles_idx RENAME TO monitoring_samples_legacy_roles_idx',
    ],
    parent: [
      'ALTER TABLE monitoring_samples ADD PRIMARY KEY (instance_id, slot)',
      'CREATE INDEX monitoring_samples_slot_idx ON monitoring_samples (slot)',
      'CREATE INDEX monitoring_samples_roles_idx ON monitoring_samples USING gin (roles)',
    ],
  },
  {
    table: 'error_occurrences',
    // No primary key: the old one, (id), lacks the partition key; occurrences are found by group.
    renames: [
      'ALTER TABLE error_occurrences_legacy RENAME CONSTRAINT error_occurrences_pkey TO error_occurrences_legacy_pkey',
      'ALTER INDEX error_occurrences_error_newest_idx RENAME TO error_occurrences_legacy_error_newest_idx',
    ],
    parent: [
      'CREATE INDEX error_occurrences_error_newest_idx ON error_occurrences (error_id, timestamp DESC, id DESC)',
      `ALTER TABLE error_occurrences ADD CONSTRAINT error_occurrences_error_id_fkey
         FOREIGN KEY (error_id) REFERENCES errors (id) ON DELETE CASCADE`,
      // The id sequence would otherwise go with the old table when retention drops it.
      'ALTER SEQUENCE error_occurrences_id_seq OWNED BY error_occurrences.id',
    ],
    references: 'errors',
  },
  {
    table: 'error_counts',
    renames: [
      'ALTER TABLE error_counts_legacy RENAME CONSTRAINT error_counts_pkey TO error_counts_legacy_pkey',
      'ALTER INDEX error_counts_hour_idx RENAME TO error_counts_legacy_hour_idx',
    ],
    parent: [
      'ALTER TABLE error_counts ADD PRIMARY KEY (error_id, hour, level)',
      'CREATE INDEX error_counts_hour_idx ON error_counts (hour)',
      `ALTER TABLE error_counts ADD CONSTRAINT error_counts_error_id_fkey
         FOREIGN KEY (error_id) REFERENCES errors (id) ON DELETE CASCADE`,
    ],
    references: 'errors',
  },
];
