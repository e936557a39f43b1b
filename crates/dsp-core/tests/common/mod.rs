//! Test fixtures in the spirit of Kubernetes' daemon_controller_test.go: `newDaemonSet`,
//! `addNodes`, `addPods`, and a fake pod control that applies a plan to an in-memory world
//! (creates become bound Pending pods, deletes remove the pod at once).

#![allow(dead_code)]

use dsp_core::controller::{self, ClusterView, Plan};
use dsp_core::history;
use dsp_core::k8s::apps;
use dsp_core::manage::Backoff;
use dsp_core::DaemonSetSpecOf;
use dsp_core::*;
use serde_json::json;
use std::collections::BTreeMap;

pub fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// `simpleDaemonSetLabel`.
pub fn simple_ds_label() -> Labels {
    labels(&[("name", "simple-daemon"), ("type", "production")])
}
/// `simpleDaemonSetLabel2` (does not match the selector).
pub fn simple_ds_label2() -> Labels {
    labels(&[("name", "simple-daemon"), ("type", "test")])
}
/// `simpleNodeLabel`.
pub fn simple_node_label() -> Labels {
    labels(&[("color", "blue"), ("speed", "fast")])
}

/// `newDaemonSet(name)` as a k8s object (defaulted: RollingUpdate maxUnavailable 1).
pub fn k8s_ds(name: &str) -> apps::DaemonSet {
    let mut obj: apps::DaemonSet = serde_json::from_value(json!({
        "metadata": {"name": name, "namespace": "default", "uid": format!("uid-{name}")},
        "spec": {
            "selector": {"matchLabels": {"name": "simple-daemon", "type": "production"}},
            "template": {
                "metadata": {"labels": {"name": "simple-daemon", "type": "production"}},
                "spec": {"containers": [{"name": "foo", "image": "foo/bar"}]}
            }
        }
    }))
    .expect("fixture");
    manifest::default_daemonset(&mut obj);
    obj
}

/// The compact model of a k8s object, as the simulation stores it.
pub fn model(obj: &apps::DaemonSet) -> DaemonSet {
    let mut ds = DaemonSet::from_k8s(obj);
    ds.uid = obj.metadata.uid.clone().unwrap_or_default();
    ds
}

pub fn new_ds(name: &str) -> DaemonSet {
    model(&k8s_ds(name))
}

/// Edits the k8s object behind a model and converts it back (keeps uid and status).
pub fn edit(ds: &DaemonSet, f: impl FnOnce(&mut apps::DaemonSet)) -> DaemonSet {
    let mut obj = ds.applied.as_ref().clone();
    let before = serde_json::to_value(&obj.ds_spec().template).expect("json");
    f(&mut obj);
    let template_changed = serde_json::to_value(&obj.ds_spec().template).expect("json") != before;
    let mut out = model(&obj);
    out.uid = ds.uid.clone();
    out.status = ds.status;
    out.generation = ds.generation + 1;
    out.template_generation = ds.template_generation + i64::from(template_changed);
    out
}

pub fn set_strategy(ds: &DaemonSet, max_unavailable: &str, max_surge: &str) -> DaemonSet {
    let mu = int_or_string(max_unavailable);
    let ms = int_or_string(max_surge);
    edit(ds, |o| {
        o.ds_spec_mut().update_strategy = serde_json::from_value(json!({
            "type": "RollingUpdate",
            "rollingUpdate": {"maxUnavailable": mu, "maxSurge": ms}
        }))
        .ok();
    })
}

fn int_or_string(s: &str) -> serde_json::Value {
    match s.parse::<i64>() {
        Ok(n) => json!(n),
        Err(_) => json!(s),
    }
}

pub fn set_image(ds: &DaemonSet, image: &str) -> DaemonSet {
    edit(ds, |o| {
        if let Some(spec) = o.ds_spec_mut().template.spec.as_mut() {
            spec.containers[0].image = Some(image.to_string());
        }
    })
}

pub fn hash_of(ds: &DaemonSet) -> String {
    history::template_hash(&ds.applied.ds_spec().template, ds.status.collision_count)
}

/// An in-memory cluster plus a fake pod control.
#[derive(Default)]
pub struct World {
    pub now: SimTime,
    pub nodes: Vec<Node>,
    pub pods: Vec<Pod>,
    pub revisions: Vec<ControllerRevision>,
    pub backoff: BTreeMap<String, Backoff>,
    seq: u32,
}

impl World {
    pub fn new() -> Self {
        World::default()
    }

    /// `addNodes(store, start, count, labels)`: nodes `node-<i>`.
    pub fn add_nodes(&mut self, start: usize, count: usize, extra: &Labels) {
        for i in start..start + count {
            let mut n = Node::new(&format!("node-{i}"), SimTime(0));
            n.labels.extend(extra.clone());
            self.nodes.push(n);
        }
    }

    pub fn add_node(&mut self, node: Node) {
        self.nodes.push(node);
    }

    pub fn node_mut(&mut self, name: &str) -> &mut Node {
        self.nodes
            .iter_mut()
            .find(|n| n.name == name)
            .expect("node exists")
    }

    fn next_name(&mut self, node: &str) -> String {
        self.seq += 1;
        format!("pod-{node}-{:03}", self.seq)
    }

