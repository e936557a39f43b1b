//! The API-server write path: every public mutation of the simulated cluster (DaemonSets,
//! nodes, pods, and the playground's own knobs). Each write validates, changes the store, and
//! settles the controller once at the same instant before it returns.

use super::kubelet::{ImageBehavior, KubeletDefaults};
use super::{k8s_time, DsEntry, Simulation};
use crate::api::{ApiError, Changed, ReplaceEffect, RollbackOutcome};
use crate::controller::{DirtyNodes, DsCache};
use crate::history;
use crate::k8s::apps;
use crate::k8s::core;
use crate::manifest::{self, FieldError};
use crate::model::*;
use crate::time::SimTime;
use crate::DaemonSetSpecOf;
use serde_json::Value;

impl Simulation {
    pub fn set_kubelet_defaults(&mut self, d: KubeletDefaults) {
        self.kubelet = d;
        self.resource_version += 1;
    }

    pub fn set_image_behavior(&mut self, image: &str, behavior: ImageBehavior) {
        self.images.insert(image.to_string(), behavior);
        self.resource_version += 1;
    }

    /// Limits the number of pods (a ResourceQuota on `pods`); `None` removes the limit.
    pub fn set_pod_quota(&mut self, quota: Option<usize>) {
        self.pod_quota = quota;
        self.resource_version += 1;
        let names: Vec<String> = self.daemonsets.keys().cloned().collect();
        for n in names {
            self.mark_ds_all_dirty(&n);
        }
        self.settle();
    }

    /// Marks a running pod Failed, as the kubelet does when it rejects or loses a pod
    /// (`reason` e.g. `OutOfcpu`, `Evicted`); the DaemonSet controller then deletes it with
    /// back-off and replaces it.
    pub fn fail_pod(&mut self, name: &str, reason: &str) -> Result<(), ApiError> {
        let Some(k) = self.key_of(name) else {
            return Err(ApiError::not_found("pods", name));
        };
        let now = self.now;
        self.with_pod(&k, |p| {
            p.phase = PodPhase::Failed;
            p.reason = Some(reason.to_string()).filter(|r| !r.is_empty());
            if p.ready {
                p.ready = false;
                p.ready_transition = Some(now);
            }
            for cs in &mut p.container_statuses {
                cs.ready = false;
                cs.state = ContainerState::Terminated {
                    reason: "Error".to_string(),
                    exit_code: 1,
                };
            }
        });
        self.settle();
        Ok(())
    }

    /// `kubectl create`: default, validate, store, and let the controller act.
    pub fn create_daemonset(&mut self, obj: apps::DaemonSet) -> Result<(), ApiError> {
        let mut obj = obj;
        manifest::default_daemonset(&mut obj);
        let name = obj.metadata.name.clone().unwrap_or_default();
        let namespace = obj.metadata.namespace.clone().unwrap_or_default();
        self.admit_namespace("daemonsets.apps", &name, &namespace)?;
        if self.daemonsets.contains_key(&name) {
            return Err(ApiError::already_exists("daemonsets.apps", &name));
        }
        let errs = manifest::validate_daemonset(&obj, None);
        check("daemonsets.apps", "DaemonSet", &name, errs)?;
        let uid = self.new_uid();
        obj.metadata.uid = Some(uid.clone());
        obj.metadata.generation = Some(1);
        obj.metadata.creation_timestamp = Some(k8s_time(self.now));
        obj.metadata.resource_version = None;
        obj.status = None;
        obj.metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(TEMPLATE_GENERATION_ANNOTATION.to_string(), "1".to_string());
        let mut ds = DaemonSet::from_k8s(&obj);
        ds.uid = uid.clone();
        ds.created = self.now;
        ds.generation = 1;
        ds.template_generation = 1;
        let id = self.next_ds_id;
        self.next_ds_id += 1;
        let hash = history::template_hash(&obj.ds_spec().template, None);
        let data = history::revision_data(&obj.ds_spec().template);
        self.ds_by_uid.insert(uid, name.clone());
        self.ds_by_id.insert(id, name.clone());
        self.daemonsets.insert(
            name.clone(),
            DsEntry {
                ds,
                id,
                hash,
                data,
                cache: DsCache::default(),
                dirty: DirtyNodes::all(),
            },
        );
        self.adopt_orphans(&name);
        self.resource_version += 1;
        self.settle();
        Ok(())
    }

