//! Small text helpers shared by the printers: AGE, label lists, describe timestamps, kubectl's
//! JSON layout, the rollout-status line (also shown on the page).

use dsp_core::model::{Event, Labels, RolloutStatus};
use dsp_core::time::{human_age, SimDuration, SimTime};
use serde_json::Value;

/// The AGE column for something created at `created`, seen at `now`, as kubectl prints it (`duration.HumanDuration`).
pub fn age(now: SimTime, created: SimTime) -> String {
    human_age(SimDuration(now.0 - created.0))
}

/// An event's age as `kubectl describe` and `kubectl events` print it: since it was first seen,
/// or `5s (x3 over 2m)` once it was counted more than once.
pub fn event_interval(now: SimTime, e: &Event) -> String {
    if e.count > 1 {
        format!(
            "{} (x{} over {})",
            age(now, e.last_seen),
            e.count,
            age(now, e.first_seen)
        )
    } else {
        age(now, e.first_seen)
    }
}

/// `kubectl rollout status`'s line for DaemonSet `name` (`DaemonSetStatusViewer`), without the
/// trailing newline; for OnDelete, its error message without the `error: ` prefix. The one place
/// these sentences are written: the command and the page's cluster panel both use it.
pub fn rollout_status_line(name: &str, status: RolloutStatus) -> String {
    match status {
        RolloutStatus::OnDelete => {
            "rollout status is only available for RollingUpdate strategy type".to_string()
        }
        RolloutStatus::SpecNotObserved => {
            "Waiting for daemon set spec update to be observed...".to_string()
        }
        RolloutStatus::Updating { updated, desired } => format!(
            "Waiting for daemon set \"{name}\" rollout to finish: {updated} out of {desired} new pods have been updated..."
        ),
        RolloutStatus::WaitingForAvailable { available, desired } => format!(
            "Waiting for daemon set \"{name}\" rollout to finish: {available} of {desired} updated pods are available..."
        ),
        RolloutStatus::Complete => format!("daemon set \"{name}\" successfully rolled out"),
    }
}

/// `k=v,k2=v2` sorted by key, or `<none>` (`labels.FormatLabels`).
pub fn labels(l: &Labels) -> String {
    if l.is_empty() {
        "<none>".to_string()
    } else {
        l.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Describe's timestamp layout, RFC 1123 with numeric zone: `Thu, 01 Jan 2026 00:00:05 +0000`.
pub fn describe_time(t: SimTime) -> String {
    let secs = t.unix_seconds();
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // 1970-01-01 was a Thursday.
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let (y, m, d) = dsp_schema::time::civil_from_days(days);
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m - 1) as usize];
    format!(
        "{weekday}, {d:02} {month} {y} {:02}:{:02}:{:02} +0000",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
}

/// kubectl's JSON printer: 4-space indentation.
pub(crate) fn json_pretty(v: &Value) -> String {
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    if serde::Serialize::serialize(v, &mut ser).is_err() {
        return v.to_string();
    }
    String::from_utf8(buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn age_uses_kubectl_human_duration() {
        let now = SimTime(0);
        assert_eq!(age(now, SimTime(-19_000)), "19s");
        assert_eq!(age(now, SimTime(-123_000)), "2m3s");
        assert_eq!(age(now, SimTime(-120_000)), "2m");
        assert_eq!(age(now, SimTime(-75 * 86_400_000)), "75d");
        assert_eq!(age(now, SimTime(-(3 * 3600 + 5 * 60) * 1000)), "3h5m");
        assert_eq!(age(now, SimTime(5_000)), "<invalid>");
    }

    #[test]
    fn describe_time_is_rfc1123_with_zone() {
        assert_eq!(
            describe_time(SimTime(5_000)),
            "Thu, 01 Jan 2026 00:00:05 +0000"
        );
        assert_eq!(
            describe_time(SimTime(-75 * 86_400_000)),
            "Sat, 18 Oct 2025 00:00:00 +0000"
        );
    }

    #[test]
    fn labels_print_sorted_or_none() {
        let mut l = Labels::new();
        assert_eq!(labels(&l), "<none>");
        l.insert("b".into(), "2".into());
        l.insert("a".into(), "1".into());
        assert_eq!(labels(&l), "a=1,b=2");
    }

    #[test]
    fn rollout_status_lines_are_kubectls() {
        let line = |s| rollout_status_line("frontend", s);
        assert_eq!(
            line(RolloutStatus::SpecNotObserved),
            "Waiting for daemon set spec update to be observed..."
        );
        assert_eq!(
            line(RolloutStatus::Updating {
                updated: 1,
                desired: 2
            }),
            "Waiting for daemon set \"frontend\" rollout to finish: 1 out of 2 new pods have been updated..."
        );
        assert_eq!(
            line(RolloutStatus::WaitingForAvailable {
                available: 0,
                desired: 2
            }),
            "Waiting for daemon set \"frontend\" rollout to finish: 0 of 2 updated pods are available..."
        );
        assert_eq!(
            line(RolloutStatus::Complete),
            "daemon set \"frontend\" successfully rolled out"
        );
        assert_eq!(
            line(RolloutStatus::OnDelete),
            "rollout status is only available for RollingUpdate strategy type"
        );
    }
}
