//! The demo world in motion: the generator's account evaluated at a moving
//! instant, so `scripts/run` shows batches starting, progressing, finishing,
//! stalling and arriving without a test hook.
//!
//! Everything is a pure function of (seed, start, world instant): a batch
//! that was PENDING, THROTTLED or RUNNING at the start follows a timeline
//! drawn from its own seed, new batches arrive on a schedule drawn from the
//! account's seed, and the list, batch get, counts and job endpoints all read
//! one [`World`] built for that instant, so they agree with each other.

use super::data::{fnv1a, DemoBatch, Project, Rng, DEMO_BATCHES};
use super::jobs;
use batches_core::model::{Batch, BatchConfig, BatchStatus, JobConfig};
use batches_core::time::{self, Instant};
use std::sync::Arc;

/// Where the demo reads the time: the wall clock when served, a clock the
/// test advances in tests (so they never sleep).
pub type Clock = Arc<dyn Fn() -> Instant + Send + Sync>;

/// How far a moving batch's run got: files handed out and files finished
/// (the first `finished` of them); the job plan reads it instead of drawing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    pub listed: u32,
    pub finished: u32,
}

const SEC: i64 = 1_000;
const MIN: i64 = 60 * SEC;

/// Every batch of the account at one instant, newest first. Batches that
/// arrived after the start sit above the generated ones, so a batch's
/// `index` (which job ids encode) never changes as the world moves.
#[derive(Clone, Debug)]
pub struct World {
    pub batches: Vec<DemoBatch>,
    arrivals: usize,
}

impl World {
    /// The generator's world as it is, with no arrivals.
    pub fn fixed(batches: Vec<DemoBatch>) -> World {
        World {
            batches,
            arrivals: 0,
        }
    }

    /// The list position of the batch with this `index`.
    pub fn position(&self, index: usize) -> Option<usize> {
        let generated = self.batches.len() - self.arrivals;
        if index < generated {
            Some(self.arrivals + index)
        } else if index < generated + self.arrivals {
            Some(self.arrivals - 1 - (index - generated))
        } else {
            None
        }
    }

    /// The batch with this `index`, as job ids name it.
    pub fn by_index(&self, index: usize) -> Option<&DemoBatch> {
        self.batches.get(self.position(index)?)
    }
}

/// One batch's future, drawn from its seed: when it leaves the queue, how
/// fast its jobs finish, whether it stalls and how it ends.
struct Timeline {
    throttle_at: Option<Instant>,
    run_at: Instant,
    per_job: i64,
    /// (work done when it stalls, how long it stalls), in ms.
    stall: Option<(i64, i64)>,
    fails: bool,
    start: Progress,
}

impl Timeline {
    fn of(b: &DemoBatch, origin: Instant) -> Timeline {
        let mut rng = Rng::new(b.seed ^ 0x11fe_c10c);
        let per_job = 150 + rng.below(1_350) as i64;
        let fails = rng.unit() < 0.12;
        let stalls = rng.unit() < 0.15;
        let stall = (
            rng.below(5 * MIN as u64) as i64,
            32 * MIN + rng.below(28 * MIN as u64) as i64,
        );
        let wait = 20 * SEC + rng.below(150 * SEC as u64) as i64;
        let throttles = rng.unit() < 0.3;
        let (throttle_at, run_at) = match b.batch.status {
            Some(BatchStatus::Running) => (None, origin),
            Some(BatchStatus::Throttled) => (Some(origin), Instant(origin.0 + wait)),
            _ => (
                throttles.then_some(Instant(origin.0 + wait / 2)),
                Instant(origin.0 + wait),
            ),
        };
        Timeline {
            throttle_at,
            run_at,
            per_job,
            stall: stalls.then_some(stall),
            fails,
            start: jobs::progress(b),
        }
    }

    /// Running time at `t` that produced work (a stall produces none).
    fn work(&self, t: Instant) -> i64 {
        let e = (t.0 - self.run_at.0).max(0);
        match self.stall {
            Some((after, len)) if e > after => after.max(e - len),
            _ => e,
        }
    }

    /// The instant `work` ms of work had been done.
    fn wall(&self, work: i64) -> Instant {
        let pause = match self.stall {
            Some((after, len)) if work > after => len,
            _ => 0,
        };
        Instant(self.run_at.0 + work + pause)
    }
}

/// Whether the batch still moves after the start (the others are history).
fn active(b: &DemoBatch) -> bool {
    matches!(
        b.batch.status,
        Some(BatchStatus::Pending | BatchStatus::Throttled | BatchStatus::Running)
    )
}