    /// `kubectl replace`/`apply`/`edit`/`patch` result: the server-side update path with
    /// generation bookkeeping. Returns whether anything changed.
    pub fn replace_daemonset(&mut self, obj: apps::DaemonSet) -> Result<Changed, ApiError> {
        let Prepared {
            obj,
            effect,
            generation,
            template_generation,
        } = self.prepare_replace(obj)?;
        if effect == ReplaceEffect::Unchanged {
            return Ok(Changed(false));
        }
        let name = obj.metadata.name.clone().unwrap_or_default();
        let Some(prev) = self.daemonsets.get(&name).map(|e| &e.ds) else {
            return Err(ApiError::not_found("daemonsets.apps", &name));
        };
        let mut ds = DaemonSet::from_k8s(&obj);
        ds.uid = prev.uid.clone();
        ds.created = prev.created;
        ds.generation = generation;
        ds.template_generation = template_generation;
        ds.status = prev.status;
        let hash = history::template_hash(&obj.ds_spec().template, ds.status.collision_count);
        let data = history::revision_data(&obj.ds_spec().template);
        if let Some(entry) = self.daemonsets.get_mut(&name) {
            entry.ds = ds;
            entry.hash = hash;
            entry.data = data;
            entry.dirty = DirtyNodes::all();
        }
        self.resource_version += 1;
        self.settle();
        Ok(Changed(true))
    }

    /// What `replace_daemonset(obj)` would do, without doing it: the same defaulting,
    /// validation and change detection (an apply preview asks this).
    pub fn replace_effect(&self, obj: apps::DaemonSet) -> Result<ReplaceEffect, ApiError> {
        self.prepare_replace(obj).map(|p| p.effect)
    }

    /// The update path up to the write: the defaulted, validated object with server-managed
    /// metadata kept, its generations, and what it changes.
    fn prepare_replace(&self, obj: apps::DaemonSet) -> Result<Prepared, ApiError> {
        let mut obj = obj;
        manifest::default_daemonset(&mut obj);
        let name = obj.metadata.name.clone().unwrap_or_default();
        let Some(entry) = self.daemonsets.get(&name) else {
            return Err(ApiError::not_found("daemonsets.apps", &name));
        };
        let old = entry.ds.applied.as_ref();
        let errs = manifest::validate_daemonset(&obj, Some(old));
        check("daemonsets.apps", "DaemonSet", &name, errs)?;
        let template_changed = to_json(&obj.ds_spec().template) != to_json(&old.ds_spec().template);
        let spec_changed = to_json(&obj.spec) != to_json(&old.spec);
        let mut generation = old.metadata.generation.unwrap_or(1);
        let mut template_generation = entry.ds.template_generation;
        if spec_changed {
            generation = generation.saturating_add(1);
        }
        if template_changed {
            template_generation = template_generation.saturating_add(1);
        }
        // Server-managed metadata is kept; status is not writable through this path.
        obj.metadata.uid = old.metadata.uid.clone();
        obj.metadata.creation_timestamp = old.metadata.creation_timestamp.clone();
        obj.metadata.generation = Some(generation);
        obj.metadata.namespace = old.metadata.namespace.clone();
        obj.metadata
            .annotations
            .get_or_insert_with(Default::default)
            .insert(
                TEMPLATE_GENERATION_ANNOTATION.to_string(),
                template_generation.to_string(),
            );
        obj.status = old.status.clone();
        let meta_changed = obj.metadata.labels != old.metadata.labels
            || obj.metadata.annotations != old.metadata.annotations;
        let effect = if template_changed {
            ReplaceEffect::TemplateChanged
        } else if spec_changed || meta_changed {
            ReplaceEffect::Configured
        } else {
            ReplaceEffect::Unchanged
        };
        Ok(Prepared {
            obj,
            effect,
            generation,
            template_generation,
        })
    }

