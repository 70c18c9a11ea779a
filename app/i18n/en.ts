// The English message catalogue, same shape as zh-CN (Messages): the compiler refuses a missing key.
// Feature sections live in ./sections/<feature>.ts beside their zh-CN twins.
import { zhCN, type Messages } from "./zh-CN";

// TODO(en locale): translations of the base sections replace this copy.
export const en: Messages = {
  ...zhCN,
  errors: {
    ...zhCN.errors,
  },
};
