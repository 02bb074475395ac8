//! The built-in demo data set: a deterministic, realistic LlamaCloud account.
//!
//! Everything derives from a seed and the instant the server started, so a
//! newcomer sees a lived-in account ("last 24 hours" has rows, some batches
//! are still running) and tests can recompute what any request should return.
//! Per-file results are generated when asked for, never stored: 2,400 batches
//! of up to 1,000 files would otherwise cost megabytes for nothing.

use batches_core::model::{Batch, BatchConfig, BatchStatus, JobConfig, JobType};
use batches_core::time::{self, Instant};

/// How many batches the demo account holds.
pub const DEMO_BATCHES: usize = 2_400;
const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// SplitMix64: tiny, fast and good enough to make data look organic.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn hex(&mut self, len: usize) -> String {
        let mut s = String::with_capacity(len);
        while s.len() < len {
            s.push_str(&format!("{:016x}", self.next_u64()));
        }
        s.truncate(len);
        s
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// A deterministic 64-bit hash for deriving stable per-item facts from ids.
pub fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A project of the demo account, with the organisation it belongs to.
#[derive(Clone, Debug)]
pub struct Project {
    pub id: String,
    pub organization_id: String,
    pub directories: Vec<Directory>,
    pub configurations: Vec<(String, JobType)>,
}

/// A source directory batches read their files from.
#[derive(Clone, Debug)]
pub struct Directory {
    pub id: String,
    pub name: String,
}

/// One stored batch plus the facts needed to regenerate its results.
#[derive(Clone, Debug)]
pub struct DemoBatch {
    pub batch: Batch,
    pub created: Instant,
    pub organization_id: String,
    pub file_count: u32,
    pub seed: u64,
    /// Its position in the list, newest first: job ids encode it.
    pub index: usize,
    /// The batch whose files tests can rely on (see [`super::jobs`]).
    pub showcase: bool,
    /// The newest COMPLETED batch of its job type with 20+ files: some of
    /// its files' results are fixed for tests (see [`super::results`]).
    pub results_showcase: bool,
    /// The status the demo's cancel found, so the files the run had handed
    /// out keep their results and only unfinished jobs become CANCELLED.
    pub cancelled_from: Option<BatchStatus>,
    /// How far its run got in a live world (see [`super::live`]); `None`
    /// in the generator's own world, where the job plan draws it.
    pub live: Option<super::live::Progress>,
}

const DIRECTORY_NAMES: [&str; 8] = [
    "contracts-2026",
    "invoices-inbox",
    "board-decks",
    "support-tickets",
    "research-papers",
    "hr-onboarding",
    "claims-scans",
    "product-manuals",
];

const FILE_STEMS: [&str; 16] = [
    "invoice",
    "master-services-agreement",
    "Q3 board deck",
    "résumé (final) <draft>",
    "scan",
    "purchase_order",
    "annual-report",
    "NDA_signed",
    "meeting notes",
    "claim-form",
    "datasheet",
    "rental agreement & addendum",
    "payslip",
    "whitepaper",
    "receipt",
    "user-manual",
];

const EXTENSIONS: [&str; 8] = [
    ".pdf", ".pdf", ".pdf", ".docx", ".pptx", ".xlsx", ".png", ".jpg",
];

fn id_with(prefix: &str, rng: &mut Rng) -> String {
    format!("{prefix}-{}", rng.hex(16))
}

/// The demo account's projects, directories and configurations.
pub fn projects(seed: u64) -> Vec<Project> {
    let mut rng = Rng::new(seed ^ 0x005e_ed0f_9a77);
    let orgs = [id_with("org", &mut rng), id_with("org", &mut rng)];
    (0..4)
        .map(|p| {
            let directories = (0..2)
                .map(|d| Directory {
                    id: id_with("dir", &mut rng),
                    name: DIRECTORY_NAMES[p * 2 + d].to_string(),
                })
                .collect();
            let configurations = vec![
                (id_with("cfg", &mut rng), JobType::ParseV2),
                (id_with("cfg", &mut rng), JobType::ParseV2),
                (id_with("cfg", &mut rng), JobType::ExtractV2),
            ];
            Project {
                id: id_with("prj", &mut rng),
                organization_id: orgs[p / 3].clone(),
                directories,
                configurations,
            }
        })
        .collect()
}