    /// `kubectl delete ds`: background cascade deletes pods and revisions; orphan keeps them.
    pub fn delete_daemonset(&mut self, name: &str, cascade: bool) -> Result<(), ApiError> {
        let Some(entry) = self.daemonsets.remove(name) else {
            return Err(ApiError::not_found("daemonsets.apps", name));
        };
        self.ds_by_uid.remove(&entry.ds.uid);
        self.ds_by_id.remove(&entry.id);
        let owned: Vec<String> = self
            .pods
            .values()
            .filter(|p| p.owner.as_ref().is_some_and(|o| o.uid == entry.ds.uid))
            .map(|p| p.name.clone())
            .collect();
        for pod in owned {
            if cascade {
                self.delete_pod_internal(&pod, None);
            } else {
                if let Some(p) = self.pods.get_mut(&pod) {
                    p.owner = None;
                }
                self.reindex_pod(&pod);
            }
        }
        let revs: Vec<String> = self
            .revisions
            .values()
            .filter(|r| r.owner_ds == name)
            .map(|r| r.name.clone())
            .collect();
        for r in revs {
            if cascade {
                self.revisions.remove(&r);
            } else if let Some(rev) = self.revisions.get_mut(&r) {
                rev.owner_ds.clear();
            }
        }
        self.backoff.retain(|(d, _), _| d != name);
        self.resource_version += 1;
        self.settle();
        Ok(())
    }

    /// `kubectl rollout undo`: `to_revision` 0 = the previous revision.
    pub fn rollback(&mut self, ds: &str, to_revision: i64) -> Result<RollbackOutcome, ApiError> {
        let Some(entry) = self.daemonsets.get(ds) else {
            return Err(ApiError::not_found("daemonsets.apps", ds));
        };
        let revs = self.revisions_of(ds);
        let target = if to_revision == 0 {
            if revs.len() <= 1 {
                return Err(ApiError::bad_request(
                    "daemonsets.apps",
                    ds,
                    "no last revision to roll back to".to_string(),
                ));
            }
            revs[revs.len() - 2]
        } else {
            match revs.iter().find(|r| r.revision == to_revision) {
                Some(r) => *r,
                None => {
                    return Err(ApiError::bad_request(
                        "daemonsets.apps",
                        ds,
                        format!("unable to find specified revision {to_revision} in history"),
                    ))
                }
            }
        };
        if target.data == entry.data {
            return Ok(RollbackOutcome::Skipped(target.revision));
        }
        let Some(template) = history::template_from_data(&target.data) else {
            return Err(ApiError::bad_request(
                "daemonsets.apps",
                ds,
                "revision data is not a pod template".to_string(),
            ));
        };
        let mut obj = entry.ds.applied.as_ref().clone();
        obj.ds_spec_mut().template = template;
        self.replace_daemonset(obj)?;
        Ok(RollbackOutcome::RolledBack)
    }

    /// `kubectl rollout restart`: stamps `kubectl.kubernetes.io/restartedAt` on the template.
    pub fn restart(&mut self, ds: &str) -> Result<(), ApiError> {
        let Some(entry) = self.daemonsets.get(ds) else {
            return Err(ApiError::not_found("daemonsets.apps", ds));
        };
        let mut obj = entry.ds.applied.as_ref().clone();
        obj.ds_spec_mut()
            .template
            .metadata
            .get_or_insert_with(Default::default)
            .annotations
            .get_or_insert_with(Default::default)
            .insert(
                "kubectl.kubernetes.io/restartedAt".to_string(),
                self.now.rfc3339(),
            );
        self.replace_daemonset(obj).map(|_| ())
    }

