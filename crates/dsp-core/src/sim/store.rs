//! The store: a pod slab addressed by small integer ids (so per-node indexes hold `u32`s
//! instead of names), node slots, and the (DaemonSet, node slot) → pods index that lets a
//! change mark only the affected pairs dirty. Iteration order that reaches output always goes
//! through the name-sorted `BTreeMap`s.

use super::{DsEntry, PodKey, PodLoc, Simulation};
use crate::controller::DirtyNodes;
use crate::model::*;
use std::collections::BTreeMap;

/// Pods by id (slab) and by name (sorted).
#[derive(Debug, Clone, Default)]
pub(crate) struct PodStore {
    slab: Vec<Option<Pod>>,
    /// Incarnation number of each slot's pod (timers hold (id, incarnation), not names).
    incarnations: Vec<u64>,
    next_incarnation: u64,
    free: Vec<u32>,
    by_name: BTreeMap<String, u32>,
}

impl PodStore {
    pub fn id(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }
    pub fn by_id(&self, id: u32) -> Option<&Pod> {
        self.slab.get(id as usize)?.as_ref()
    }
    /// (id, incarnation) of a stored pod.
    pub fn key(&self, name: &str) -> Option<(u32, u64)> {
        let id = self.id(name)?;
        Some((id, *self.incarnations.get(id as usize)?))
    }
    /// The pod with this id, if it is still that incarnation.
    pub fn by_key(&self, id: u32, incarnation: u64) -> Option<&Pod> {
        if self.incarnations.get(id as usize) != Some(&incarnation) {
            return None;
        }
        self.by_id(id)
    }
    pub fn by_key_mut(&mut self, id: u32, incarnation: u64) -> Option<&mut Pod> {
        if self.incarnations.get(id as usize) != Some(&incarnation) {
            return None;
        }
        self.slab.get_mut(id as usize)?.as_mut()
    }
    pub fn get(&self, name: &str) -> Option<&Pod> {
        self.by_id(self.id(name)?)
    }
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Pod> {
        let id = self.id(name)?;
        self.slab.get_mut(id as usize)?.as_mut()
    }
    pub fn len(&self) -> usize {
        self.by_name.len()
    }
    pub fn contains_key(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }
    /// Stores a pod under its name and returns its id (ids of removed pods are reused).
    pub fn insert(&mut self, pod: Pod) -> (u32, u64) {
        self.next_incarnation += 1;
        let incarnation = self.next_incarnation;
        let name = pod.name.clone();
        if let Some(id) = self.id(&name) {
            self.slab[id as usize] = Some(pod);
            self.incarnations[id as usize] = incarnation;
            return (id, incarnation);
        }
        let id = match self.free.pop() {
            Some(id) => {
                self.slab[id as usize] = Some(pod);
                self.incarnations[id as usize] = incarnation;
                id
            }
            None => {
                self.slab.push(Some(pod));
                self.incarnations.push(incarnation);
                (self.slab.len() - 1) as u32
            }
        };
        self.by_name.insert(name, id);
        (id, incarnation)
    }
    pub fn remove(&mut self, name: &str) -> Option<Pod> {
        let id = self.by_name.remove(name)?;
        let pod = self.slab.get_mut(id as usize)?.take();
        self.free.push(id);
        pod
    }
    /// Pods in name order.
    pub fn values(&self) -> impl Iterator<Item = &Pod> {
        self.by_name.values().filter_map(move |&id| self.by_id(id))
    }
}

impl Simulation {
    /// Records that a pod is bound to a node (the scheduler's binding).
    pub(crate) fn note_bound(&mut self, pod: &str, node: &str) {
        self.bound
            .entry(node.to_string())
            .or_default()
            .insert(pod.to_string());
    }

    pub(super) fn new_uid(&mut self) -> String {
        self.uid_seq += 1;
        let a = self.rng.next_u64();
        let b = self.rng.next_u64();
        uid_text(a, b)
    }

