import { tableOfIdValue, type ConvexTestInternals } from "./internals";

/**
 * Convex keeps system tables (`_storage`, `_scheduled_functions`) apart from
 * the project's tables: their documents are read through `ctx.db.system` and
 * never written by functions, and a table named in `db.get("users", id)` must
 * be the id's own. convex-test keeps every document in one map and lets an id
 * of any table through, so these checks are made here, in Convex's order and
 * wording (convex-backend crates/isolate/src/environment/udf/async_syscall.rs
 * `system_table_guard`, crates/isolate/src/environment/helpers/mod.rs
 * `check_table_name` and `with_argument_error`).
 */

const METHODS: Record<string, string> = {
  "1.0/shallowMerge": "db.patch",
  "1.0/replace": "db.replace",
  "1.0/remove": "db.delete",
};

function systemTableGuard(table: string, expectSystem: boolean) {
  const isSystem = table.startsWith("_");
  if (expectSystem && !isSystem) throw new Error("User tables cannot be accessed with db.system.");
  if (!expectSystem && isSystem) throw new Error("System tables can only be accessed with db.system.");
}

function checkTableName(method: string, requested: unknown, actual: string) {
  if (typeof requested === "string" && requested !== actual) {
    throw new Error(
      `Invalid argument \`id\` for \`${method}\`: expected to be an Id<"${requested}">, got Id<"${actual}"> instead.`,
    );
  }
}

function check(op: string, args: { id?: unknown; table?: unknown; isSystem?: unknown }) {
  const table = tableOfIdValue(args.id);
  if (table === null) return;
  if (op === "1.0/get") {
    systemTableGuard(table, args.isSystem === true);
    checkTableName(args.isSystem === true ? "db.system.get" : "db.get", args.table, table);
    return;
  }
  const method = METHODS[op];
  if (!method) return;
  checkTableName(method, args.table, table);
  systemTableGuard(table, false);
}

/** Wraps convex-test's database syscalls with Convex's system-table rules. */
export function guardSystemTables(internals: ConvexTestInternals) {
  const asyncSyscall = internals.asyncSyscall;
  internals.asyncSyscall = async (op, jsonArgs) => {
    if (op === "1.0/get" || op in METHODS) check(op, JSON.parse(jsonArgs));
    return await asyncSyscall(op, jsonArgs);
  };
}