fn weighted(rng: &mut Rng, table: &[(BatchStatus, u32)]) -> BatchStatus {
    let total: u32 = table.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(total as u64) as u32;
    for (s, w) in table {
        if roll < *w {
            return s.clone();
        }
        roll -= w;
    }
    table[0].0.clone()
}

fn status_for_age(rng: &mut Rng, age_ms: i64) -> BatchStatus {
    use BatchStatus::*;
    if age_ms < 10 * 60_000 {
        weighted(rng, &[(Pending, 30), (Throttled, 15), (Running, 55)])
    } else if age_ms < 3 * HOUR_MS {
        weighted(
            rng,
            &[
                (Running, 40),
                (Throttled, 6),
                (Pending, 4),
                (Completed, 38),
                (Failed, 8),
                (Cancelled, 4),
            ],
        )
    } else {
        weighted(
            rng,
            &[(Completed, 85), (Failed, 9), (Cancelled, 5), (Running, 1)],
        )
    }
}

/// Generates the account's batches, newest first, as of `now`.
pub fn generate(seed: u64, now: Instant) -> Vec<DemoBatch> {
    let projects = projects(seed);
    let mut rng = Rng::new(seed);
    let mut out: Vec<DemoBatch> = (0..DEMO_BATCHES)
        .map(|i| {
            let roll = rng.unit();
            let age = if roll < 0.10 {
                (rng.unit() * 3.0 * HOUR_MS as f64) as i64
            } else if roll < 0.20 {
                (rng.unit() * DAY_MS as f64) as i64
            } else {
                (rng.unit() * 60.0 * DAY_MS as f64) as i64
            };
            let created = Instant(now.0 - age);
            let project = rng.pick(&projects).clone();
            let dir = rng.pick(&project.directories).clone();
            let (cfg, job_type) = rng.pick(&project.configurations).clone();
            let file_count = if i % 97 == 5 {
                1000
            } else {
                1 + (999.0 * rng.unit().powi(4)) as u32
            };
            let status = status_for_age(&mut rng, age);
            let work_ms = file_count as i64 * (500 + rng.below(4000) as i64);
            let updated = match status {
                BatchStatus::Pending => created,
                BatchStatus::Throttled => Instant(created.0 + (age / 4).min(60_000)),
                BatchStatus::Running => Instant(now.0 - (rng.below(90_000) as i64).min(age)),
                _ => Instant(created.0 + work_ms.min(age)),
            };
            let seed = rng.next_u64();
            DemoBatch {
                batch: Batch {
                    id: format!("bat-{:016x}", seed),
                    config: Some(BatchConfig {
                        job: Some(JobConfig {
                            configuration_id: Some(cfg),
                            job_type: Some(job_type),
                        }),
                    }),
                    project_id: Some(project.id.clone()),
                    source_directory_id: Some(dir.id.clone()),
                    status: Some(status),
                    created_at: Some(time::format_utc(created)),
                    updated_at: Some(time::format_utc(updated)),
                    results: None,
                },
                created,
                organization_id: project.organization_id.clone(),
                file_count,
                seed,
                index: 0,
                showcase: false,
                results_showcase: false,
                cancelled_from: None,
                live: None,
            }
        })
        .collect();
    sort_newest_first(&mut out);
    for (i, b) in out.iter_mut().enumerate() {
        b.index = i;
    }
    if let Some(b) = out
        .iter_mut()
        .find(|b| b.batch.status == Some(BatchStatus::Completed) && b.file_count >= 20)
    {
        b.showcase = true;
    }
    for job_type in [JobType::ParseV2, JobType::ExtractV2] {
        if let Some(b) = out.iter_mut().find(|b| {
            b.batch.status == Some(BatchStatus::Completed)
                && b.file_count >= 20
                && b.batch.job_type() == Some(&job_type)
        }) {
            b.results_showcase = true;
        }
    }
    out
}

