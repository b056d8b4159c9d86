/** Frames kept per trace: the innermost ones, since grouping and display start there. */
export const MAX_FRAMES = 250;

/**
 * Lines considered per trace. Above it the first and last halves are kept: headers and the
 * innermost frames of innermost-first formats are at the top, Python's at the bottom.
 */
export const MAX_LINES = 20_000;

/** Line and column numbers longer than this many digits are not numbers but noise. */
export const MAX_NUMBER_DIGITS = 9;
