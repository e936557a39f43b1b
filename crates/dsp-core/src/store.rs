//! Storage helpers for the simulation's hot paths: a pod slab addressed by small integer ids
//! (so per-node indexes hold `u32`s instead of names) and a tiny deterministic hasher for
//! integer-keyed lookup tables. Iteration order that reaches output always goes through the
//! name-sorted `BTreeMap`.

use crate::model::Pod;
use std::collections::BTreeMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Pods by id (slab) and by name (sorted).
#[derive(Debug, Clone, Default)]
pub(crate) struct PodStore {
    slab: Vec<Option<Pod>>,
    /// Incarnation number of each slot's pod (timers hold (id, incarnation), not names).
    inc: Vec<u64>,
    next_inc: u64,
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
        Some((id, *self.inc.get(id as usize)?))
    }
    /// The pod with this id, if it is still that incarnation.
    pub fn by_key(&self, id: u32, inc: u64) -> Option<&Pod> {
        if self.inc.get(id as usize) != Some(&inc) {
            return None;
        }
        self.by_id(id)
    }
    pub fn by_key_mut(&mut self, id: u32, inc: u64) -> Option<&mut Pod> {
        if self.inc.get(id as usize) != Some(&inc) {
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
        self.next_inc += 1;
        let inc = self.next_inc;
        let name = pod.name.clone();
        if let Some(id) = self.id(&name) {
            self.slab[id as usize] = Some(pod);
            self.inc[id as usize] = inc;
            return (id, inc);
        }
        let id = match self.free.pop() {
            Some(id) => {
                self.slab[id as usize] = Some(pod);
                self.inc[id as usize] = inc;
                id
            }
            None => {
                self.slab.push(Some(pod));
                self.inc.push(inc);
                (self.slab.len() - 1) as u32
            }
        };
        self.by_name.insert(name, id);
        (id, inc)
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

/// FxHash-style multiplicative hasher: fast and deterministic for integer keys. Only used for
/// lookups whose iteration order never reaches output.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.hash = (self.hash.rotate_left(5) ^ u64::from(b)).wrapping_mul(SEED);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.hash = (self.hash.rotate_left(5) ^ u64::from(i)).wrapping_mul(SEED);
    }
    fn write_u64(&mut self, i: u64) {
        self.hash = (self.hash.rotate_left(5) ^ i).wrapping_mul(SEED);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub(crate) type FxBuild = BuildHasherDefault<FxHasher>;