/// Batch `b`, as it was at `origin`, evaluated at `t`.
pub fn evolve(b: &DemoBatch, origin: Instant, t: Instant) -> DemoBatch {
    if t <= origin || !active(b) {
        return b.clone();
    }
    let tl = Timeline::of(b, origin);
    let was = b
        .batch
        .updated_at
        .as_deref()
        .and_then(|u| time::parse_rfc3339(u).ok())
        .unwrap_or(b.created);
    let n = b.file_count;
    let (status, updated, progress) = if t < tl.run_at {
        match tl.throttle_at {
            Some(at) if t >= at => (BatchStatus::Throttled, was.max(at), Progress::default()),
            _ => (BatchStatus::Pending, was, Progress::default()),
        }
    } else {
        let done = tl.start.finished;
        let finished = (i64::from(done) + tl.work(t) / tl.per_job).min(i64::from(n)) as u32;
        let listed = n.min(tl.start.listed.max(finished + (n / 10).max(1)));
        let progress = Progress { listed, finished };
        let at = |k: u32| tl.wall(i64::from(k - done) * tl.per_job);
        if finished >= n {
            let end = if tl.fails {
                BatchStatus::Failed
            } else {
                BatchStatus::Completed
            };
            (end, at(n), progress)
        } else if finished > done {
            (BatchStatus::Running, at(finished), progress)
        } else {
            (BatchStatus::Running, was.max(tl.run_at), progress)
        }
    };
    let mut out = b.clone();
    out.batch.status = Some(status);
    out.batch.updated_at = Some(time::format_utc(updated));
    out.live = Some(progress);
    out
}

/// When the batches arriving after `start` arrive, up to `t`: one every one
/// to two minutes.
fn arrival_times(seed: u64, start: Instant, t: Instant) -> Vec<Instant> {
    let mut out = Vec::new();
    let mut at = start.0;
    loop {
        let k = out.len() as u64;
        at += MIN + (fnv1a(&[&seed.to_le_bytes(), &k.to_le_bytes(), b"gap"]) % MIN as u64) as i64;
        if at > t.0 {
            return out;
        }
        out.push(Instant(at));
    }
}

/// The `k`-th batch to arrive after the start, as it is when it arrives.
fn arrival(seed: u64, projects: &[Project], k: usize, at: Instant) -> DemoBatch {
    let mut rng = Rng::new(fnv1a(&[
        &seed.to_le_bytes(),
        &(k as u64).to_le_bytes(),
        b"new",
    ]));
    let project = &projects[rng.below(projects.len() as u64) as usize];
    let dir = &project.directories[rng.below(project.directories.len() as u64) as usize];
    let (cfg, job_type) =
        &project.configurations[rng.below(project.configurations.len() as u64) as usize];
    let file_count = 1 + (599.0 * rng.unit().powi(2)) as u32;
    let seed = rng.next_u64();
    DemoBatch {
        batch: Batch {
            id: format!("bat-{seed:016x}"),
            config: Some(BatchConfig {
                job: Some(JobConfig {
                    configuration_id: Some(cfg.clone()),
                    job_type: Some(job_type.clone()),
                }),
            }),
            project_id: Some(project.id.clone()),
            source_directory_id: Some(dir.id.clone()),
            status: Some(BatchStatus::Pending),
            created_at: Some(time::format_utc(at)),
            updated_at: Some(time::format_utc(at)),
            results: None,
        },
        created: at,
        organization_id: project.organization_id.clone(),
        file_count,
        seed,
        index: DEMO_BATCHES + k,
        showcase: false,
        results_showcase: false,
        cancelled_from: None,
        live: None,
    }
}

/// The account at world instant `t`: `base` is the generator's world at
/// `start`; `changed` holds batches someone cancelled or finished, by id,
/// which stay as they were left.
pub fn world_at(
    seed: u64,
    projects: &[Project],
    base: &[DemoBatch],
    start: Instant,
    t: Instant,
    changed: &std::collections::HashMap<String, DemoBatch>,
) -> World {
    let times = arrival_times(seed, start, t);
    let mut batches = Vec::with_capacity(base.len() + times.len());
    for (k, at) in times.iter().enumerate().rev() {
        batches.push(evolve(&arrival(seed, projects, k, *at), *at, t));
    }
    batches.extend(base.iter().map(|b| evolve(b, start, t)));
    if !changed.is_empty() {
        for b in batches.iter_mut() {
            if let Some(c) = changed.get(&b.batch.id) {
                *b = c.clone();
            }
        }
    }
    World {
        batches,
        arrivals: times.len(),
    }
}
