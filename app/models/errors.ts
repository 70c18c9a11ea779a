// Errors the model layer raises on purpose. `code` is a key of the i18n catalogue's `errors`
// section, so every adapter (route, socket) shows the same sentence in the user's language.
import type { ErrorCode } from "../i18n/catalog";

export class DomainError extends Error {
  constructor(
    public code: ErrorCode,
    public status: 400 | 403 | 404 | 409 | 413 | 415 | 429 = 400,
    public details: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}

export const forbidden = (details: Record<string, unknown> = {}) => new DomainError("forbidden", 403, details);
export const notFound = () => new DomainError("notFound", 404);
