/** Wording as in convex-backend crates/database/src/reads.rs (OVER_LIMIT_HELP). */
const OVER_LIMIT_HELP =
  "Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.";

/**
 * convex-test's limit messages and Convex's for the same limit. Convex's are
 * in convex-backend crates/database/src/reads.rs (reads, index ranges),
 * writes.rs (writes) and crates/model/src/scheduled_jobs/mod.rs (scheduling);
 * bytes written are printed by common::fmt::format_bytes ("16 MiB").
 */
const LIBRARY_MESSAGES: Array<[RegExp, (limit: number) => string]> = [
  [
    /^Scanned too many documents in a single function execution \(limit: (\d+)\)/,
    (limit) => `Too many documents read in a single function execution (limit: ${limit}). ${OVER_LIMIT_HELP}`,
  ],
  [
    /^Read too much data in a single function execution \(limit: (\d+) bytes\)/,
    (limit) => `Too many bytes read in a single function execution (limit: ${limit} bytes). ${OVER_LIMIT_HELP}`,
  ],
  [
    /^Too many index ranges read in a single function execution \(limit: (\d+)\)/,
    (limit) => `Too many reads in a single function execution (limit: ${limit}). ${OVER_LIMIT_HELP}`,
  ],
  [
    /^Wrote too many documents in a single function execution \(limit: (\d+)\)/,
    (limit) => `Too many writes in a single function execution (limit: ${limit})`,
  ],
  [
    /^Wrote too much data in a single function execution \(limit: (\d+) bytes\)/,
    (limit) => `Too many bytes written in a single function execution (limit: ${formatBytes(limit)})`,
  ],
  [
    /^Scheduled too many functions in a single function execution \(limit: (\d+)\)/,
    (limit) => `Too many functions scheduled by this mutation (limit: ${limit})`,
  ],
  [
    /^Scheduled function arguments too large in a single function execution \(limit: (\d+) bytes\)/,
    (limit) =>
      `Too large total size of the arguments of scheduled functions from this mutation (limit: ${limit} bytes)`,
  ],
];

/** convex-backend's common::fmt::format_bytes: the unit that divides most cleanly. */
function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [2 ** 30, "GiB"],
    [1e9, "GB"],
    [2 ** 20, "MiB"],
    [1e6, "MB"],
    [2 ** 10, "KiB"],
    [1e3, "KB"],
  ];
  for (const [size, name] of units) {
    if (bytes < size) continue;
    if (bytes % size === 0) return `${bytes / size} ${name}`;
    if ((bytes * 10) % size === 0) return `${(bytes / size).toFixed(1)} ${name}`;
  }
  return `${bytes} bytes`;
}

/** `error` with convex-test's wording for a limit replaced by Convex's. */
export function inConvexWords(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  for (const [pattern, convexMessage] of LIBRARY_MESSAGES) {
    const match = pattern.exec(error.message);
    if (match) return new Error(convexMessage(Number(match[1])));
  }
  return error;
}
