//! What happens to an event between a component's recorder and the API server: client-go's
//! `EventCorrelator` (`staging/src/k8s.io/client-go/tools/record/events_cache.go`), which every
//! recorder built with `record.NewBroadcaster` runs, the DaemonSet controller's included.
//!
//! Three steps, in client-go's order:
//! 1. aggregation: once ten events about one object differ only in their message within ten
//!    minutes, the next ones are folded into one event whose message is
//!    `(combined from similar events): <latest message>`;
//! 2. counting: an event equal to an earlier one (or the aggregate) updates it — `count` + 1,
//!    `lastTimestamp` now — instead of creating another;
//! 3. spam filtering: each source may write 25 events about one object in a burst, then one
//!    every five minutes; the rest are dropped (their counts still accumulate, so the next
//!    write that passes carries them).
//!
//! So a DaemonSet that creates 5,000 pods leaves nine `Created pod: …` events and one combined
//! event, as on a real cluster, not 5,000. Caches are bounded like client-go's LRUs (4,096
//! entries); where client-go drops an arbitrary remembered message (`PopAny`), this drops the
//! smallest, so runs stay reproducible.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};

use crate::hash::FxBuild;
use crate::time::SimTime;

/// client-go `defaultAggregateMaxEvents`.
const AGGREGATE_MAX_EVENTS: usize = 10;
/// client-go `defaultAggregateIntervalInSeconds`, in milliseconds.
const AGGREGATE_INTERVAL_MS: i64 = 600_000;
/// client-go `defaultSpamBurst`.
const SPAM_BURST: f64 = 25.0;
/// client-go `defaultSpamQPS` (1/300 per second), per millisecond.
const SPAM_TOKENS_PER_MS: f64 = 1.0 / 300_000.0;
/// client-go `maxLruCacheEntries`.
const CACHE_ENTRIES: usize = 4096;
/// Prefix of an aggregated event's message (client-go `EventAggregatorByReasonMessageFunc`).
pub const COMBINED_PREFIX: &str = "(combined from similar events): ";

/// The event a recorder emits, before correlation.
pub struct Emitted<'a> {
    pub source: &'a str,
    pub kind: &'a str,
    pub name: &'a str,
    pub event_type: &'a str,
    pub reason: &'a str,
    pub message: String,
}

/// What to write to the event store.
#[derive(Debug, PartialEq, Eq)]
pub struct Write {
    /// The spam filter dropped the write (the count above still includes this occurrence).
    pub dropped: bool,
    /// The event's identity: a new number for a new event, or the one it updates.
    pub seq: u64,
    /// Whether `seq` is the `next_seq` given to this call (a new event identity, now taken).
    pub fresh: bool,
    pub message: String,
    pub count: u32,
    pub first_seen: SimTime,
}

#[derive(Clone, Default)]
pub struct Correlator {
    aggregates: Cache<Aggregate>,
    observed: Cache<Observation>,
    spam: Cache<Bucket>,
}

#[derive(Clone)]
struct Aggregate {
    /// Hashes of the distinct messages seen (at most `AGGREGATE_MAX_EVENTS`), sorted.
    messages: Vec<u64>,
    last: SimTime,
}

#[derive(Clone)]
struct Observation {
    count: u32,
    first_seen: SimTime,
    seq: u64,
}

#[derive(Clone)]
struct Bucket {
    tokens: f64,
    last: SimTime,
}

