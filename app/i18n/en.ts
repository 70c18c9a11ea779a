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
import { checkSubstanceEn, checkSubstanceErrorsEn } from "./sections/check-substance";
import { battleMapExtraEn, battleMapExtraErrorsEn } from "./sections/battle-map";
import { battleMapWindowEn } from "./sections/battle-map-window";
import { technologiesEn, technologiesErrorsEn } from "./sections/technologies";
import { channelsEn, channelsErrorsEn, searchEn } from "./sections/channels";
import { resultsEn } from "./sections/results";
import { reportsEn } from "./sections/reports";
import { dashboardEn } from "./sections/dashboard";
import { talkEn, talkErrorsEn } from "./sections/talk";
import { boardPagesEn } from "./sections/board-pages";
import { keyTaskViewEn } from "./sections/key-task-view";
import { pageWindowEn } from "./sections/page-window";
import { taskLinksEn, taskLinksErrorsEn } from "./sections/task-links";
import { feedsEn } from "./sections/feeds";
import { creditEn, creditErrorsEn } from "./sections/credit";
import { shellEn } from "./sections/shell";
import { myWorkEn } from "./sections/my-work";
import { securityEn, securityErrorsEn } from "./sections/security";
import { setupEn, setupErrorsEn } from "./sections/setup";
import { projectSetupEn, projectSetupErrorsEn } from "./sections/project-setup";
import { governanceEn, governanceErrorsEn } from "./sections/governance";
import { exportsEn, exportsErrorsEn } from "./sections/exports";
import { importEn, importErrorsEn } from "./sections/import";
import { taskBookEn, taskBookErrorsEn } from "./sections/task-book";
import { milestonePageEn } from "./sections/milestone-page";
import { outsideBodiesEn, outsideBodiesErrorsEn } from "./sections/outside-bodies";

export const en: Messages = {
  ...baseEn,
  evidence: evidenceEn,
  indicators: indicatorsEn,
  responsibility: responsibilityEn,
  changes: changesEn,
  closeout: closeoutEn,
  checks: checksEn,
  checkSubstance: checkSubstanceEn,
  battleMapExtra: battleMapExtraEn,
  battleMapWindow: battleMapWindowEn,
  technologies: technologiesEn,
  results: resultsEn,
  reports: reportsEn,
  dashboard: dashboardEn,
  ...talkEn,
  setup: setupEn,
  projectSetup: projectSetupEn,
  governance: governanceEn,
  security: securityEn,
  exports: exportsEn,
  channels: channelsEn,
  search: searchEn,
  shell: shellEn,
  myWork: myWorkEn,
  taskLinks: taskLinksEn,
  boardPages: boardPagesEn,
  keyTaskView: keyTaskViewEn,
  pageWindow: pageWindowEn,
  feeds: feedsEn,
  credit: creditEn,
  import: importEn,
  taskBook: taskBookEn,
  milestonePage: milestonePageEn,
  outsideBodies: outsideBodiesEn,
  errors: {
    ...baseErrorsEn,
    ...evidenceErrorsEn,
    ...indicatorsErrorsEn,
    ...responsibilityErrorsEn,
    ...changesErrorsEn,
    ...closeoutErrorsEn,
    ...checksErrorsEn,
    ...checkSubstanceErrorsEn,
    ...battleMapExtraErrorsEn,
    ...technologiesErrorsEn,
    ...securityErrorsEn,
    ...talkErrorsEn,
    ...setupErrorsEn,
    ...projectSetupErrorsEn,
    ...governanceErrorsEn,
    ...importErrorsEn,
    ...exportsErrorsEn,
    ...channelsErrorsEn,
    ...taskLinksErrorsEn,
    ...taskBookErrorsEn,
    ...outsideBodiesErrorsEn,
    ...creditErrorsEn,
  },
};
