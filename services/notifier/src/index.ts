// Filled by its own issue (see README "Roadmap"): this role is not part of the CLI yet.
export const ROLE_NAME = 'notifier';
