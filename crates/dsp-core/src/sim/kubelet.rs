//! The node-side model: scheduler binding, image pulls, container start, crash loops, graceful
//! termination. Every step is a timer in simulated time; all tunable delays live in
//! `KubeletDefaults` (one place, documented values) and per-image `ImageBehavior`.

use super::{PodKey, Simulation, Timer};
use crate::model::{ContainerState, ContainerStatus, EventType, NodeReady, Pod, PodPhase};
use crate::time::SimDuration;

/// Every default delay of the simulated scheduler and kubelet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KubeletDefaults {
    /// Time a new pod stays `Pending` before the scheduler binds it (500 ms).
    pub schedule_delay: SimDuration,
    /// Default image pull time, shown as `ContainerCreating` (3 s).
    pub pull: SimDuration,
    /// Time a well-behaved container takes to stop after SIGTERM (2 s); capped by the pod's
    /// `terminationGracePeriodSeconds`.
    pub stop: SimDuration,
    /// How long a crashing container runs before it exits with code 1 (1 s).
    pub crash_after: SimDuration,
    /// Time between `ErrImagePull` and `ImagePullBackOff` (1 s).
    pub err_image_pull_hold: SimDuration,
    /// Kubelet back-off (image pulls and container restarts): starts at 10 s, doubles,
    /// capped at 300 s, like the real kubelet.
    pub backoff_initial: SimDuration,
    pub backoff_max: SimDuration,
}

impl Default for KubeletDefaults {
    fn default() -> Self {
        KubeletDefaults {
            schedule_delay: SimDuration::from_millis(500),
            pull: SimDuration::from_secs(3),
            stop: SimDuration::from_secs(2),
            crash_after: SimDuration::from_secs(1),
            err_image_pull_hold: SimDuration::from_secs(1),
            backoff_initial: SimDuration::from_secs(10),
            backoff_max: SimDuration::from_secs(300),
        }
    }
}

impl KubeletDefaults {
    /// The n-th back-off delay (n ≥ 1): 10 s, 20 s, 40 s, … capped.
    pub fn backoff(&self, n: u32) -> SimDuration {
        let shift = n.saturating_sub(1).min(20);
        SimDuration((self.backoff_initial.0 << shift).min(self.backoff_max.0))
    }
}

/// What happens when a node pulls and runs an image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageOutcome {
    /// Pulls, starts and stays up.
    Ok,
    /// The pull fails: `ErrImagePull`, then `ImagePullBackOff` with back-off.
    PullFails,
    /// Starts, then exits with code 1: `CrashLoopBackOff` with back-off.
    Crashes,
}

/// Per-image behaviour (`Simulation::set_image_behavior`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ImageBehavior {
    pub pull: SimDuration,
    pub outcome: ImageOutcome,
}

impl Simulation {
    /// Runs one kubelet/scheduler timer. Stale timers (pod gone or replaced) do nothing.
    pub(crate) fn fire_timer(&mut self, timer: Timer) {
        match timer {
            Timer::Bind(k) => self.bind_pod(&k),
            Timer::PullDone(k) => self.pull_done(&k),
            Timer::EnterImageBackOff(k) => self.enter_image_backoff(&k),
            Timer::RetryPull(k) => self.start_pull(&k),
            Timer::Crash(k) => self.crash(&k),
            Timer::Restart(k) => self.restart_container(&k),
            Timer::TerminationDone(k) => self.finish_termination(&k),
            Timer::Recheck(k) => self.mark_pod_dirty_by_key(&k),
            Timer::SyncDaemonSet(name) | Timer::RetryCreates(name) => self.mark_ds_all_dirty(&name),
            Timer::TaintEviction(k) => self.taint_evict(&k),
            Timer::NamespaceCleanup(ns) => self.namespace_cleanup(&ns),
            Timer::CrdCleanup(name) => self.crd_cleanup(&name),
        }
    }

    /// The pod a kubelet step acts on: this incarnation, not terminating, on a Ready node. A
    /// NotReady kubelet does nothing; its steps resume when the node is Ready again.
    fn kubelet_pod(&self, k: &PodKey) -> Option<&Pod> {
        if !self.node_ready_for(k) {
            return None;
        }
        self.live_pod(k).filter(|p| !p.is_terminating())
    }

