// What the key-task page's action answers to a row save, a filing or a reopening.
export type KeyTaskReply = { ok: true; intent: string } | { ok: false; intent: string; formError?: string; fieldErrors?: Record<string, string> };
