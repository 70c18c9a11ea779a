// The task page's former comment URL: the same forms as /comments (kept so posted links and clients work).
export { action } from "./comments";