    fn node_ready_for(&self, k: &PodKey) -> bool {
        let Some(p) = self.live_pod(k) else {
            return false;
        };
        match p.node_name.as_deref().and_then(|n| self.node(n)) {
            Some(n) => n.ready == NodeReady::True,
            None => false,
        }
    }

    /// The scheduler binds the pod to its target node.
    pub(crate) fn bind_pod(&mut self, k: &PodKey) {
        let now = self.now();
        let Some(pod) = self.live_pod(k) else { return };
        if pod.node_name.is_some() || pod.is_terminating() {
            return;
        }
        let Some(target) = pod.target_node.clone() else {
            return;
        };
        if self.node(&target).is_none() {
            return; // stays Pending; the controller deletes pods aimed at missing nodes
        }
        let name = pod.name.clone();
        self.with_pod(k, |p| p.node_name = Some(target.clone()));
        self.note_bound(&name, &target);
        self.pod_event(
            k,
            EventType::Normal,
            "Scheduled",
            format!("Successfully assigned default/{name} to {target}"),
            "default-scheduler",
        );
        self.start_pull(k);
        self.process_taint_eviction(k);
        let _ = now;
    }

    /// The kubelet starts the pod's containers (`ContainerCreating`): one after another, as
    /// `SyncPod` does, each after its image is ensured (pulled, or found present).
    pub(crate) fn start_pull(&mut self, k: &PodKey) {
        let Some(pod) = self.kubelet_pod(k) else {
            return;
        };
        if pod.container_statuses.is_empty() {
            self.with_pod(k, |p| {
                p.container_statuses = p
                    .containers
                    .iter()
                    .map(|c| ContainerStatus {
                        name: c.name.clone(),
                        image: c.image.clone(),
                        state: ContainerState::Waiting {
                            reason: "ContainerCreating".to_string(),
                        },
                        ready: false,
                        restart_count: 0,
                        last_termination: None,
                    })
                    .collect();
            });
        }
        self.runtime.entry(k.clone()).or_default().next_container = 0;
        self.start_next_container(k);
    }

    /// Walks the containers from the runtime's cursor: each one whose image needs no pull
    /// starts at once; the first that needs a pull schedules `PullDone` and stops the walk.
    /// At the end, failed pulls enter back-off and crashing containers are scheduled to exit.
    fn start_next_container(&mut self, k: &PodKey) {
        loop {
            let Some(pod) = self.kubelet_pod(k) else {
                return;
            };
            let i = self.runtime.get(k).map(|r| r.next_container).unwrap_or(0);
            let Some(c) = pod.containers.get(i) else {
                break;
            };
            let running = pod
                .container_statuses
                .get(i)
                .is_some_and(|s| matches!(s.state, ContainerState::Running { .. }));
            let (image, policy) = (c.image.clone(), c.image_pull_policy.clone());
            let present = pod
                .node_name
                .as_deref()
                .and_then(|n| self.node(n))
                .is_some_and(|n| n.images.contains(&image));
            if running {
                self.runtime.entry(k.clone()).or_default().next_container = i + 1;
                continue;
            }
            // imagePullPrecheck: Always pulls; IfNotPresent pulls what is missing; Never
            // only uses what is there.
            match (policy.as_str(), present) {
                ("Never", false) => {
                    let msg = format!(
                        "Container image \"{image}\" is not present with pull policy of Never"
                    );
                    self.pod_event(k, EventType::Warning, "ErrImageNeverPull", msg, "kubelet");
                    self.pod_event(
                        k,
                        EventType::Warning,
                        "Failed",
                        "Error: ErrImageNeverPull".to_string(),
                        "kubelet",
                    );
                    self.set_waiting(k, i, "ErrImageNeverPull");
                    self.runtime.entry(k.clone()).or_default().next_container = i + 1;
                }
                ("Always", _) | (_, false) => {
                    self.pod_event(
                        k,
                        EventType::Normal,
                        "Pulling",
                        format!("Pulling image \"{image}\""),
                        "kubelet",
                    );
                    let at = self.now() + self.image_behavior(&image).pull;
                    self.schedule(at, Timer::PullDone(k.clone()));
                    return;
                }
                _ => {
                    self.pod_event(
                        k,
                        EventType::Normal,
                        "Pulled",
                        format!("Container image \"{image}\" already present on machine"),
                        "kubelet",
                    );
                    self.run_container(k, i);
                    self.runtime.entry(k.clone()).or_default().next_container = i + 1;
                }
            }
        }
        self.update_pod_readiness(k);
        let Some(pod) = self.live_pod(k) else { return };
        let failed = pod.container_statuses.iter().any(
            |c| matches!(&c.state, ContainerState::Waiting { reason } if reason == "ErrImagePull"),
        );
        if failed {
            let at = self.now() + self.kubelet.err_image_pull_hold;
            self.schedule(at, Timer::EnterImageBackOff(k.clone()));
        }
    }

