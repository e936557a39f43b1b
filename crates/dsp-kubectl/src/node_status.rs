//! What a kubelet reports about its node, for `get node -o yaml` and `describe node`: the four
//! conditions (kubelet's `setNodeStatus` setters; the node lifecycle controller's `Unknown`
//! when the kubelet stops posting), capacity and allocatable of the playground's node shape,
//! the system info IDs, and the node's Lease.
//!
//! The simulator's nodes have no real machine: every node has the same shape (2 CPUs, about
//! 4 GiB of memory, 110 pods), and its IDs are derived from its uid so they stay stable.

use dsp_core::model::{Node, NodeReady};
use dsp_core::time::{SimDuration, SimTime};

/// `status.capacity` of every simulated node, sorted by resource name.
pub(crate) const CAPACITY: &[(&str, &str)] = &[
    ("cpu", "2"),
    ("ephemeral-storage", "20134592Ki"),
    ("hugepages-1Gi", "0"),
    ("hugepages-2Mi", "0"),
    ("memory", "4019880Ki"),
    ("pods", "110"),
];

/// `status.allocatable`: capacity less the kubelet's default hard eviction thresholds
/// (`memory.available<100Mi`, `nodefs.available<10%`), no reservations.
pub(crate) const ALLOCATABLE: &[(&str, &str)] = &[
    ("cpu", "2"),
    ("ephemeral-storage", "18556039987"),
    ("hugepages-1Gi", "0"),
    ("hugepages-2Mi", "0"),
    ("memory", "3917480Ki"),
    ("pods", "110"),
];

/// The node lifecycle controller's `node-monitor-grace-period` (v1.33 default 40s, and the
/// kubelet's lease duration): how long after the kubelet's last heartbeat its node turns
/// `Unknown`.
pub(crate) const NODE_MONITOR_GRACE: SimDuration = SimDuration::from_secs(40);

/// One node condition as kubectl prints it.
pub(crate) struct Condition {
    pub type_: &'static str,
    pub status: &'static str,
    pub heartbeat: SimTime,
    pub transition: SimTime,
    pub reason: &'static str,
    pub message: &'static str,
}

/// When the kubelet last posted: now while it runs; for an `Unknown` node, the last heartbeat
/// before the controller gave up on it.
pub(crate) fn last_heartbeat(n: &Node, now: SimTime) -> SimTime {
    match n.ready {
        NodeReady::Unknown => SimTime(n.ready_transition.0.saturating_sub(NODE_MONITOR_GRACE.0)),
        _ => now,
    }
}

/// MemoryPressure, DiskPressure, PIDPressure and Ready, in the kubelet's order.
pub(crate) fn conditions(n: &Node, now: SimTime) -> Vec<Condition> {
    let heartbeat = last_heartbeat(n, now);
    if n.ready == NodeReady::Unknown {
        // nodelifecycle's tryUpdateNodeHealth: every condition the kubelet posted becomes
        // Unknown, with the same reason and message, at the moment the grace period ran out.
        return ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]
            .into_iter()
            .map(|type_| Condition {
                type_,
                status: "Unknown",
                heartbeat,
                transition: n.ready_transition,
                reason: "NodeStatusUnknown",
                message: "Kubelet stopped posting node status.",
            })
            .collect();
    }
    let pressure = |type_, reason, message| Condition {
        type_,
        status: "False",
        heartbeat,
        transition: n.created,
        reason,
        message,
    };
    let (status, reason, message) = match n.ready {
        NodeReady::True => ("True", "KubeletReady", "kubelet is posting ready status"),
        _ => (
            "False",
            "KubeletNotReady",
            "container runtime network not ready",
        ),
    };
    vec![
        pressure(
            "MemoryPressure",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available",
        ),
        pressure(
            "DiskPressure",
            "KubeletHasNoDiskPressure",
            "kubelet has no disk pressure",
        ),
        pressure(
            "PIDPressure",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available",
        ),
        Condition {
            type_: "Ready",
            status,
            heartbeat,
            transition: n.ready_transition,
            reason,
            message,
        },
    ]
}

/// 64 bits of FNV-1a over the node's uid and name and a salt.
fn digest(n: &Node, salt: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in n.uid.bytes().chain(n.name.bytes()).chain(salt.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn hex32(n: &Node, salt: &str) -> String {
    format!(
        "{:016x}{:016x}",
        digest(n, salt),
        digest(n, &format!("{salt}-2"))
    )
}

fn uuid(n: &Node, salt: &str) -> String {
    let h = hex32(n, salt);
    format!(
        "{}-{}-4{}-a{}-{}",
        &h[0..8],
        &h[8..12],
        &h[13..16],
        &h[17..20],
        &h[20..32]
    )
}

/// `/etc/machine-id`: 32 hex digits.
pub(crate) fn machine_id(n: &Node) -> String {
    hex32(n, "machine-id")
}

/// The firmware's system UUID.
pub(crate) fn system_uuid(n: &Node) -> String {
    uuid(n, "system-uuid")
}

/// The kernel's boot ID.
pub(crate) fn boot_id(n: &Node) -> String {
    uuid(n, "boot-id")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct_per_node() {
        let a = Node::new("a", SimTime(0));
        let b = Node::new("b", SimTime(0));
        assert_eq!(machine_id(&a), machine_id(&a.clone()));
        assert_ne!(machine_id(&a), machine_id(&b));
        assert_eq!(machine_id(&a).len(), 32);
        assert_eq!(system_uuid(&a).len(), 36);
        assert_ne!(system_uuid(&a), boot_id(&a));
    }

    #[test]
    fn an_unknown_node_reports_every_condition_unknown_from_its_last_heartbeat() {
        let mut n = Node::new("a", SimTime(0));
        n.ready = NodeReady::Unknown;
        n.ready_transition = SimTime(100_000);
        let cs = conditions(&n, SimTime(500_000));
        assert_eq!(cs.len(), 4);
        assert!(cs.iter().all(|c| c.status == "Unknown"));
        assert!(cs.iter().all(|c| c.heartbeat == SimTime(60_000)));
        n.ready = NodeReady::True;
        let cs = conditions(&n, SimTime(500_000));
        assert_eq!(cs[3].status, "True");
        assert_eq!(cs[0].status, "False");
    }
}
