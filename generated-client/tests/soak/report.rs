//! What the soak measures of the process (memory, sockets, tasks) and the report it prints.

use std::collections::BTreeMap;
use std::time::Duration;

/// A value of `/proc/self/status` in KiB (`VmRSS`, `VmHWM`); 0 where `/proc` is missing.
pub fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
        .unwrap_or(0)
}

/// How many of this process's file descriptors are sockets.
pub fn open_sockets() -> usize {
    let Ok(entries) = std::fs::read_dir("/proc/self/fd") else { return 0 };
    entries
        .filter_map(|entry| std::fs::read_link(entry.ok()?.path()).ok())
        .filter(|target| target.to_string_lossy().starts_with("socket:"))
        .count()
}

/// The process's state at one moment.
#[derive(Debug, Clone, Copy)]
pub struct Snapshot {
    pub rss_kib: u64,
    pub sockets: usize,
    pub tasks: usize,
}

impl Snapshot {
    pub fn now() -> Snapshot {
        Snapshot {
            rss_kib: status_kib("VmRSS"),
            sockets: open_sockets(),
            tasks: tokio::runtime::Handle::current().metrics().num_alive_tasks(),
        }
    }
}

/// Everything one run gives.
pub struct Report {
    pub seed: u64,
    pub calls: u64,
    pub deadline: Duration,
    pub elapsed: Duration,
    pub outcomes: BTreeMap<String, u64>,
    /// Each call's latency, sorted.
    pub latencies: Vec<Duration>,
    pub requests: u64,
    pub max_post_actions: u32,
    pub waves: u64,
    pub refreshes_ok: u64,
    pub refreshes_failed: u64,
    pub peak_rss_kib: u64,
    pub before: Snapshot,
    pub warm: Snapshot,
    pub after: Snapshot,
    pub limited: Limited,
}

/// The rate-limited phase: its calls, how they ended, the requests sent, and the 429s of the
/// enforced window (the random 429 faults aside).
#[derive(Debug)]
pub struct Limited {
    pub calls: u64,
    pub outcomes: BTreeMap<String, u64>,
    pub requests: u64,
    pub window_429s: u64,
}

impl Report {
    pub fn percentile(&self, p: f64) -> Duration {
        let index = ((self.latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
        self.latencies.get(index).copied().unwrap_or_default()
    }

    pub fn max_latency(&self) -> Duration {
        self.latencies.last().copied().unwrap_or_default()
    }

    pub fn print(&self) {
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1e3);
        println!("soak: seed {}, {} calls in {:.1} s", self.seed, self.calls, self.elapsed.as_secs_f64());
        for (kind, count) in &self.outcomes {
            println!("  {kind:<28} {count}");
        }
        println!(
            "  latency p50 {}, p99 {}, max {} (deadline {}, max/deadline {:.3})",
            ms(self.percentile(0.5)),
            ms(self.percentile(0.99)),
            ms(self.max_latency()),
            ms(self.deadline),
            self.max_latency().as_secs_f64() / self.deadline.as_secs_f64()
        );
        println!(
            "  requests {} ({:.2} per call); most actions on one POST: {}",
            self.requests,
            self.requests as f64 / self.calls as f64,
            self.max_post_actions
        );
        println!(
            "  waves of 401s {}, refreshes {} ok + {} failed",
            self.waves, self.refreshes_ok, self.refreshes_failed
        );
        let limited = &self.limited;
        println!(
            "  rate-limited phase: {} calls, {} requests, {} answered 429 by the window; {:?}",
            limited.calls, limited.requests, limited.window_429s, limited.outcomes
        );
        println!("  peak RSS {} KiB", self.peak_rss_kib);
        for (name, s) in [("before", self.before), ("after warm-up", self.warm), ("at the end", self.after)] {
            println!("  {name:<14} RSS {} KiB, sockets {}, tokio tasks alive {}", s.rss_kib, s.sockets, s.tasks);
        }
    }
}
