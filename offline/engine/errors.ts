import { convexToJson, type JSONValue, type Value } from "convex/values";
import { isFunctionTermination } from "./function-guard";

export type ErrorReply = { message: string; data?: JSONValue };

const CONVEX_ERROR = Symbol.for("ConvexError");

export function isConvexError(error: unknown): error is Error & { data: Value } {
  return typeof error === "object" && error !== null && CONVEX_ERROR in error;
}

/** Stack frames inside the project's own code, with the reload marker removed. */
function projectFrames(stack: string | undefined): string {
  if (!stack) return "";
  const cwd = `file://${process.cwd()}/`;
  return stack
    .split("\n")
    .filter((line) => line.trim().startsWith("at ") && line.includes("/convex/") && !line.includes("node_modules"))
    .slice(0, 5)
    .map((line) => line.replace(/\?helm-gen=\d+/g, "").replace(cwd, "../").replace(`${process.cwd()}/`, "../"))
    .join("\n");
}

/**
 * The error as Convex reports it to clients: `Uncaught <Name>: message`,
 * followed (as on a dev deployment) by where it was thrown. A ConvexError's
 * data travels separately, unchanged.
 */
export function describeError(error: unknown): ErrorReply {
  // The engine ended the function (time limit, uncaught error): Convex's own words.
  if (isFunctionTermination(error)) return { message: error.message };
  if (isConvexError(error)) {
    return { message: `Uncaught ConvexError: ${error.message}`, data: convexToJson(error.data) };
  }
  if (error instanceof Error) {
    const frames = projectFrames(error.stack);
    return { message: `Uncaught ${error.name}: ${error.message}${frames ? `\n${frames}` : ""}` };
  }
  return { message: `Uncaught ${String(error)}` };
}