    fn set_waiting(&mut self, k: &PodKey, i: usize, reason: &str) {
        self.with_pod(k, |p| {
            if let Some(cs) = p.container_statuses.get_mut(i) {
                cs.state = ContainerState::Waiting {
                    reason: reason.to_string(),
                };
                cs.ready = false;
            }
        });
    }

    /// Creates and starts container `i` (its image is on the node).
    fn run_container(&mut self, k: &PodKey, i: usize) {
        let Some(name) = self
            .live_pod(k)
            .and_then(|p| p.containers.get(i))
            .map(|c| c.name.clone())
        else {
            return;
        };
        let now = self.now();
        self.pod_event(
            k,
            EventType::Normal,
            "Created",
            format!("Created container: {name}"),
            "kubelet",
        );
        self.pod_event(
            k,
            EventType::Normal,
            "Started",
            format!("Started container {name}"),
            "kubelet",
        );
        self.with_pod(k, |p| {
            if let Some(cs) = p.container_statuses.get_mut(i) {
                cs.state = ContainerState::Running { started: now };
                cs.ready = true;
            }
        });
        let crashes = self
            .live_pod(k)
            .and_then(|p| p.containers.get(i))
            .is_some_and(|c| self.image_behavior(&c.image).outcome == ImageOutcome::Crashes);
        if crashes {
            let at = now + self.kubelet.crash_after;
            self.schedule(at, Timer::Crash(k.clone()));
        }
    }

    /// The pull of the cursor's container finished: it failed (`ErrImagePull`) or the image
    /// is now on the node and the container starts; then the walk goes on.
    fn pull_done(&mut self, k: &PodKey) {
        let Some(pod) = self.kubelet_pod(k) else {
            return;
        };
        let i = self.runtime.get(k).map(|r| r.next_container).unwrap_or(0);
        let Some(c) = pod.containers.get(i) else {
            return;
        };
        let image = c.image.clone();
        let node = pod.node_name.clone();
        let b = self.image_behavior(&image);
        if b.outcome == ImageOutcome::PullFails {
            self.pod_event(
                k,
                EventType::Warning,
                "Failed",
                format!(
                    "Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found"
                ),
                "kubelet",
            );
            self.pod_event(
                k,
                EventType::Warning,
                "Failed",
                "Error: ErrImagePull".to_string(),
                "kubelet",
            );
            self.set_waiting(k, i, "ErrImagePull");
        } else {
            // The serial puller starts a pull as soon as it is asked, so no time is spent
            // waiting.
            self.pod_event(
                k,
                EventType::Normal,
                "Pulled",
                format!(
                    "Successfully pulled image \"{image}\" in {} ({} including waiting). Image size: {} bytes.",
                    b.pull,
                    b.pull,
                    image_size(&image)
                ),
                "kubelet",
            );
            if let Some(slot) = node.and_then(|n| self.node_slots.get(&n).copied()) {
                if let Some(Some(n)) = self.node_slab.get_mut(slot as usize) {
                    n.images.insert(image);
                }
            }
            self.run_container(k, i);
        }
        self.runtime.entry(k.clone()).or_default().next_container = i + 1;
        self.start_next_container(k);
    }

