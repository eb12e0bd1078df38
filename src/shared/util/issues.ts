/**
 * The one way a validation failure (a zod error) is put into words: its first issue, with the
 * path dotted and '(root)' for the value as a whole. Each caller builds its own sentence around
 * it (what was being checked, what to do next); the path also goes into error params so the UI can
 * point at the field.
 */
export interface FirstIssue {
  /** Dotted path of the offending value, e.g. "stock.2.quantity"; `root` when the whole value. */
  path: string;
  message: string;
}

interface IssueList {
  readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
}

export function firstIssue(
  error: IssueList,
  root = '(root)',
  prefix: readonly PropertyKey[] = [],
): FirstIssue {
  const i = error.issues[0];
  const path = [...prefix, ...(i?.path ?? [])].map(String).join('.');
  return { path: path || root, message: i?.message ?? 'invalid' };
}

/** "<what> at <path>: <message>", the form protocol and request errors take. */
export function describeIssue(what: string, error: IssueList): string {
  const { path, message } = firstIssue(error);
  return `${what} at ${path}: ${message}`;
}
