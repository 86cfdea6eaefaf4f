import type { ConvexReactClient } from "convex/react";
import type { FunctionArgs, FunctionReturnType } from "convex/server";
import { api } from "../../../convex/_generated/api";

type Table = FunctionArgs<typeof api.exports.dataPage>["table"];
type Page = FunctionReturnType<typeof api.exports.dataPage>;

/** The tables "Export my data" walks, and the key each has in the file. */
export const EXPORTED: Array<[Table, string]> = [
  ["chatSessions", "chats"],
  ["chatMessages", "messages"],
  ["projects", "projects"],
  ["tasks", "tasks"],
  ["creditLedger", "ledger"],
];

/** Pages per table at most: 500 pages of up to 200 rows (100,000 rows). */
const MAX_PAGES = 500;

export type DataExportProgress = { table: string; rows: number };

/**
 * Every row of the user's chats, messages, projects, tasks and ledger, read
 * one bounded page (one query) at a time, as one JSON document.
 */
export async function exportMyData(
  convex: Pick<ConvexReactClient, "query">,
  onProgress?: (progress: DataExportProgress) => void,
): Promise<string> {
  const data: Record<string, unknown[]> = {};
  for (const [table, key] of EXPORTED) {
    const rows: unknown[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_PAGES; pages++) {
      const page: Page = await convex.query(api.exports.dataPage, { table, cursor });
      rows.push(...page.rows);
      onProgress?.({ table: key, rows: rows.length });
      if (page.isDone) break;
      cursor = page.continueCursor;
    }
    data[key] = rows;
  }
  return `${JSON.stringify({ format: "helm.export", version: 1, exportedAt: new Date().toISOString(), ...data }, null, 2)}\n`;
}
