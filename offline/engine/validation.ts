import { jsonToConvex, type JSONValue } from "convex/values";
import {
  definedFields,
  displayObjectValidator,
  displayValidator,
  displayValue,
  type FieldJson,
  type ValidatorJson,
} from "./convex-display";
import { PlainJsError } from "./errors";
import { tableOfIdValue } from "./internals";

/**
 * Argument and return-value validation with Convex's wording
 * (convex-backend crates/common/src/schemas/validator.rs `ValidationError`,
 * checked as in `Validator::check_value`; crates/udf/src/validation.rs and
 * crates/model/src/modules/function_validators.rs add the
 * `ArgumentValidationError: ` / `ReturnsValidationError: ` prefixes).
 * convex-test checks with its own wording ("Validator error: …"), so the
 * engine validates first and gives convex-test nothing left to refuse.
 */

type Mismatch = { describe: (context: string) => string; path: string[] };

const mismatch = (describe: Mismatch["describe"]): Mismatch => ({ describe, path: [] });
const within = (segment: string, found: Mismatch | null) => {
  found?.path.unshift(segment);
  return found;
};

const noMatch = (value: unknown, validator: ValidatorJson) =>
  mismatch((context) => `Value does not match validator.\n${context}\nValue: ${displayValue(value)}\nValidator: ${displayValidator(validator)}`);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof ArrayBuffer);
}

function sameLiteral(value: unknown, literal: unknown): boolean {
  const expected = jsonToConvex(literal as JSONValue);
  return typeof value === typeof expected && (value === expected || (Number.isNaN(value) && Number.isNaN(expected)));
}

function checkId(value: unknown, validator: Extract<ValidatorJson, { type: "id" }>): Mismatch | null {
  const table = tableOfIdValue(value);
  if (table === null) return noMatch(value, validator);
  if (table === validator.tableName) return null;
  const expected = `\`v.id(${JSON.stringify(validator.tableName)})\``;
  if (table.startsWith("_")) {
    return mismatch((context) => `Found ID ${JSON.stringify(value)} from a system table, which does not match the table name in validator ${expected}.${context}`);
  }
  return mismatch(
    (context) => `Found ID ${JSON.stringify(value)} from table \`${table}\`, which does not match the table name in validator ${expected}.${context}`,
  );
}

function checkObject(value: Record<string, unknown>, fields: Record<string, FieldJson>): Mismatch | null {
  const present = definedFields(value);
  const has = new Set(present.map(([name]) => name));
  const describeObject = (context: string) => `${context}\nObject: ${displayValue(value)}\nValidator: ${displayObjectValidator(fields)}`;
  for (const [name, field] of Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (has.has(name)) {
      const found = within(`.${name}`, check(value[name], field.fieldType));
      if (found) return found;
    } else if (!field.optional) {
      return mismatch(
        (context) =>
          `Object is missing the required field \`${name}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n${describeObject(context)}`,
      );
    }
  }
  const extra = present.find(([name]) => !(name in fields));
  if (extra) return mismatch((context) => `Object contains extra field \`${extra[0]}\` that is not in the validator.\n${describeObject(context)}`);
  return null;
}

function check(value: unknown, validator: ValidatorJson): Mismatch | null {
  switch (validator.type) {
    case "any":
      return null;
    case "null":
      return value === null ? null : noMatch(value, validator);
    case "number":
      return typeof value === "number" ? null : noMatch(value, validator);
    case "bigint":
    case "commitTs":
      return typeof value === "bigint" ? null : noMatch(value, validator);
    case "boolean":
      return typeof value === "boolean" ? null : noMatch(value, validator);
    case "string":
      return typeof value === "string" ? null : noMatch(value, validator);
    case "bytes":
      return value instanceof ArrayBuffer ? null : noMatch(value, validator);
    case "id":
      return checkId(value, validator);
    case "literal":
      return sameLiteral(value, validator.value)
        ? null
        : mismatch((context) => `\`${displayValue(value)}\` does not match literal validator \`${displayValidator(validator)}\`.${context}`);
    case "array":
      if (!Array.isArray(value)) return noMatch(value, validator);
      for (const [index, item] of value.entries()) {
        const found = within(`[${index}]`, check(item, validator.value));
        if (found) return found;
      }
      return null;
    case "record":
      if (!isPlainObject(value)) return noMatch(value, validator);
      for (const [key, item] of definedFields(value)) {
        const found =
          within(".keys()", check(key, validator.keys)) ?? within(".values()", check(item, validator.values.fieldType));
        if (found) return found;
      }
      return null;
    case "object":
      return isPlainObject(value) ? checkObject(value, validator.value) : noMatch(value, validator);
    case "union":
      if (validator.value.length === 1) return check(value, validator.value[0]);
      return validator.value.some((member) => check(value, member) === null) ? null : noMatch(value, validator);
  }
}

function render(found: Mismatch): string {
  return found.describe(found.path.length > 0 ? `Path: ${found.path.join("")}` : "");
}

/** Convex's message for arguments that do not match `args`, or null when they do. */
export function argumentError(argsValidator: ValidatorJson, args: unknown): string | null {
  if (argsValidator.type === "any") return null;
  if (!isPlainObject(args)) return `Expected to receive an object as the function's argument. Instead received: ${displayValue(args)}`;
  const found = check(args, argsValidator);
  return found && `ArgumentValidationError: ${render(found)}`;
}

/** Convex's message for a return value that does not match `returns`, or null when it does. */
export function returnsError(returnsValidator: ValidatorJson | null, value: unknown): string | null {
  if (returnsValidator === null || returnsValidator.type === "any") return null;
  const found = check(value === undefined ? null : value, returnsValidator);
  return found && `ReturnsValidationError: ${render(found)}`;
}

type Handler = (ctx: unknown, args: unknown) => Promise<unknown>;
type Registered = { _handler: Handler; exportArgs?: () => string; exportReturns?: () => string };

const ANY_ARGS = JSON.stringify({ type: "any" });

/**
 * The registered function's members that make it validate with Convex's
 * wording: the handler checks its arguments and return value itself, and
 * convex-test is told there is nothing to check.
 */
export function convexValidated(fn: Registered, handler: Handler): Pick<Registered, "_handler" | "exportArgs" | "exportReturns"> {
  let validators: { args: ValidatorJson; returns: ValidatorJson | null } | null = null;
  const load = () =>
    (validators ??= {
      args: JSON.parse(fn.exportArgs?.() ?? ANY_ARGS) as ValidatorJson,
      returns: JSON.parse(fn.exportReturns?.() ?? "null") as ValidatorJson | null,
    });
  return {
    exportArgs: () => ANY_ARGS,
    exportReturns: () => "null",
    _handler: async (ctx, args) => {
      const { args: argsValidator, returns: returnsValidator } = load();
      const argsProblem = argumentError(argsValidator, args ?? {});
      if (argsProblem) throw new PlainJsError(argsProblem);
      const value = await handler(ctx, args);
      const returnsProblem = returnsError(returnsValidator, value);
      if (returnsProblem) throw new PlainJsError(returnsProblem);
      return value;
    },
  };
}