impl Correlator {
    /// Runs one emitted event through aggregation, counting and the spam filter. `next_seq` is
    /// the store's next free event number, used when the event is new (even when dropped: the
    /// identity stays reserved for its later updates).
    pub fn correlate(&mut self, e: Emitted<'_>, now: SimTime, next_seq: u64) -> Write {
        // Keys are 64-bit hashes of client-go's key strings: source and object (the spam key),
        // then type and reason (the aggregate key), then the message (a plain event's key).
        // Tens of thousands of events a second leave no room for building strings.
        let mut h = DefaultHasher::new();
        for part in [e.source, e.kind, e.name] {
            h.write(part.as_bytes());
            h.write_u8(0x1f);
        }
        let spam_key = h.finish();
        for part in [e.event_type, e.reason] {
            h.write(part.as_bytes());
            h.write_u8(0x1f);
        }
        let aggregate_key = h.finish();
        let message_hash = {
            let mut m = DefaultHasher::new();
            m.write(e.message.as_bytes());
            m.finish()
        };

        // 1. Aggregation.
        let record = self.aggregates.get_or_insert(aggregate_key, || Aggregate {
            messages: Vec::new(),
            last: now,
        });
        if now.0 - record.last.0 > AGGREGATE_INTERVAL_MS {
            record.messages.clear();
        }
        record.last = now;
        if let Err(at) = record.messages.binary_search(&message_hash) {
            record.messages.insert(at, message_hash);
        }
        let (key, message) = if record.messages.len() < AGGREGATE_MAX_EVENTS {
            h.write_u8(1);
            h.write_u64(message_hash);
            (h.finish(), e.message)
        } else {
            record.messages.remove(0);
            h.write_u8(0);
            (h.finish(), format!("{COMBINED_PREFIX}{}", e.message))
        };

        // 2. Counting.
        let mut fresh = false;
        let o = self.observed.get_or_insert(key, || {
            fresh = true;
            Observation {
                count: 0,
                first_seen: now,
                seq: next_seq,
            }
        });
        o.count = o.count.saturating_add(1);
        let (count, first_seen, seq) = (o.count, o.first_seen, o.seq);

        // 3. Spam filter, per source and object.
        let bucket = self.spam.get_or_insert(spam_key, || Bucket {
            tokens: SPAM_BURST,
            last: now,
        });
        let elapsed = (now.0 - bucket.last.0).max(0) as f64;
        bucket.tokens = (bucket.tokens + elapsed * SPAM_TOKENS_PER_MS).min(SPAM_BURST);
        bucket.last = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        Write {
            dropped: !allowed,
            seq,
            fresh,
            message,
            count,
            first_seen,
        }
    }

    /// A written event got another number (it had to be created again): later updates go to it.
    pub fn renumber(&mut self, old: u64, new: u64) {
        for o in self.observed.values_mut().filter(|o| o.seq == old) {
            o.seq = new;
        }
    }
}

/// A bounded map that forgets what was least recently used, approximately: two generations of
/// up to `CACHE_ENTRIES` each; a hit in the old one moves the entry to the young one, and when
/// the young one is full it becomes the old one (dropping the previous old one). So it always
/// remembers at least the `CACHE_ENTRIES` most recently used keys, like client-go's LRU, at
/// O(1) per use.
#[derive(Clone)]
struct Cache<V> {
    young: HashMap<u64, V, FxBuild>,
    old: HashMap<u64, V, FxBuild>,
}

impl<V> Default for Cache<V> {
    fn default() -> Self {
        Cache {
            young: HashMap::default(),
            old: HashMap::default(),
        }
    }
}

impl<V> Cache<V> {
    fn get_or_insert(&mut self, key: u64, new: impl FnOnce() -> V) -> &mut V {
        let promoted = if self.young.contains_key(&key) {
            None
        } else {
            let from_old = self.old.remove(&key);
            if self.young.len() >= CACHE_ENTRIES {
                self.old = std::mem::take(&mut self.young);
            }
            from_old
        };
        self.young
            .entry(key)
            .or_insert_with(|| promoted.unwrap_or_else(new))
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.young.values_mut().chain(self.old.values_mut())
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.young.len() + self.old.len()
    }