    // ----- node writes ---------------------------------------------------------------------------

    /// Adds a Ready node with the standard labels plus `spec.labels`.
    pub fn add_node(&mut self, spec: NodeSpec) -> Result<(), ApiError> {
        if self.node(&spec.name).is_some() {
            return Err(ApiError::already_exists("nodes", &spec.name));
        }
        check(
            "nodes",
            "Node",
            &spec.name,
            manifest::validate_metadata_labels(&spec.labels),
        )?;
        let node = self.new_node(spec);
        self.insert_node(node);
        Ok(())
    }

    /// Creates or updates a node from a k8s object (labels, annotations, taints, unschedulable,
    /// Ready) in one write: the controller settles once, on the whole new node.
    pub fn apply_node(&mut self, obj: core::Node) -> Result<(), ApiError> {
        let name = obj.metadata.name.clone().unwrap_or_default();
        check("nodes", "Node", &name, manifest::validate_node(&obj))?;
        let spec = obj.spec.unwrap_or_default();
        let taints: Vec<Taint> = spec
            .taints
            .iter()
            .flatten()
            .filter_map(|t| {
                Some(Taint {
                    key: t.key.clone(),
                    value: t.value.clone().filter(|v| !v.is_empty()),
                    effect: TaintEffect::parse(&t.effect)?,
                    time_added: None,
                })
            })
            .collect();
        let unschedulable = spec.unschedulable.unwrap_or(false);
        let ready = obj
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_ref())
            .and_then(|cs| cs.iter().find(|c| c.type_ == "Ready"))
            .map(|c| match c.status.as_str() {
                "True" => NodeReady::True,
                "False" => NodeReady::False,
                _ => NodeReady::Unknown,
            })
            .unwrap_or(NodeReady::True);
        let now = self.now;
        let annotations = obj.metadata.annotations;
        let edit = |n: &mut Node| {
            n.taints = stamp_no_execute(taints, now);
            set_unschedulable(n, unschedulable);
            set_ready(n, ready, now);
            if let Some(annotations) = annotations {
                n.annotations = annotations;
            }
        };
        let Some(was) = self.node(&name).map(|n| n.ready) else {
            let mut labels = obj.metadata.labels.unwrap_or_default();
            labels
                .entry("kubernetes.io/hostname".to_string())
                .or_insert_with(|| name.clone());
            let mut node = self.new_node(NodeSpec {
                name,
                labels,
                ..NodeSpec::default()
            });
            edit(&mut node);
            self.insert_node(node);
            return Ok(());
        };
        let labels = obj.metadata.labels;
        self.mutate_node(&name, |n| {
            if let Some(labels) = labels {
                n.labels = labels;
            }
            edit(n);
        })?;
        self.node_ready_changed(&name, was, ready);
        if ready == NodeReady::True && was != NodeReady::True {
            self.resume_node(&name);
        }
        self.settle();
        Ok(())
    }

    /// Removes a node; pods bound to it are garbage-collected at once.
    pub fn delete_node(&mut self, name: &str) -> Result<(), ApiError> {
        let Some(&slot) = self.node_slots.get(name) else {
            return Err(ApiError::not_found("nodes", name));
        };
        if self
            .node_slab
            .get(slot as usize)
            .is_none_or(Option::is_none)
        {
            return Err(ApiError::not_found("nodes", name));
        }
        if let Some(s) = self.node_slab.get_mut(slot as usize) {
            *s = None;
        }
        self.node_set_version += 1;
        self.ghost_slots.insert(slot);
        let bound: Vec<String> = self
            .pods_on_node(name)
            .into_iter()
            .map(|p| p.name.clone())
            .collect();
        for p in bound {
            self.remove_pod(&p);
        }
        self.mark_node_dirty(slot);
        self.resource_version += 1;
        self.settle();
        Ok(())
    }

    /// Replaces the node's labels.
    pub fn set_node_labels(&mut self, name: &str, labels: Labels) -> Result<(), ApiError> {
        let Some(node) = self.node(name) else {
            return Err(ApiError::not_found("nodes", name));
        };
        let set = labels_set(&node.labels, &labels);
        check(
            "nodes",
            "Node",
            name,
            manifest::validate_metadata_labels(&set),
        )?;
        self.mutate_node(name, |n| n.labels = labels)
    }

    /// Replaces the node's annotations.
    pub fn set_node_annotations(
        &mut self,
        name: &str,
        annotations: Labels,
    ) -> Result<(), ApiError> {
        if self.node(name).is_none() {
            return Err(ApiError::not_found("nodes", name));
        }
        check(
            "nodes",
            "Node",
            name,
            manifest::validate_metadata_annotations(&annotations),
        )?;
        self.mutate_node(name, |n| n.annotations = annotations)
    }

    /// Replaces a pod's annotations.
    pub fn set_pod_annotations(&mut self, name: &str, annotations: Labels) -> Result<(), ApiError> {
        check(
            "pods",
            "Pod",
            name,
            manifest::validate_metadata_annotations(&annotations),
        )?;
        let Some(pod) = self.pods.get_mut(name) else {
            return Err(ApiError::not_found("pods", name));
        };
        pod.annotations = annotations;
        self.resource_version += 1;
        Ok(())
    }

    /// Replaces the node's taints.
    pub fn set_node_taints(&mut self, name: &str, taints: Vec<Taint>) -> Result<(), ApiError> {
        if self.node(name).is_none() {
            return Err(ApiError::not_found("nodes", name));
        }
        let errs = manifest::validate_taints(
            taints
                .iter()
                .map(|t| (t.key.as_str(), t.value.as_deref(), t.effect.as_str())),
        );
        check("nodes", "Node", name, errs)?;
        let now = self.now;
        self.mutate_node(name, |n| n.taints = stamp_no_execute(taints, now))
    }

    /// Cordon/uncordon; the node lifecycle controller's unschedulable taint follows.
    pub fn set_node_unschedulable(&mut self, name: &str, value: bool) -> Result<(), ApiError> {
        self.mutate_node(name, |n| set_unschedulable(n, value))
    }

    /// Ready/NotReady/Unknown; NotReady adds the not-ready (Unknown: unreachable) NoSchedule and
    /// NoExecute taints like the node lifecycle controller, Ready removes them.
    pub fn set_node_ready(&mut self, name: &str, ready: NodeReady) -> Result<(), ApiError> {
        let now = self.now;
        let was = self.node(name).map(|n| n.ready);
        self.mutate_node(name, |n| set_ready(n, ready, now))?;
        if let Some(was) = was {
            self.node_ready_changed(name, was, ready);
        }
        if ready == NodeReady::True && was.is_some_and(|w| w != NodeReady::True) {
            self.resume_node(name);
        }
        self.settle();
        Ok(())
    }

    // ----- pod writes ---------------------------------------------------------------------------

    /// `kubectl delete pod` with an optional grace period (0 = immediate).
    pub fn delete_pod(&mut self, name: &str, grace: Option<i64>) -> Result<(), ApiError> {
        if !self.pods.contains_key(name) {
            return Err(ApiError::not_found("pods", name));
        }
        self.delete_pod_internal(name, grace);
        self.resource_version += 1;
        self.settle();
        Ok(())
    }

    /// Replaces a pod's labels; the pod is released by / adopted into DaemonSets accordingly.
    pub fn set_pod_labels(&mut self, name: &str, labels: Labels) -> Result<(), ApiError> {
        let Some(pod) = self.pods.get(name) else {
            return Err(ApiError::not_found("pods", name));
        };
        let set = labels_set(&pod.labels, &labels);
        check(
            "pods",
            "Pod",
            name,
            manifest::validate_metadata_labels(&set),
        )?;
        let Some(pod) = self.pods.get_mut(name) else {
            return Err(ApiError::not_found("pods", name));
        };
        pod.labels = labels;
        // Release: the controller drops its ownerReference when the selector stops matching.
        let release = pod.owner.as_ref().is_some_and(|o| {
            self.ds_by_uid
                .get(&o.uid)
                .and_then(|n| self.daemonsets.get(n))
                .is_some_and(|e| !e.ds.selector.matches(&pod.labels))
        });
        if release {
            pod.owner = None;
        }
        if pod.owner.is_none() {
            let adopter = self
                .daemonsets
                .values()
                .find(|e| {
                    e.ds.namespace == pod.namespace
                        && !e.ds.selector.is_empty()
                        && e.ds.selector.matches(&pod.labels)
                })
                .map(|e| owner_ref(&e.ds));
            pod.owner = adopter;
        }
        self.reindex_pod(name);
        self.resource_version += 1;
        self.settle();
        Ok(())
    }

    /// A new node object from `spec` (uid, internal IP), not yet stored.
    fn new_node(&mut self, spec: NodeSpec) -> Node {
        let created = spec.created.unwrap_or(self.now);
        let mut node = Node::new(&spec.name, created);
        node.labels.extend(spec.labels);
        node.taints = spec.taints;
        node.unschedulable = spec.unschedulable;
        node.uid = self.new_uid();
        node.internal_ip = spec.internal_ip.unwrap_or_else(|| {
            self.ip_seq += 1;
            format!("10.0.{}.{}", 20 + self.ip_seq / 250, 1 + self.ip_seq % 250)
        });
        node
    }

    fn insert_node(&mut self, node: Node) {
        let slot = self.slot_for(&node.name);
        if let Some(s) = self.node_slab.get_mut(slot as usize) {
            *s = Some(node);
        }
        self.node_set_version += 1;
        self.ghost_slots.remove(&slot);
        self.mark_node_dirty(slot);
        self.resource_version += 1;
        self.settle();
    }

    fn mutate_node(&mut self, name: &str, f: impl FnOnce(&mut Node)) -> Result<(), ApiError> {
        let slot = match self.node_slots.get(name) {
            Some(&s) if self.node_slab.get(s as usize).is_some_and(Option::is_some) => s,
            _ => return Err(ApiError::not_found("nodes", name)),
        };
        let no_execute = |n: &Node| -> Vec<(String, Option<String>)> {
            n.taints
                .iter()
                .filter(|t| t.effect == TaintEffect::NoExecute)
                .map(|t| (t.key.clone(), t.value.clone()))
                .collect()
        };
        let mut taints_changed = false;
        if let Some(Some(n)) = self.node_slab.get_mut(slot as usize) {
            let before = no_execute(n);
            f(n);
            taints_changed = no_execute(n) != before;
        }
        self.mark_node_dirty(slot);
        self.resource_version += 1;
        self.settle();
        if taints_changed {
            self.process_taint_evictions_on(name);
        }
        Ok(())
    }

    fn adopt_orphans(&mut self, ds_name: &str) {
        let Some(entry) = self.daemonsets.get(ds_name) else {
            return;
        };
        if entry.ds.selector.is_empty() {
            return;
        }
        let owner = owner_ref(&entry.ds);
        let ns = entry.ds.namespace.clone();
        let sel = entry.ds.selector.clone();
        let orphans: Vec<String> = self
            .pods
            .values()
            .filter(|p| p.owner.is_none() && p.namespace == ns && sel.matches(&p.labels))
            .map(|p| p.name.clone())
            .collect();
        for name in orphans {
            if let Some(p) = self.pods.get_mut(&name) {
                p.owner = Some(owner.clone());
            }
            self.reindex_pod(&name);
        }
        for r in self.revisions.values_mut() {
            if r.owner_ds.is_empty() && r.namespace == ns && sel.matches(&r.labels) {
                r.owner_ds = ds_name.to_string();
            }
        }
    }

    pub(crate) fn delete_pod_internal(&mut self, name: &str, grace: Option<i64>) {
        let now = self.now;
        let Some(pod) = self.pods.get_mut(name) else {
            return;
        };
        let grace = grace.unwrap_or(pod.termination_grace_period_seconds).max(0);
        if pod.is_terminating() {
            if grace == 0 {
                self.remove_pod(name);
            }
            return;
        }
        if pod.node_name.is_none() || grace == 0 {
            self.remove_pod(name);
            return;
        }
        // READY stays as it is until the containers have stopped.
        pod.deletion_timestamp = Some(now);
        pod.deletion_grace_seconds = Some(grace);
        self.touch_pod_named(name);
        let Some(key) = self.key_of(name) else {
            return;
        };
        self.resource_version += 1;
        self.mark_pod_dirty_by_key(&key);
        self.begin_termination(&key, grace);
    }
}