    fn enter_image_backoff(&mut self, k: &PodKey) {
        let Some(pod) = self.live_pod(k) else { return };
        if pod.is_terminating() {
            return;
        }
        let waiting: Vec<(usize, String)> = pod
            .container_statuses
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches!(&c.state, ContainerState::Waiting { reason } if reason == "ErrImagePull")
            })
            .map(|(i, c)| (i, c.image.clone()))
            .collect();
        if waiting.is_empty() {
            return;
        }
        let n = {
            let rt = self.runtime.entry(k.clone()).or_default();
            rt.pull_failures += 1;
            rt.pull_failures
        };
        for (i, image) in &waiting {
            self.with_pod(k, |p| {
                if let Some(cs) = p.container_statuses.get_mut(*i) {
                    cs.state = ContainerState::Waiting {
                        reason: "ImagePullBackOff".to_string(),
                    };
                }
            });
            self.pod_event(
                k,
                EventType::Normal,
                "BackOff",
                format!("Back-off pulling image \"{image}\""),
                "kubelet",
            );
            self.pod_event(
                k,
                EventType::Warning,
                "Failed",
                "Error: ImagePullBackOff".to_string(),
                "kubelet",
            );
        }
        let at = self.now() + self.kubelet.backoff(n);
        self.schedule(at, Timer::RetryPull(k.clone()));
    }

    fn crash(&mut self, k: &PodKey) {
        let Some(pod) = self.kubelet_pod(k) else {
            return;
        };
        let now = self.now();
        let crashing: Vec<usize> = pod
            .container_statuses
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches!(c.state, ContainerState::Running { .. })
                    && self.image_behavior(&c.image).outcome == ImageOutcome::Crashes
            })
            .map(|(i, _)| i)
            .collect();
        if crashing.is_empty() {
            return;
        }
        let (pod_name, pod_uid) = (pod.name.clone(), pod.uid.clone());
        let names: Vec<String> = crashing
            .iter()
            .filter_map(|&i| pod.container_statuses.get(i).map(|c| c.name.clone()))
            .collect();
        let n = {
            let rt = self.runtime.entry(k.clone()).or_default();
            rt.crashes += 1;
            rt.crashes
        };
        self.with_pod(k, |p| {
            for &i in &crashing {
                if let Some(cs) = p.container_statuses.get_mut(i) {
                    cs.state = ContainerState::Waiting {
                        reason: "CrashLoopBackOff".to_string(),
                    };
                    cs.ready = false;
                    cs.restart_count += 1;
                    cs.last_termination = Some(now);
                }
            }
        });
        for name in names {
            self.pod_event(
                k,
                EventType::Warning,
                "BackOff",
                format!(
                    "Back-off restarting failed container {name} in pod {}_default({})",
                    pod_name, pod_uid
                ),
                "kubelet",
            );
        }
        self.update_pod_readiness(k);
        let at = now + self.kubelet.backoff(n);
        self.schedule(at, Timer::Restart(k.clone()));
    }

    fn restart_container(&mut self, k: &PodKey) {
        let Some(pod) = self.kubelet_pod(k) else {
            return;
        };
        let now = self.now();
        let restarting: Vec<(usize, String)> = pod
            .container_statuses
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                matches!(&c.state, ContainerState::Waiting { reason } if reason == "CrashLoopBackOff")
            })
            .map(|(i, c)| (i, c.name.clone()))
            .collect();
        for (i, name) in &restarting {
            // Each restart ensures the image again (an `Always` pull goes to the registry; the
            // playground counts it as immediate) and creates a new container.
            if let Some(c) = self.live_pod(k).and_then(|p| p.containers.get(*i)).cloned() {
                if c.image_pull_policy == "Always" {
                    let b = self.image_behavior(&c.image);
                    self.pod_event(
                        k,
                        EventType::Normal,
                        "Pulling",
                        format!("Pulling image \"{}\"", c.image),
                        "kubelet",
                    );
                    self.pod_event(
                        k,
                        EventType::Normal,
                        "Pulled",
                        format!(
                            "Successfully pulled image \"{}\" in {} ({} including waiting). Image size: {} bytes.",
                            c.image, b.pull, b.pull, image_size(&c.image)
                        ),
                        "kubelet",
                    );
                } else {
                    self.pod_event(
                        k,
                        EventType::Normal,
                        "Pulled",
                        format!("Container image \"{}\" already present on machine", c.image),
                        "kubelet",
                    );
                }
            }
            self.pod_event(
                k,
                EventType::Normal,
                "Created",
                format!("Created container: {name}"),
                "kubelet",
            );
            self.with_pod(k, |p| {
                if let Some(cs) = p.container_statuses.get_mut(*i) {
                    cs.state = ContainerState::Running { started: now };
                    cs.ready = true;
                }
            });
            self.pod_event(
                k,
                EventType::Normal,
                "Started",
                format!("Started container {name}"),
                "kubelet",
            );
        }
        self.update_pod_readiness(k);
        if !restarting.is_empty() {
            let at = now + self.kubelet.crash_after;
            self.schedule(at, Timer::Crash(k.clone()));
        }
    }

    /// Recomputes pod phase/Ready from container statuses and schedules an availability
    /// re-check for `minReadySeconds`.
    pub(crate) fn update_pod_readiness(&mut self, k: &PodKey) {
        let now = self.now();
        let mut became_ready = false;
        self.with_pod(k, |p| {
            let all_ready =
                !p.container_statuses.is_empty() && p.container_statuses.iter().all(|c| c.ready);
            let any_started = p
                .container_statuses
                .iter()
                .any(|c| matches!(c.state, ContainerState::Running { .. }) || c.restart_count > 0);
            if any_started && p.phase == PodPhase::Pending {
                p.phase = PodPhase::Running;
            }
            if all_ready != p.ready {
                p.ready = all_ready;
                p.ready_transition = Some(now);
                became_ready = all_ready;
            }
        });
        if became_ready {
            if let Some(min_ready) = self.min_ready_for_pod(k) {
                if min_ready > 0 {
                    let at = now + SimDuration::from_secs(i64::from(min_ready));
                    self.schedule(at, Timer::Recheck(k.clone()));
                }
            }
        }
    }

    /// Starts graceful termination of a bound pod (the object stays until containers stop).
    pub(crate) fn begin_termination(&mut self, k: &PodKey, grace: i64) {
        let names: Vec<String> = match self.live_pod(k) {
            Some(p) => p
                .container_statuses
                .iter()
                .filter(|c| matches!(c.state, ContainerState::Running { .. }))
                .map(|c| c.name.clone())
                .collect(),
            None => return,
        };
        for name in names {
            self.pod_event(
                k,
                EventType::Normal,
                "Killing",
                format!("Stopping container {name}"),
                "kubelet",
            );
        }
        if !self.node_ready_for(k) {
            return; // a NotReady kubelet cannot stop anything; resumed on Ready
        }
        let stop = self.kubelet.stop.min(SimDuration::from_secs(grace.max(0)));
        let at = self.now() + stop;
        self.schedule(at, Timer::TerminationDone(k.clone()));
    }

    fn finish_termination(&mut self, k: &PodKey) {
        if let Some(name) = self
            .live_pod(k)
            .filter(|p| p.is_terminating())
            .map(|p| p.name.clone())
        {
            self.remove_pod(&name);
        }
    }

    /// The kubelet on a node that became Ready again resumes every pod it owns.
    pub(crate) fn resume_node(&mut self, node: &str) {
        let keys: Vec<(PodKey, bool, bool, i64)> = self
            .pods_on_node(node)
            .into_iter()
            .filter_map(|p| {
                Some((
                    self.key_of(&p.name)?,
                    p.is_terminating(),
                    p.ready,
                    p.deletion_grace_seconds
                        .unwrap_or(p.termination_grace_period_seconds),
                ))
            })
            .collect();
        for (k, terminating, ready, grace) in keys {
            if terminating {
                let stop = self.kubelet.stop.min(SimDuration::from_secs(grace.max(0)));
                let at = self.now() + stop;
                self.schedule(at, Timer::TerminationDone(k));
            } else if !ready {
                self.start_pull(&k);
            }
        }
    }
}

/// A plausible, stable compressed size for an image the playground pulls (20 to 200 MB,
/// derived from its name; the simulator has no registry).
fn image_size(image: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in image.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    20_000_000 + h % 180_000_000
}
