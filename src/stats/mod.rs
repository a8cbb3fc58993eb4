//! `report`: exported group statistics held against the spec's KPI targets. [`read`] turns
//! CSV files into each group's figures per day of its term, [`formula`] computes each metric
//! as the seeds define it, and [`evaluate`] judges every KPI per group and for the community
//! over its period and phase.

mod columns;
mod evaluate;
mod formula;
mod html;
mod read;
mod show;

use std::collections::HashMap;

pub(crate) use columns::COLUMNS;
pub(crate) use evaluate::{Evaluation, evaluate};
pub(crate) use html::page;
pub(crate) use read::{Encoding, Reader};
pub(crate) use show::table;

use crate::analysis::Analysis;
use crate::spec::Date;

/// Version of `report --format json`.
pub(crate) const REPORT_VERSION: u32 = 1;

/// One group as statistics name it, with its term.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub(crate) name: String,
    pub(crate) key: String,
    /// Its day 1: `lifecycle.start`, later for a later cohort.
    pub(crate) start: Date,
    /// Its last day number; none for an ongoing community, whose statistics go on past the
    /// planned horizon.
    pub(crate) last_day: Option<i64>,
}

/// The spec's groups, found by key or by name.
#[derive(Debug)]
pub(crate) struct Groups {
    pub(crate) all: Vec<Group>,
    by_key: HashMap<String, usize>,
    by_name: HashMap<String, Vec<usize>>,
}

impl Groups {
    /// The groups of a checked spec, each with its cohort's dates; `None` without
    /// `lifecycle.start` (statistics are by date, and the plan then has day numbers only).
    pub(crate) fn of(analysis: &Analysis) -> Option<Groups> {
        let mut all = Vec::new();
        for (i, (seed, name)) in analysis.groups.iter().enumerate() {
            let schedule = analysis.cohort_schedule(analysis.cohort(i));
            let last_day = schedule.finite.then_some(schedule.last_day);
            all.push(Group { name: name.clone(), key: seed.key.clone(), start: schedule.start?, last_day });
        }
        let by_key = all.iter().enumerate().map(|(i, g)| (g.key.clone(), i)).collect();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, g) in all.iter().enumerate() {
            by_name.entry(g.name.clone()).or_default().push(i);
        }
        Some(Groups { all, by_key, by_name })
    }
}
