// Test-only helpers shared by the workspace tests (the second dot keeps this
// file out of Convex deployments).
import type { Id } from "../_generated/dataModel";
import type { TestConvex } from "../test.setup";

/** The ConvexError code a call failed with, or "no error". */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { data?: { code?: string } }).data?.code ?? String(error);
  }
  return "no error";
}

/** A user's ledger as "kind:amount" strings, oldest first. */
export async function ledgerOf(t: TestConvex, userId: Id<"users">): Promise<string[]> {
  const rows = await t.run((ctx) =>
    ctx.db.query("creditLedger").withIndex("by_userId", (q) => q.eq("userId", userId)).collect(),
  );
  return rows.map((row) => `${row.kind}:${row.amount}`);
}