/// The list's order: newest first, ties broken by id so pages never overlap.
pub fn sort_newest_first(batches: &mut [DemoBatch]) {
    batches.sort_by(|a, b| {
        b.created
            .cmp(&a.created)
            .then_with(|| a.batch.id.cmp(&b.batch.id))
    });
}

/// The id of the `index`-th file of a batch; its display name derives from it.
pub fn file_id(batch_seed: u64, index: u32) -> String {
    let h = fnv1a(&[&batch_seed.to_le_bytes(), &index.to_le_bytes()]);
    format!("dfl-{h:016x}")
}

/// The display name of a file, derived from its id so a lookup needs no storage.
pub fn display_name(file_id: &str) -> Option<String> {
    let hex = file_id.strip_prefix("dfl-")?;
    if hex.len() != 16 {
        return None;
    }
    let h = u64::from_str_radix(hex, 16).ok()?;
    let stem = FILE_STEMS[(h % FILE_STEMS.len() as u64) as usize];
    let ext = EXTENSIONS[((h >> 8) % EXTENSIONS.len() as u64) as usize];
    Some(format!("{stem}-{:04}{ext}", (h >> 16) % 10_000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn now() -> Instant {
        time::parse_rfc3339("2026-11-29T12:00:00Z").unwrap()
    }

    #[test]
    fn deterministic_for_a_seed_and_instant() {
        let a = generate(7, now());
        let b = generate(7, now());
        assert_eq!(a.len(), DEMO_BATCHES);
        assert!(a.iter().zip(&b).all(|(x, y)| x.batch == y.batch));
        assert_ne!(generate(8, now())[0].batch, a[0].batch);
    }

    #[test]
    fn realistic_spread() {
        let all = generate(1, now());
        let statuses: HashSet<_> = all.iter().filter_map(|b| b.batch.status.clone()).collect();
        assert_eq!(statuses.len(), 6, "{statuses:?}");
        let day = all
            .iter()
            .filter(|b| b.created.0 >= now().0 - DAY_MS)
            .count();
        assert!(day > 100, "{day} batches in the last day");
        assert!(all.iter().all(|b| b.created.0 > now().0 - 60 * DAY_MS));
        assert!(all.iter().any(|b| b.file_count == 1000));
        assert!(all.iter().all(|b| (1..=1000).contains(&b.file_count)));
        let types: HashSet<_> = all
            .iter()
            .filter_map(|b| b.batch.job_type().cloned())
            .collect();
        assert_eq!(types.len(), 2);
        let ids: HashSet<_> = all.iter().map(|b| &b.batch.id).collect();
        assert_eq!(ids.len(), all.len());
        assert!(all.windows(2).all(|w| w[0].created >= w[1].created));
    }

    #[test]
    fn results_have_names_and_mapping_errors_only_without_jobs() {
        let all = generate(1, now());
        let failed = all
            .iter()
            .find(|b| b.batch.status == Some(BatchStatus::Failed) && b.file_count > 50)
            .unwrap();
        let r = super::super::jobs::results(failed).unwrap();
        assert!(!r.is_empty() && r.len() <= failed.file_count as usize);
        assert!(r
            .iter()
            .any(|f| f.error_message.is_some() && f.job_reference.is_none()));
        assert!(r
            .iter()
            .all(|f| f.error_message.is_none() || f.job_reference.is_none()));
        let id = r[0].source_directory_file_id.clone().unwrap();
        assert!(display_name(&id).is_some());
        assert_eq!(display_name("dfl-nothex"), None);
        let pending = all
            .iter()
            .find(|b| b.batch.status == Some(BatchStatus::Pending))
            .unwrap();
        assert_eq!(super::super::jobs::results(pending), None);
        assert!(all.iter().enumerate().all(|(i, b)| b.index == i));
    }
}
