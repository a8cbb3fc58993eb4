//! commspec: config-as-code for WeChat / WeCom community operations (私域社群运营).
//!
//! The pipeline, one module per stage:
//! 1. [`source`] finds spec files and reads them;
//! 2. `load` turns YAML into a located, schema-valid [`spec::Spec`], parsing it once (`yaml`)
//!    into the span index and the value tree, then checking the `schema`;
//! 3. `validate` checks ids and references, which later stages read resolved;
//! 4. `compile` expands the groups and plans the dated SOP;
//! 5. [`render`] renders every template in a sandbox, handing on an `analysis`;
//! 6. [`lint`] runs the craft's rules and the platform's limits ([`limits`]);
//!
//! 7. [`plan`] assembles the plan from the spec and the analysis; [`build`] renders the plan's
//!    artifacts; `emit` writes them atomically.
//!
//! `stats` holds exported group statistics against the spec's KPI targets (`commspec report`).
//!
//! [`check`] runs 1–6 on one text; [`report`] prints what was found; [`cli`] is the command line;
//! `watchdog` bounds the time and memory no template fuel counts; `diff` compares two sides'
//! compiled plans for review.
//!
//! Public is only what the binary, `tests/` and `fuzz/` use; the rest is private to the crate,
//! so the compiler reports what nothing uses.

mod analysis;
pub mod build;
pub mod check;
pub mod cli;
mod compile;
pub mod diagnostics;
mod diff;
mod emit;
pub mod i18n;
pub mod limits;
pub mod lint;
mod load;
pub mod plan;
pub mod render;
pub mod report;
mod rule;
mod schema;
pub mod source;
pub mod spec;
mod stats;
mod validate;
mod watchdog;
mod xlsx;
mod yaml;
