// Property tests run with a fixed seed in CI so a red run can be replayed; set FC_SEED to explore others.
import fc from "fast-check";

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261123) });
