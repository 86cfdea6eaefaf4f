import type { Doc } from "../../_generated/dataModel";
import { appError, ErrorCode } from "../../errors";
import type { CatalogueModel } from "../ai/catalogue";
import { isGuest } from "./guests";

/** Guests chat with standard models only; a premium model needs an account. */
export function assertModelAllowed(user: Doc<"users">, model: Pick<CatalogueModel, "tier"> | null | undefined): void {
  if (isGuest(user) && model?.tier === "premium") {
    throw appError(ErrorCode.SIGN_IN_REQUIRED, "Premium models need an account. Sign up to use them.", {
      feature: "premium_model",
    });
  }
}

/** Guests have no projects or tasks to include. */
export function assertContextAllowed(user: Doc<"users">, includeContext: boolean | undefined): void {
  if (isGuest(user) && includeContext) {
    throw appError(ErrorCode.SIGN_IN_REQUIRED, "Including your projects and tasks needs an account.", {
      feature: "projects_context",
    });
  }
}
