//! Event recording as a component's recorder does it: through client-go's correlator
//! (`crate::events`: aggregation, counting, the spam filter), then into the bounded log.

use super::{PodKey, Simulation, EVENT_LOG_LIMIT};
use crate::model::*;

impl Simulation {
    /// Records an event on a pod identified by its timer key (no-op if the pod is gone).
    pub(crate) fn pod_event(
        &mut self,
        k: &PodKey,
        event_type: EventType,
        reason: &str,
        message: String,
        source: &str,
    ) {
        if let Some(name) = self.live_pod(k).map(|p| p.name.clone()) {
            self.record_event("Pod", &name, event_type, reason, message, source);
        }
    }

    /// Records an event as a component's recorder would: through client-go's correlator
    /// (aggregation, counting, spam filter; `events.rs`), then into the log.
    pub(crate) fn record_event(
        &mut self,
        kind: &str,
        name: &str,
        event_type: EventType,
        reason: &str,
        message: String,
        source: &str,
    ) {
        let now = self.now;
        let w = self.correlator.correlate(
            crate::events::Emitted {
                source,
                kind,
                name,
                event_type: event_type.as_str(),
                reason,
                message,
            },
            now,
            self.event_seq + 1,
        );
        if w.fresh {
            self.event_seq = w.seq;
        }
        if w.dropped {
            return;
        }
        if !w.fresh {
            // Events are kept in number order, so the one to update is found by bisection.
            if let Ok(i) = self.events.binary_search_by_key(&w.seq, |e| e.uid_seq) {
                let e = &mut self.events[i];
                e.count = w.count;
                e.last_seen = now;
                e.message = w.message;
                return;
            }
        }
        // A new event, or one whose update finds it gone (trimmed, or dropped when new): as
        // client-go does after a failed patch, it is created, carrying the count.
        let mut seq = w.seq;
        if self.events.last().is_some_and(|e| e.uid_seq >= seq) {
            self.event_seq += 1;
            self.correlator.renumber(seq, self.event_seq);
            seq = self.event_seq;
        }
        self.events.push(Event {
            uid_seq: seq,
            first_seen: w.first_seen,
            last_seen: now,
            count: w.count,
            event_type,
            reason: reason.to_string(),
            message: w.message,
            object_kind: kind.to_string(),
            object_name: name.to_string(),
            source: source.to_string(),
        });
        if self.events.len() >= 2 * EVENT_LOG_LIMIT {
            let excess = self.events.len() - EVENT_LOG_LIMIT;
            self.events.drain(..excess);
        }
    }
}