    #[cfg(test)]
    fn contains(&self, key: u64) -> bool {
        self.young.contains_key(&key) || self.old.contains_key(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds one event with the next free number, as the simulation does.
    fn feed(c: &mut Correlator, next: &mut u64, e: Emitted<'_>, now: SimTime) -> Option<Write> {
        let w = c.correlate(e, now, *next + 1);
        if w.fresh {
            *next += 1;
        }
        (!w.dropped).then_some(w)
    }

    fn created(c: &mut (Correlator, u64), pod: usize, now: SimTime) -> Option<Write> {
        feed(
            &mut c.0,
            &mut c.1,
            Emitted {
                source: "daemonset-controller",
                kind: "DaemonSet",
                name: "agent",
                event_type: "Normal",
                reason: "SuccessfulCreate",
                message: format!("Created pod: agent-{pod}"),
            },
            now,
        )
    }

    #[test]
    fn the_tenth_similar_event_starts_a_combined_event() {
        let mut c = (Correlator::default(), 0);
        let t = SimTime(0);
        for i in 0..9 {
            let w = created(&mut c, i, t).expect("within the burst");
            assert_eq!((w.count, w.fresh), (1, true));
            assert_eq!(w.message, format!("Created pod: agent-{i}"));
        }
        let tenth = created(&mut c, 9, t).expect("within the burst");
        assert_eq!(
            tenth.message,
            "(combined from similar events): Created pod: agent-9"
        );
        assert_eq!((tenth.count, tenth.fresh), (1, true));
        let eleventh = created(&mut c, 10, t).expect("within the burst");
        assert_eq!(eleventh.seq, tenth.seq, "the combined event is updated");
        assert_eq!(eleventh.count, 2);
        assert_eq!(
            eleventh.message,
            "(combined from similar events): Created pod: agent-10"
        );
    }

    #[test]
    fn a_burst_of_25_passes_then_one_write_per_five_minutes() {
        let mut c = (Correlator::default(), 0);
        let t = SimTime(1_000);
        let passed = (0..100)
            .filter(|&i| created(&mut c, i, t).is_some())
            .count();
        assert_eq!(passed, 25);
        // 4 min 59 s later there is not yet a whole token; at 5 min there is.
        assert!(created(&mut c, 100, SimTime(1_000 + 299_000)).is_none());
        let later = created(&mut c, 101, SimTime(1_000 + 300_000)).expect("refilled");
        // The dropped writes still counted: 100 - 9 individual events + 2 after the burst.
        assert_eq!(later.count, 100 - 9 + 2);
    }

    #[test]
    fn ten_quiet_minutes_start_a_fresh_aggregate_record() {
        let mut c = (Correlator::default(), 0);
        for i in 0..5 {
            created(&mut c, i, SimTime(0));
        }
        // Over ten minutes later, five more distinct messages stay individual (5 + 5 < 10 would
        // have aggregated the tenth without the reset).
        let t = SimTime(AGGREGATE_INTERVAL_MS + 1);
        for i in 5..10 {
            let w = created(&mut c, i, t).expect("tokens refilled");
            assert!(!w.message.starts_with(COMBINED_PREFIX), "{}", w.message);
        }
    }

    #[test]
    fn an_identical_event_counts_instead_of_repeating() {
        let mut c = Correlator::default();
        let mut next = 0;
        let mut back_off = |c: &mut Correlator, now| {
            feed(
                c,
                &mut next,
                Emitted {
                    source: "kubelet",
                    kind: "Pod",
                    name: "agent-x",
                    event_type: "Warning",
                    reason: "BackOff",
                    message: "Back-off restarting failed container".to_string(),
                },
                now,
            )
        };
        let first = back_off(&mut c, SimTime(0)).expect("first");
        let second = back_off(&mut c, SimTime(10_000)).expect("second");
        assert_eq!(
            (second.seq, second.count, second.fresh),
            (first.seq, 2, false)
        );
        assert_eq!(second.first_seen, SimTime(0));
    }

    #[test]
    fn caches_stay_bounded() {
        let mut c = Correlator::default();
        let mut next = 0;
        for i in 0..20_000 {
            let name = format!("pod-{i}");
            feed(
                &mut c,
                &mut next,
                Emitted {
                    source: "kubelet",
                    kind: "Pod",
                    name: &name,
                    event_type: "Normal",
                    reason: "Pulled",
                    message: "done".to_string(),
                },
                SimTime(0),
            );
        }
        assert!(c.observed.len() <= 2 * CACHE_ENTRIES);
        assert!(c.spam.len() <= 2 * CACHE_ENTRIES);
        assert!(c.aggregates.len() <= 2 * CACHE_ENTRIES);
        // The most recent entries are the ones kept.
        let spam_key = |pod: &str| {
            let mut h = DefaultHasher::new();
            for part in ["kubelet", "Pod", pod] {
                h.write(part.as_bytes());
                h.write_u8(0x1f);
            }
            h.finish()
        };
        assert!(c.spam.contains(spam_key("pod-19999")));
        let still_recent = format!("pod-{}", 19_999 - CACHE_ENTRIES + 1);
        assert!(c.spam.contains(spam_key(&still_recent)));
        assert!(!c.spam.contains(spam_key("pod-0")));
    }
}