    pub(super) fn live_slots(&self) -> impl Iterator<Item = (u32, &Node)> {
        self.node_slab
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.as_ref().map(|n| (i as u32, n)))
    }

    pub(super) fn slot_for(&mut self, name: &str) -> u32 {
        if let Some(&s) = self.node_slots.get(name) {
            return s;
        }
        let s = self.node_slab.len() as u32;
        self.node_slab.push(None);
        self.node_touched.push(0);
        self.node_slots.insert(name.to_string(), s);
        self.ghost_slots.insert(s);
        s
    }

    /// Notes a change on this node slot for `nodes_changed_since`.
    pub(crate) fn touch_slot(&mut self, slot: u32) {
        let rv = self.resource_version + 1;
        if let Some(t) = self.node_touched.get_mut(slot as usize) {
            *t = rv;
        }
    }

    /// Notes a change to this pod on the node it is bound to or aimed at.
    pub(crate) fn touch_pod(&mut self, pod: &Pod) {
        if let Some(&slot) = pod.assigned_node().and_then(|n| self.node_slots.get(n)) {
            self.touch_slot(slot);
        }
    }

    pub(crate) fn touch_pod_named(&mut self, name: &str) {
        let slot = self
            .pods
            .get(name)
            .and_then(|p| p.assigned_node())
            .and_then(|n| self.node_slots.get(n))
            .copied();
        if let Some(slot) = slot {
            self.touch_slot(slot);
        }
    }

    pub(super) fn mark_node_dirty(&mut self, slot: u32) {
        self.touch_slot(slot);
        for e in self.daemonsets.values_mut() {
            e.dirty.mark(slot);
        }
    }

    pub(crate) fn mark_ds_all_dirty(&mut self, name: &str) {
        if let Some(e) = self.daemonsets.get_mut(name) {
            e.dirty = DirtyNodes::all();
        }
    }

    fn mark_loc_dirty(&mut self, loc: PodLoc) {
        self.touch_slot(loc.slot);
        if let Some(name) = self.ds_by_id.get(&loc.ds) {
            if let Some(e) = self.daemonsets.get_mut(name) {
                e.dirty.mark(loc.slot);
            }
        }
    }

    pub(crate) fn mark_pod_dirty_by_key(&mut self, k: &PodKey) {
        if self.live_pod(k).is_none() {
            return;
        }
        if let Some(&loc) = self.pod_loc.get(&k.id) {
            self.mark_loc_dirty(loc);
        }
    }

    /// The timer key of a stored pod.
    pub(crate) fn key_of(&self, name: &str) -> Option<PodKey> {
        self.pods
            .key(name)
            .map(|(id, incarnation)| PodKey { id, incarnation })
    }

    pub(crate) fn live_pod(&self, k: &PodKey) -> Option<&Pod> {
        self.pods.by_key(k.id, k.incarnation)
    }

    /// Mutates a pod (if this incarnation still exists) and marks its node dirty.
    pub(crate) fn with_pod(&mut self, k: &PodKey, f: impl FnOnce(&mut Pod)) {
        let Some(p) = self.pods.by_key_mut(k.id, k.incarnation) else {
            return;
        };
        f(p);
        self.resource_version += 1;
        match self.pod_loc.get(&k.id) {
            Some(&loc) => self.mark_loc_dirty(loc),
            // Not a DaemonSet's pod (an orphan): its node still shows it.
            None => {
                if let Some(slot) = self
                    .pods
                    .by_id(k.id)
                    .and_then(|p| p.assigned_node())
                    .and_then(|n| self.node_slots.get(n))
                    .copied()
                {
                    self.touch_slot(slot);
                }
            }
        }
    }

    pub(crate) fn min_ready_for_pod(&self, k: &PodKey) -> Option<i32> {
        self.live_pod(k)?;
        let loc = self.pod_loc.get(&k.id)?;
        let name = self.ds_by_id.get(&loc.ds)?;
        self.daemonsets.get(name).map(|e| e.ds.min_ready_seconds)
    }

    fn loc_of(&mut self, pod_name: &str) -> Option<PodLoc> {
        let pod = self.pods.get(pod_name)?;
        let owner_uid = pod.owner.as_ref().filter(|o| o.controller)?.uid.clone();
        let node = pod.assigned_node()?.to_string();
        let ds_name = self.ds_by_uid.get(&owner_uid)?;
        let ds = self.daemonsets.get(ds_name)?.id;
        let slot = self.slot_for(&node);
        Some(PodLoc { ds, slot })
    }

    fn unindex(&mut self, pod_name: &str) {
        let Some(id) = self.pods.id(pod_name) else {
            return;
        };
        if let Some(loc) = self.pod_loc.remove(&id) {
            if let Some(v) = self.index.get_mut(&(loc.ds, loc.slot)) {
                v.retain(|&p| p != id);
                if v.is_empty() {
                    self.index.remove(&(loc.ds, loc.slot));
                }
            }
            self.mark_loc_dirty(loc);
        }
    }

    pub(super) fn reindex_pod(&mut self, pod_name: &str) {
        self.touch_pod_named(pod_name);
        self.unindex(pod_name);
        let Some(id) = self.pods.id(pod_name) else {
            return;
        };
        if let Some(loc) = self.loc_of(pod_name) {
            self.index.entry((loc.ds, loc.slot)).or_default().push(id);
            self.pod_loc.insert(id, loc);
            self.mark_loc_dirty(loc);
        }
    }

    pub(super) fn daemon_pods_of(&self, entry: &DsEntry, node: &str) -> Vec<&Pod> {
        let Some(&slot) = self.node_slots.get(node) else {
            return Vec::new();
        };
        self.index
            .get(&(entry.id, slot))
            .map(|v| v.iter().filter_map(|&id| self.pods.by_id(id)).collect())
            .unwrap_or_default()
    }

    pub(crate) fn remove_pod(&mut self, name: &str) {
        if let Some(k) = self.key_of(name) {
            self.cancel_taint_eviction(&k);
        }
        self.unindex(name);
        if let Some(k) = self.key_of(name) {
            self.runtime.remove(&k);
        }
        if let Some(p) = self.pods.remove(name) {
            self.touch_pod(&p);
            if let Some(node) = &p.node_name {
                if let Some(set) = self.bound.get_mut(node) {
                    set.remove(name);
                    if set.is_empty() {
                        self.bound.remove(node);
                    }
                }
            }
        }
        self.resource_version += 1;
    }
}

/// A version-4 UUID's text from two random words.
pub(super) fn uid_text(a: u64, b: u64) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        (a >> 32) as u32,
        (a >> 16) as u16,
        (a & 0xfff) as u16,
        (b >> 52) as u16 & 0xfff,
        b & 0xffff_ffff_ffff
    )
}
