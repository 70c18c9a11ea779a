// Demo data of the later features (indicators, 销号, V-model, checks, results, reports), each in its own
// module under db/seed-extras/. The stories register their steps on the core history's timeline and
// write through the model functions, finding rows by their natural keys (unit short name, username, task
// code), never by id.
import type { DemoStory } from "./seed-history";
import { seedVmodel } from "./seed-extras/vmodel";
import { seedChecks } from "./seed-extras/checks";
import { seedResults } from "./seed-extras/results";
import { seedIndicators } from "./seed-extras/indicators";
import { seedCloseout } from "./seed-extras/closeout";
import { seedResponsibility } from "./seed-extras/responsibility";
import { seedSupervision } from "./seed-extras/supervision";

/** The parts written through the model functions, as their people, on the history's timeline (seed-history.ts). */
export const SEED_STORIES: DemoStory[] = [seedIndicators, seedResponsibility, seedCloseout, seedSupervision, seedVmodel, seedResults, seedChecks];
