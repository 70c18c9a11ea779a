// The English message catalogue, same shape as zh-CN (Messages): the compiler refuses a missing key.
// Feature sections live in ./sections/<feature>.ts beside their zh-CN twins.
import type { Messages } from "./zh-CN";
import { baseEn, baseErrorsEn } from "./sections/base-en";
import { evidenceEn, evidenceErrorsEn } from "./sections/evidence";
import { indicatorsEn, indicatorsErrorsEn } from "./sections/indicators";
import { responsibilityEn, responsibilityErrorsEn } from "./sections/responsibility";
import { changesEn, changesErrorsEn } from "./sections/changes";
import { closeoutEn, closeoutErrorsEn } from "./sections/closeout";
import { checksEn, checksErrorsEn } from "./sections/checks";
import { battleMapExtraEn, battleMapExtraErrorsEn } from "./sections/battle-map";
import { technologiesEn, technologiesErrorsEn } from "./sections/technologies";
import { channelsEn, channelsErrorsEn, searchEn } from "./sections/channels";
import { resultsEn } from "./sections/results";
import { reportsEn } from "./sections/reports";
import { dashboardEn } from "./sections/dashboard";
import { talkEn, talkErrorsEn } from "./sections/talk";
import { taskLinksEn, taskLinksErrorsEn } from "./sections/task-links";
import { creditEn, creditErrorsEn } from "./sections/credit";
import { shellEn } from "./sections/shell";
import { myWorkEn } from "./sections/my-work";
import { securityEn, securityErrorsEn } from "./sections/security";
import { setupEn, setupErrorsEn } from "./sections/setup";
import { projectSetupEn, projectSetupErrorsEn } from "./sections/project-setup";
import { exportsEn, exportsErrorsEn } from "./sections/exports";
import { importEn, importErrorsEn } from "./sections/import";

export const en: Messages = {
  ...baseEn,
  evidence: evidenceEn,
  indicators: indicatorsEn,
  responsibility: responsibilityEn,
  changes: changesEn,
  closeout: closeoutEn,
  checks: checksEn,
  battleMapExtra: battleMapExtraEn,
  technologies: technologiesEn,
  results: resultsEn,
  reports: reportsEn,
  dashboard: dashboardEn,
  ...talkEn,
  setup: setupEn,
  projectSetup: projectSetupEn,
  security: securityEn,
  exports: exportsEn,
  channels: channelsEn,
  search: searchEn,
  shell: shellEn,
  myWork: myWorkEn,
  taskLinks: taskLinksEn,
  credit: creditEn,
  import: importEn,
  errors: {
    ...baseErrorsEn,
    ...evidenceErrorsEn,
    ...indicatorsErrorsEn,
    ...responsibilityErrorsEn,
    ...changesErrorsEn,
    ...closeoutErrorsEn,
    ...checksErrorsEn,
    ...battleMapExtraErrorsEn,
    ...technologiesErrorsEn,
    ...securityErrorsEn,
    ...talkErrorsEn,
    ...setupErrorsEn,
    ...projectSetupErrorsEn,
    ...importErrorsEn,
    ...exportsErrorsEn,
    ...channelsErrorsEn,
    ...taskLinksErrorsEn,
    ...creditErrorsEn,
  },
};