    /// `addPods(store, node, labels, ds, count)`: bound, Running and Ready pods owned by `ds`
    /// (when given) carrying `labels` plus, like Kubernetes' `newPod`, the DaemonSet's current
    /// `controller-revision-hash`.
    pub fn add_pods(
        &mut self,
        node: &str,
        pod_labels: &Labels,
        ds: Option<&DaemonSet>,
        count: usize,
    ) {
        let mut pod_labels = pod_labels.clone();
        if let Some(ds) = ds {
            pod_labels.insert("controller-revision-hash".into(), hash_of(ds));
        }
        for _ in 0..count {
            let name = self.next_name(node);
            let pod = make_pod(&name, node, &pod_labels, ds, self.now);
            self.pods.push(pod);
        }
    }

    /// Adds one pod of the DaemonSet's current revision (hash label set), Ready.
    pub fn add_new_pod(&mut self, node: &str, ds: &DaemonSet) -> String {
        let mut l = ds.template.labels.clone();
        l.insert("controller-revision-hash".into(), hash_of(ds));
        l.insert(
            "pod-template-generation".into(),
            ds.template_generation.to_string(),
        );
        let name = self.next_name(node);
        self.pods
            .push(make_pod(&name, node, &l, Some(ds), self.now));
        name
    }

    /// Adds one pod of an older revision.
    pub fn add_old_pod(&mut self, node: &str, ds: &DaemonSet) -> String {
        let mut l = ds.template.labels.clone();
        l.insert("controller-revision-hash".into(), "old".into());
        l.insert("pod-template-generation".into(), "0".into());
        let name = self.next_name(node);
        self.pods
            .push(make_pod(&name, node, &l, Some(ds), self.now));
        name
    }

    pub fn pod_mut(&mut self, name: &str) -> &mut Pod {
        self.pods
            .iter_mut()
            .find(|p| p.name == name)
            .expect("pod exists")
    }

    pub fn view(&self) -> ClusterView<'_> {
        ClusterView {
            now: self.now,
            nodes: self.nodes.iter().collect(),
            pods: self.pods.iter().collect(),
            revisions: self.revisions.iter().collect(),
            failed_pod_backoff: self.backoff.clone(),
        }
    }

    pub fn plan(&self, ds: &DaemonSet) -> Plan {
        controller::reconcile(ds, &self.view())
    }

    /// Reconcile and apply through the fake pod control; returns the plan.
    pub fn sync(&mut self, ds: &mut DaemonSet) -> Plan {
        let plan = self.plan(ds);
        for c in &plan.creates {
            let mut l = ds.template.labels.clone();
            l.insert("controller-revision-hash".into(), c.hash.clone());
            l.insert(
                "pod-template-generation".into(),
                c.template_generation.to_string(),
            );
            let name = self.next_name(&c.node);
            let mut p = make_pod(&name, &c.node, &l, Some(ds), self.now);
            p.phase = PodPhase::Pending;
            p.ready = false;
            p.ready_transition = None;
            self.pods.push(p);
        }
        self.pods
            .retain(|p| !plan.deletes.iter().any(|d| d.pod == p.name));
        for (node, b) in &plan.backoff_updates {
            self.backoff.insert(node.clone(), *b);
        }
        if let Some(s) = plan.status {
            ds.status = s;
        }
        plan
    }

    /// `markPodsReady`: every pod becomes Running and Ready now.
    pub fn mark_pods_ready(&mut self) {
        let now = self.now;
        for p in &mut self.pods {
            if !p.ready {
                p.phase = PodPhase::Running;
                p.ready = true;
                p.ready_transition = Some(now);
            }
        }
    }

    pub fn live_pods_on(&self, node: &str) -> Vec<&Pod> {
        self.pods
            .iter()
            .filter(|p| p.assigned_node() == Some(node) && !p.is_terminating())
            .collect()
    }
}

pub fn make_pod(
    name: &str,
    node: &str,
    pod_labels: &Labels,
    ds: Option<&DaemonSet>,
    now: SimTime,
) -> Pod {
    Pod {
        name: name.to_string(),
        uid: format!("uid-{name}"),
        namespace: "default".into(),
        labels: pod_labels.clone(),
        annotations: Labels::new(),
        owner: ds.map(|d| OwnerRef {
            kind: "DaemonSet".into(),
            name: d.name.clone(),
            uid: d.uid.clone(),
            controller: true,
        }),
        node_name: Some(node.to_string()),
        target_node: Some(node.to_string()),
        created: now,
        deletion_timestamp: None,
        deletion_grace_seconds: None,
        phase: PodPhase::Running,
        reason: None,
        containers: vec![Container {
            name: "foo".into(),
            image: "foo/bar".into(),
            ports: vec![],
            image_pull_policy: "Always".into(),
        }],
        container_statuses: vec![],
        ready: true,
        ready_transition: Some(now),
        pod_ip: None,
        host_network: false,
        tolerations: vec![],
        node_selector: Labels::new(),
        termination_grace_period_seconds: 30,
    }
}

/// (creates, deletes) counts of a plan, like `syncAndValidateDaemonSets`.
pub fn counts(plan: &Plan) -> (usize, usize) {
    (plan.creates.len(), plan.deletes.len())
}