pub(super) fn owner_ref(ds: &DaemonSet) -> OwnerRef {
    OwnerRef {
        kind: "DaemonSet".to_string(),
        name: ds.name.clone(),
        uid: ds.uid.clone(),
        controller: true,
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// A replace, checked and ready to store (`Simulation::prepare_replace`).
struct Prepared {
    obj: apps::DaemonSet,
    effect: ReplaceEffect,
    generation: i64,
    template_generation: i64,
}

/// Taints as written; a `NoExecute` taint without a time gets `now`, as the API server does.
fn stamp_no_execute(taints: Vec<Taint>, now: SimTime) -> Vec<Taint> {
    taints
        .into_iter()
        .map(|mut t| {
            if t.effect == TaintEffect::NoExecute && t.time_added.is_none() {
                t.time_added = Some(now);
            }
            t
        })
        .collect()
}

/// `spec.unschedulable` and the `node.kubernetes.io/unschedulable` taint that follows it.
fn set_unschedulable(n: &mut Node, value: bool) {
    n.unschedulable = value;
    let key = "node.kubernetes.io/unschedulable";
    n.taints.retain(|t| t.key != key);
    if value {
        n.taints
            .push(Taint::new(key, None, TaintEffect::NoSchedule));
    }
}

/// The Ready condition and the node lifecycle controller's not-ready/unreachable taints.
fn set_ready(n: &mut Node, ready: NodeReady, now: SimTime) {
    if n.ready != ready {
        n.ready_transition = now;
    }
    n.ready = ready;
    n.taints.retain(|t| {
        t.key != "node.kubernetes.io/not-ready" && t.key != "node.kubernetes.io/unreachable"
    });
    let key = match ready {
        NodeReady::True => None,
        NodeReady::False => Some("node.kubernetes.io/not-ready"),
        NodeReady::Unknown => Some("node.kubernetes.io/unreachable"),
    };
    if let Some(key) = key {
        n.taints
            .push(Taint::new(key, None, TaintEffect::NoSchedule));
        let mut t = Taint::new(key, None, TaintEffect::NoExecute);
        t.time_added = Some(now);
        n.taints.push(t);
    }
}

/// The API server's answer to a write that fails validation: Invalid, worded like kubectl
/// prints it (`The Node "x" is invalid: metadata.labels: Invalid value: ...`).
fn check(resource: &str, kind: &str, name: &str, errs: Vec<FieldError>) -> Result<(), ApiError> {
    if errs.is_empty() {
        Ok(())
    } else {
        let group = resource.split_once('.').map_or("", |(_, g)| g);
        let causes: Vec<String> = errs.iter().map(ToString::to_string).collect();
        Err(ApiError::invalid_fields(
            resource,
            kind,
            group,
            name,
            &causes,
            manifest::invalid_message(kind, name, &errs),
        ))
    }
}

/// The labels a write sets: the pairs of `new` that `old` does not hold. Those are what is
/// validated (the rest passed when they were written; a node's `kubernetes.io/hostname` comes
/// from its name, which the playground's `sim add-nodes` does not restrict).
fn labels_set(old: &Labels, new: &Labels) -> Labels {
    new.iter()
        .filter(|(k, v)| old.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
