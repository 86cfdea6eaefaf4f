import { getConvexSize } from "convex/values";

/*
 * Convex's limits on single values, with its figures and its wording (quoted
 * where the message is what a caller sees). Sources, in convex-backend:
 * crates/value/src/{size,object,array}.rs (any value), crates/common/src/
 * document.rs (documents), crates/udf/src/helpers.rs and crates/isolate/src/
 * helpers.rs (function arguments and return values), crates/common/src/
 * knobs.rs (FUNCTION_MAX_ARGS_SIZE, FUNCTION_MAX_RESULT_SIZE); the figures
 * match docs.convex.dev/production/state/limits.
 */
const MiB = 1 << 20;
export const MAX_VALUE_NESTING = 64;
export const MAX_OBJECT_FIELDS = 1024;
export const MAX_ARRAY_LENGTH = 8192;
export const MAX_DOCUMENT_NESTING = 16;
export const MAX_DOCUMENT_SIZE = MiB;
export const MAX_FUNCTION_ARGS_SIZE = 16 * MiB;
export const MAX_FUNCTION_RESULT_SIZE = 16 * MiB;

/** A byte count as convex-backend prints sizes (humansize's BINARY style): "1 MiB", "1.05 MiB", "512 B". */
export function formatBinarySize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || Number.isInteger(value) ? 0 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === null || prototype === Object.prototype;
}

/**
 * The nesting of `value` (a scalar is 0, `[]` is 1), throwing the error Convex
 * raises while building it as a Convex value. Convex builds values inside
 * out, so the innermost violation is the one reported, and an over-nested
 * value fails at the first level past the maximum.
 */
function nestingOf(value: unknown): number {
  if (Array.isArray(value)) {
    let deepest = 0;
    for (const item of value) deepest = Math.max(deepest, nestingOf(item));
    if (value.length > MAX_ARRAY_LENGTH) {
      throw new Error(`Array length is too long (${value.length} > maximum length ${MAX_ARRAY_LENGTH})`);
    }
    return checkNesting(deepest + 1);
  }
  if (isPlainObject(value)) {
    let deepest = 0;
    let fields = 0;
    for (const field of Object.values(value)) {
      if (field === undefined) continue;
      fields += 1;
      deepest = Math.max(deepest, nestingOf(field));
    }
    if (fields > MAX_OBJECT_FIELDS) {
      throw new Error(`Object has too many fields (${fields} > maximum number ${MAX_OBJECT_FIELDS})`);
    }
    return checkNesting(deepest + 1);
  }
  return 0;
}

function checkNesting(nesting: number): number {
  if (nesting > MAX_VALUE_NESTING) {
    throw new Error(`Value is too nested (nested ${nesting} levels deep > maximum nesting ${MAX_VALUE_NESTING})`);
  }
  return nesting;
}

/** The size Convex gives a value; null for what is no Convex value (its own conversion error comes later). */
function sizeOf(value: unknown): number | null {
  try {
    return getConvexSize(value as never);
  } catch {
    return null;
  }
}

/** Throws Convex's error when `value` breaks a rule that every Convex value obeys. */
export function assertConvexValue(value: unknown): void {
  nestingOf(value);
}

/** A value printed the way convex-backend prints one in error messages (its Display). */
function display(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number") return Number.isInteger(value) ? value.toFixed(1) : String(value);
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof ArrayBuffer) return `b"<${value.byteLength} bytes>"`;
  if (Array.isArray(value)) return `[${value.map(display).join(", ")}]`;
  if (isPlainObject(value)) {
    const fields = Object.entries(value).filter(([, field]) => field !== undefined);
    fields.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${fields.map(([name, field]) => `${name}: ${display(field)}`).join(", ")}}`;
  }
  return String(value);
}

/**
 * Why Convex would refuse to store `document` (a user table's document with
 * its system fields), as Convex words it, or null. Order as in Convex: the
 * value rules while it is built, then the document's own rules, then its size.
 */
export function documentViolation(document: Record<string, unknown>): string | null {
  let nesting: number;
  try {
    nesting = nestingOf(document);
  } catch (error) {
    return (error as Error).message;
  }
  const problems: string[] = [];
  if (nesting > MAX_DOCUMENT_NESTING) {
    problems.push(`Document is too nested (nested ${nesting} levels deep > maximum nesting ${MAX_DOCUMENT_NESTING})`);
  }
  for (const field of Object.keys(document)) {
    if (field.startsWith("_") && field !== "_id" && field !== "_creationTime") {
      problems.push(`Field '${field}' starts with an underscore, which is only allowed for system fields like '_id'`);
    }
  }
  if (problems.length > 0) {
    return `Document(value: ${display(document)}) isn't a valid document: ${problems.join("\n ")}`;
  }
  const size = sizeOf(document);
  if (size !== null && size > MAX_DOCUMENT_SIZE) {
    return `Value is too large (${formatBinarySize(size)} > maximum size ${formatBinarySize(MAX_DOCUMENT_SIZE)})`;
  }
  return null;
}

/** Convex's error for a call whose arguments break a value rule or exceed 16 MiB, or null. */
export function argumentsViolation(udfPath: string, args: unknown): string | null {
  // Convex receives (and measures) the arguments as a positional array, `[args]`.
  try {
    assertConvexValue([args]);
  } catch (error) {
    return (error as Error).message;
  }
  const size = sizeOf([args]);
  if (size === null || size <= MAX_FUNCTION_ARGS_SIZE) return null;
  return `Arguments for ${udfPath} are too large (actual: ${formatBinarySize(size)}, limit: ${formatBinarySize(MAX_FUNCTION_ARGS_SIZE)})`;
}

/** Convex's error for a return value that breaks a value rule or exceeds 16 MiB, or null. */
export function returnValueViolation(udfPath: string, value: unknown): string | null {
  const returned = value === undefined ? null : value;
  try {
    assertConvexValue(returned);
  } catch (error) {
    return `Function ${udfPath} return value invalid: ${(error as Error).message}`;
  }
  const size = sizeOf(returned);
  if (size === null || size <= MAX_FUNCTION_RESULT_SIZE) return null;
  return `Function ${udfPath} return value is too large (actual: ${formatBinarySize(size)}, limit: ${formatBinarySize(MAX_FUNCTION_RESULT_SIZE)})`;
}
