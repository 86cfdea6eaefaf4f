/**
 * Values and validators written the way Convex's error messages write them
 * (convex-backend crates/value/src/lib.rs `Display for ConvexValue`,
 * crates/common/src/schemas/validator.rs `Display for Validator`): Rust's
 * formatting, so `1` is `1.0`, strings are quoted and object fields sorted.
 */

/** A validator as `exportArgs()` / `exportReturns()` describe it. */
export type ValidatorJson =
  | { type: "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "any" | "commitTs" }
  | { type: "id"; tableName: string }
  | { type: "literal"; value: unknown }
  | { type: "array"; value: ValidatorJson }
  | { type: "record"; keys: ValidatorJson; values: FieldJson }
  | { type: "object"; value: Record<string, FieldJson> }
  | { type: "union"; value: ValidatorJson[] };
export type FieldJson = { fieldType: ValidatorJson; optional: boolean };

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rust's `{:?}` of an f64. */
function float(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (Object.is(n, -0)) return "-0.0";
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) return n.toExponential().replace("e+", "e");
  const text = String(n);
  return text.includes(".") ? text : `${text}.0`;
}

/** Rust's `{:?}` of a string. */
function quoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\0") out += "\\0";
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Object fields as Convex stores them: undefined fields are dropped, names sorted. */
export function definedFields(object: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(object)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => byName(a, b));
}

export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number") return float(value);
  if (typeof value === "boolean") return String(value);
  if (typeof value === "string") return quoted(value);
  if (value instanceof ArrayBuffer) return `b${quoted(Buffer.from(value).toString("base64"))}`;
  if (Array.isArray(value)) return `[${value.map(displayValue).join(", ")}]`;
  if (typeof value === "object") {
    return `{${definedFields(value as Record<string, unknown>)
      .map(([key, field]) => `${key}: ${displayValue(field)}`)
      .join(", ")}}`;
  }
  return String(value);
}

/** A literal as `v.literal(...)` shows it: JSON, with bigints hidden. */
function displayLiteral(value: unknown): string {
  if (typeof value === "object" && value !== null && "$integer" in value) return "<bigint>";
  if (typeof value === "number") return Number.isFinite(value) ? float(value) : "<number>";
  return JSON.stringify(value);
}

function displayField(field: FieldJson): string {
  const inner = displayValidator(field.fieldType);
  return field.optional ? `v.optional(${inner})` : inner;
}

export function displayObjectValidator(fields: Record<string, FieldJson>): string {
  const entries = Object.entries(fields).sort(([a], [b]) => byName(a, b));
  return `v.object({${entries.map(([name, field]) => `${name}: ${displayField(field)}`).join(", ")}})`;
}

export function displayValidator(validator: ValidatorJson): string {
  switch (validator.type) {
    case "id":
      return `v.id(${JSON.stringify(validator.tableName)})`;
    case "number":
      return "v.float64()";
    case "bigint":
      return "v.int64()";
    case "literal":
      return `v.literal(${displayLiteral(validator.value)})`;
    case "array":
      return `v.array(${displayValidator(validator.value)})`;
    case "record":
      return `v.record(${displayValidator(validator.keys)}, ${displayField(validator.values)})`;
    case "object":
      return displayObjectValidator(validator.value);
    case "union":
      return `v.union(${validator.value.map(displayValidator).join(", ")})`;
    default:
      return `v.${validator.type}()`;
  }
}
