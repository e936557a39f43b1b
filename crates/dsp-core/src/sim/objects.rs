//! The API server's store for every kind the simulator does not model: Namespaces,
//! ServiceAccounts, RBAC, ConfigMaps, Secrets, Services, Deployments, CRDs… kept as the JSON
//! values they were written as (client-go's `Unstructured`), checked against `dsp_schema`
//! before they get here, with the metadata the API server sets on create (uid,
//! resourceVersion, creationTimestamp, generation for kinds whose strategy counts spec
//! changes) and the few server defaults kubectl output shows (a Namespace's finalizer and
//! phase, a Secret's type, a Service's cluster IP).
//!
//! Namespaces are real: a fresh cluster has `default`, `kube-node-lease`, `kube-public` and
//! `kube-system` (and `service/kubernetes` in `default`), namespaced writes need an existing,
//! non-terminating namespace, and deleting one marks it `Terminating`, deletes what it holds
//! (a DaemonSet's pods terminate as usual) and removes it once no pod is left in it.

use super::clock::Timer;
use super::Simulation;
use crate::api::{ApiError, ApiErrorReason, Changed};
use crate::time::{SimDuration, SimTime};
use dsp_schema::Resource;
use serde_json::{json, Map, Value};

/// The namespaces every cluster starts with (kube-apiserver's system namespaces and
/// `default`).
pub const SYSTEM_NAMESPACES: [&str; 4] =
    ["default", "kube-node-lease", "kube-public", "kube-system"];

/// How often the namespace controller looks again at a terminating namespace that still holds
/// pods.
const NAMESPACE_RESYNC: SimDuration = SimDuration::from_secs(1);

/// One stored object.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredObject {
    pub resource: &'static Resource,
    /// The whole object as the API server returns it (no `status` unless written or defaulted).
    pub value: Value,
    pub created: SimTime,
}

impl StoredObject {
    pub fn name(&self) -> &str {
        self.meta_str("name")
    }
    /// `""` for cluster-scoped objects.
    pub fn namespace(&self) -> &str {
        self.meta_str("namespace")
    }
    fn meta_str(&self, key: &str) -> &str {
        self.value
            .pointer(&format!("/metadata/{key}"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
    /// `metadata.labels` as a label map (non-string values, which the schema refuses, are
    /// skipped).
    pub fn labels(&self) -> crate::model::Labels {
        string_map(self.value.pointer("/metadata/labels"))
    }
    pub fn annotations(&self) -> crate::model::Labels {
        string_map(self.value.pointer("/metadata/annotations"))
    }
    /// Whether deletion has begun (a terminating namespace).
    pub fn terminating(&self) -> bool {
        self.value.pointer("/metadata/deletionTimestamp").is_some()
    }
}

fn string_map(v: Option<&Value>) -> crate::model::Labels {
    v.and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// Store key: (resource as `plural.group`, namespace, name) — etcd's key order, which is the
/// order the API server lists in.
pub(crate) type ObjectKey = (String, String, String);

/// Resources whose registry strategy sets `metadata.generation` on create and bumps it when
/// the spec changes (`PrepareForCreate` / `PrepareForUpdate` in pkg/registry/*/strategy.go).
const GENERATION_RESOURCES: &[&str] = &[
    "deployments.apps",
    "replicasets.apps",
    "statefulsets.apps",
    "daemonsets.apps",
    "jobs.batch",
    "cronjobs.batch",
    "poddisruptionbudgets.policy",
    "horizontalpodautoscalers.autoscaling",
    "ingresses.networking.k8s.io",
    "networkpolicies.networking.k8s.io",
    "customresourcedefinitions.apiextensions.k8s.io",
    "mutatingwebhookconfigurations.admissionregistration.k8s.io",
    "validatingwebhookconfigurations.admissionregistration.k8s.io",
    "validatingadmissionpolicies.admissionregistration.k8s.io",
    "validatingadmissionpolicybindings.admissionregistration.k8s.io",
    "flowschemas.flowcontrol.apiserver.k8s.io",
    "prioritylevelconfigurations.flowcontrol.apiserver.k8s.io",
    "replicationcontrollers",
];

fn counts_generation(resource: &Resource) -> bool {
    super::crd::is_custom(resource) || GENERATION_RESOURCES.contains(&resource.qualified_plural())
}

const CRDS: &str = "customresourcedefinitions.apiextensions.k8s.io";

impl Simulation {
    /// The API server's checks of a kind's own rules before a write: a CRD's names and
    /// versions, a custom resource against its CRD's schema (unknown fields pruned).
    fn admit_kind(&self, resource: &'static Resource, value: &mut Value) -> Result<(), ApiError> {
        let plural = resource.qualified_plural();
        let name = meta(value, "name");
        let errs = if plural == CRDS {
            super::crd::validate_crd(value)
        } else if super::crd::is_custom(resource) {
            let check = self.check_custom(resource, value);
            *value = check.pruned;
            check.errors
        } else {
            Vec::new()
        };
        if errs.is_empty() {
            return Ok(());
        }
        // kubectl names the kind without its group (`details.kind`).
        Err(invalid_object(resource, &name, &errs))
    }
}

/// The resource of a kind in the schema (`Namespace`, `Service`).
fn core_resource(kind: &str) -> &'static Resource {
    dsp_schema::schema()
        .resource("v1", kind)
        .unwrap_or_else(|| panic!("the schema has v1 {kind}"))
}

impl Simulation {
    /// The objects that exist before anything is applied: the system namespaces and the
    /// `kubernetes` Service, created at the cluster's birth, with the article's nodes.
    pub(super) fn seed_system_objects(&mut self) {
        let born = super::CLUSTER_BORN;
        for ns in SYSTEM_NAMESPACES {
            let value = json!({
                "apiVersion": "v1",
                "kind": "Namespace",
                "metadata": {"name": ns},
            });
            self.store_new(core_resource("Namespace"), value, born, stable_uid(ns));
        }
        let service = json!({
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": {
                "name": "kubernetes",
                "namespace": "default",
                "labels": {"component": "apiserver", "provider": "kubernetes"},
            },
            "spec": {
                "clusterIP": "10.96.0.1",
                "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}],
            },
        });
        self.store_new(
            core_resource("Service"),
            service,
            born,
            stable_uid("service/kubernetes"),
        );
    }

    /// Stored objects of one resource (`configmaps`, `clusterroles.rbac.authorization.k8s.io`)
    /// in list order: by namespace, then name.
    pub fn objects<'a>(&'a self, resource: &str) -> impl Iterator<Item = &'a StoredObject> + 'a {
        let start = (resource.to_string(), String::new(), String::new());
        let resource = resource.to_string();
        self.objects
            .range(start..)
            .take_while(move |((r, _, _), _)| *r == resource)
            .map(|(_, o)| o)
    }

    /// Every stored object, by resource, namespace and name.
    pub fn all_objects(&self) -> impl Iterator<Item = &StoredObject> {
        self.objects.values()
    }

    pub fn object(&self, resource: &str, namespace: &str, name: &str) -> Option<&StoredObject> {
        self.objects.get(&(
            resource.to_string(),
            namespace.to_string(),
            name.to_string(),
        ))
    }

    /// Whether a namespace exists (terminating or not).
    pub fn namespace_exists(&self, name: &str) -> bool {
        self.object("namespaces", "", name).is_some()
    }

    /// The check every namespaced create goes through (the NamespaceLifecycle admission
    /// plugin): NotFound for a missing namespace, Forbidden while it terminates.
    pub fn admit_namespace(
        &self,
        resource: &str,
        name: &str,
        namespace: &str,
    ) -> Result<(), ApiError> {
        match self.object("namespaces", "", namespace) {
            None => Err(ApiError::not_found("namespaces", namespace)),
            Some(ns) if ns.terminating() => Err(ApiError {
                reason: ApiErrorReason::Forbidden,
                kind: resource.to_string(),
                name: name.to_string(),
                message: format!(
                    "{resource} \"{name}\" is forbidden: unable to create new content in namespace {namespace} because it is being terminated"
                ),
                status: None,
            }),
            Some(_) => Ok(()),
        }
    }

    /// `kubectl create`/`apply` of a new object: namespace admission, AlreadyExists, then the
    /// server's metadata and defaults. `value` has been checked against the schema.
    pub fn create_object(
        &mut self,
        resource: &'static Resource,
        mut value: Value,
    ) -> Result<(), ApiError> {
        let plural = resource.qualified_plural().to_string();
        let name = meta(&value, "name");
        let errs = crate::manifest::validate_object(resource, &value);
        if !errs.is_empty() {
            return Err(invalid_object(resource, &name, &errs));
        }
        let namespace = if resource.namespaced {
            let ns = match meta(&value, "namespace") {
                n if n.is_empty() => crate::manifest::DEFAULT_NAMESPACE.to_string(),
                n => n,
            };
            self.admit_namespace(&plural, &name, &ns)?;
            ns
        } else {
            String::new()
        };
        if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            if namespace.is_empty() {
                m.remove("namespace");
            } else {
                m.insert("namespace".into(), Value::String(namespace.clone()));
            }
        }
        if self.object(&plural, &namespace, &name).is_some() {
            return Err(ApiError::already_exists(&plural, &name));
        }
        self.admit_kind(resource, &mut value)?;
        if plural == CRDS {
            self.establish_crd(&mut value);
        }
        let uid = self.new_uid();
        self.store_new(resource, value, self.now, uid);
        Ok(())
    }

    fn store_new(
        &mut self,
        resource: &'static Resource,
        mut value: Value,
        created: SimTime,
        uid: String,
    ) {
        self.resource_version += 1;
        let Some(obj) = value.as_object_mut() else {
            return;
        };
        let meta = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(m) = meta.as_object_mut() {
            m.insert("uid".into(), Value::String(uid));
            m.insert("creationTimestamp".into(), Value::String(created.rfc3339()));
            m.insert(
                "resourceVersion".into(),
                Value::String(self.resource_version.to_string()),
            );
            m.remove("deletionTimestamp");
            if counts_generation(resource) {
                m.insert("generation".into(), json!(1));
            } else {
                m.remove("generation");
            }
        }
        self.default_object(resource, &mut value);
        let stored = StoredObject {
            resource,
            value,
            created,
        };
        let key = (
            resource.qualified_plural().to_string(),
            stored.namespace().to_string(),
            stored.name().to_string(),
        );
        self.objects.insert(key, stored);
    }

    /// The server defaults kubectl output shows for a few kinds.
    fn default_object(&mut self, resource: &Resource, value: &mut Value) {
        let name = meta(value, "name");
        match (resource.group.as_str(), resource.kind.as_str()) {
            ("", "Namespace") => {
                let Some(obj) = value.as_object_mut() else {
                    return;
                };
                set_path(
                    obj,
                    &["metadata", "labels", "kubernetes.io/metadata.name"],
                    json!(name),
                );
                let unset = obj
                    .get("spec")
                    .and_then(|v| v.get("finalizers"))
                    .is_none_or(Value::is_null);
                if unset {
                    set_path(obj, &["spec", "finalizers"], json!(["kubernetes"]));
                }
                set_path(obj, &["status", "phase"], json!("Active"));
            }
            ("", "Secret") => {
                let Some(obj) = value.as_object_mut() else {
                    return;
                };
                // `stringData` is write-only: the server merges it into `data`, base64-encoded.
                if let Some(Value::Object(plain)) = obj.remove("stringData") {
                    let data = obj
                        .entry("data")
                        .or_insert_with(|| Value::Object(Map::new()));
                    if let Some(d) = data.as_object_mut() {
                        for (k, v) in plain {
                            let text = v.as_str().unwrap_or_default().as_bytes().to_vec();
                            d.insert(k, Value::String(dsp_schema::base64::encode(&text)));
                        }
                    }
                }
                if obj
                    .get("type")
                    .is_none_or(|t| t.as_str().is_none_or(str::is_empty))
                {
                    obj.insert("type".into(), json!("Opaque"));
                }
            }
            ("", "Service") => self.default_service(value),
            // scheduling/v1 `SetDefaults_PriorityClass`.
            ("scheduling.k8s.io", "PriorityClass") => {
                if let Some(obj) = value.as_object_mut() {
                    if obj.get("preemptionPolicy").is_none_or(Value::is_null) {
                        obj.insert("preemptionPolicy".into(), json!("PreemptLowerPriority"));
                    }
                }
            }
            ("apps", "Deployment" | "ReplicaSet" | "StatefulSet") => {
                crate::manifest::default_workload(&resource.kind, value)
            }
            _ => {}
        }
    }

    fn default_service(&mut self, value: &mut Value) {
        let Some(obj) = value.as_object_mut() else {
            return;
        };
        let spec = obj
            .entry("spec")
            .or_insert_with(|| Value::Object(Map::new()));
        let Some(spec) = spec.as_object_mut() else {
            return;
        };
        let kind = spec
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("ClusterIP")
            .to_string();
        spec.insert("type".into(), json!(kind));
        if kind != "ExternalName" {
            let ip = match spec.get("clusterIP").and_then(Value::as_str) {
                Some(ip) if !ip.is_empty() => ip.to_string(),
                _ => {
                    self.service_ip_seq += 1;
                    let n = self.service_ip_seq + 1;
                    format!("10.96.{}.{}", n / 250, n % 250 + 1)
                }
            };
            spec.insert("clusterIP".into(), json!(ip));
            if ip != "None" || !spec.contains_key("clusterIPs") {
                spec.insert("clusterIPs".into(), json!([ip]));
            }
            spec.entry("ipFamilies").or_insert(json!(["IPv4"]));
            spec.entry("ipFamilyPolicy").or_insert(json!("SingleStack"));
            spec.entry("internalTrafficPolicy")
                .or_insert(json!("Cluster"));
        }
        spec.entry("sessionAffinity").or_insert(json!("None"));
        if let Some(ports) = spec.get_mut("ports").and_then(Value::as_array_mut) {
            for p in ports.iter_mut().filter_map(Value::as_object_mut) {
                p.entry("protocol").or_insert(json!("TCP"));
                if !p.contains_key("targetPort") {
                    if let Some(port) = p.get("port").cloned() {
                        p.insert("targetPort".into(), port);
                    }
                }
            }
        }
        obj.entry("status").or_insert(json!({"loadBalancer": {}}));
    }

    /// `kubectl apply`/`replace`/`label`/`patch` of an existing object: the server keeps uid
    /// and creationTimestamp, bumps generation when the spec changed (for kinds that count
    /// it) and resourceVersion when anything did.
    pub fn replace_object(&mut self, mut value: Value) -> Result<Changed, ApiError> {
        let (resource, namespace, name) = match self.object_key_of(&value) {
            Some(k) => k,
            None => {
                return Err(ApiError::bad_request(
                    "",
                    "",
                    "the object has no kind or name".into(),
                ))
            }
        };
        let plural = resource.qualified_plural().to_string();
        let key = (plural.clone(), namespace.clone(), name.clone());
        let Some(live) = self.objects.get(&key) else {
            return Err(ApiError::not_found(&plural, &name));
        };
        let live_meta = live.value.get("metadata").cloned().unwrap_or(Value::Null);
        let created = live.created;
        let old = live.value.clone();
        let errs = crate::manifest::validate_object(resource, &value);
        if !errs.is_empty() {
            return Err(invalid_object(resource, &name, &errs));
        }
        self.admit_kind(resource, &mut value)?;
        if plural == CRDS {
            self.establish_crd(&mut value);
            // The conditions keep the time they first became true.
            if let (Some(old_status), Some(obj)) = (old.get("status"), value.as_object_mut()) {
                obj.insert("status".into(), old_status.clone());
            }
        }
        if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            for k in [
                "uid",
                "creationTimestamp",
                "generation",
                "resourceVersion",
                "deletionTimestamp",
            ] {
                match live_meta.get(k) {
                    Some(v) => m.insert(k.into(), v.clone()),
                    None => m.remove(k),
                };
            }
            if !namespace.is_empty() {
                m.insert("namespace".into(), json!(namespace));
            }
        }
        // What the server defaulted stays unless the new object says otherwise: a namespace's
        // phase and finalizers, a Service's cluster IP.
        if let Some(obj) = value.as_object_mut() {
            match resource.kind.as_str() {
                "Namespace" => {
                    if let Some(st) = old.get("status") {
                        obj.insert("status".into(), st.clone());
                    }
                }
                "Service" => {
                    if let Some(spec) = obj.get_mut("spec").and_then(Value::as_object_mut) {
                        for k in ["clusterIP", "clusterIPs"] {
                            if let Some(v) = old.pointer(&format!("/spec/{k}")) {
                                spec.entry(k).or_insert(v.clone());
                            }
                        }
                    }
                    if let Some(st) = old.get("status") {
                        obj.entry("status").or_insert(st.clone());
                    }
                }
                _ => {}
            }
        }
        self.default_object(resource, &mut value);
        if value == old {
            return Ok(Changed(false));
        }
        self.resource_version += 1;
        let rv = self.resource_version.to_string();
        let spec_changed = old.get("spec") != value.get("spec");
        if let Some(m) = value.get_mut("metadata").and_then(Value::as_object_mut) {
            m.insert("resourceVersion".into(), json!(rv));
            if counts_generation(resource) && spec_changed {
                let g = m.get("generation").and_then(Value::as_i64).unwrap_or(0);
                m.insert("generation".into(), json!(g + 1));
            }
        }
        self.objects.insert(
            key,
            StoredObject {
                resource,
                value,
                created,
            },
        );
        Ok(Changed(true))
    }

    fn object_key_of(&self, value: &Value) -> Option<(&'static Resource, String, String)> {
        let api_version = value.get("apiVersion")?.as_str()?;
        let kind = value.get("kind")?.as_str()?;
        let resource = dsp_schema::schema()
            .resource(api_version, kind)
            .or_else(|| self.custom_resource(api_version, kind))?;
        let ns = if resource.namespaced {
            match meta(value, "namespace") {
                n if n.is_empty() => crate::manifest::DEFAULT_NAMESPACE.to_string(),
                n => n,
            }
        } else {
            String::new()
        };
        Some((resource, ns, meta(value, "name")))
    }

    /// `kubectl delete`: gone at once, except a namespace, which terminates first.
    pub fn delete_object(
        &mut self,
        resource: &str,
        namespace: &str,
        name: &str,
    ) -> Result<(), ApiError> {
        let key = (
            resource.to_string(),
            namespace.to_string(),
            name.to_string(),
        );
        let Some(obj) = self.objects.get_mut(&key) else {
            return Err(ApiError::not_found(resource, name));
        };
        if resource == "namespaces" {
            if obj.terminating() {
                return Ok(());
            }
            let now = self.now.rfc3339();
            if let Some(v) = obj.value.as_object_mut() {
                set_path(v, &["metadata", "deletionTimestamp"], json!(now));
                set_path(v, &["status", "phase"], json!("Terminating"));
            }
            self.resource_version += 1;
            // The namespace controller empties it a moment later (so a `kubectl delete -f`
            // of a whole file still finds the objects after their namespace).
            let at = self.after(SimDuration::from_millis(1));
            self.schedule(at, Timer::NamespaceCleanup(name.to_string()));
            return Ok(());
        }
        if resource == CRDS {
            // The `customresourcecleanup` finalizer: the CRD terminates while its custom
            // resources are deleted, a moment later.
            if !obj.terminating() {
                let now = self.now.rfc3339();
                if let Some(v) = obj.value.as_object_mut() {
                    set_path(v, &["metadata", "deletionTimestamp"], json!(now));
                    set_path(
                        v,
                        &["metadata", "finalizers"],
                        json!(["customresourcecleanup.apiextensions.k8s.io"]),
                    );
                }
                self.resource_version += 1;
                let at = self.after(SimDuration::from_millis(1));
                self.schedule(at, Timer::CrdCleanup(name.to_string()));
            }
            return Ok(());
        }
        self.objects.remove(&key);
        self.resource_version += 1;
        Ok(())
    }

    /// The end of a CRD's deletion: its custom resources go, then the CRD.
    pub(crate) fn crd_cleanup(&mut self, name: &str) {
        let key = (CRDS.to_string(), String::new(), name.to_string());
        if let Some(crd) = self.objects.get(&key).filter(|o| o.terminating()).cloned() {
            self.delete_custom_resources(&crd.value);
            self.objects.remove(&key);
            self.resource_version += 1;
        }
    }

    /// The namespace controller's sweep: every object in the namespace is deleted, DaemonSets
    /// with their pods (which terminate as usual).
    fn empty_namespace(&mut self, namespace: &str) {
        let doomed: Vec<ObjectKey> = self
            .objects
            .keys()
            .filter(|(_, ns, _)| ns == namespace)
            .cloned()
            .collect();
        for k in doomed {
            self.objects.remove(&k);
        }
        let daemonsets: Vec<String> = self
            .daemonsets()
            .filter(|d| d.namespace == namespace)
            .map(|d| d.name.clone())
            .collect();
        for ds in daemonsets {
            let _ = self.delete_daemonset(&ds, true);
        }
        let pods: Vec<String> = self
            .pods()
            .filter(|p| p.namespace == namespace && !p.is_terminating())
            .map(|p| p.name.clone())
            .collect();
        for p in pods {
            self.delete_pod_internal(&p, None);
        }
    }

    /// The namespace controller's pass over a terminating namespace: empty it, and remove it
    /// once no pod is left in it.
    pub(crate) fn namespace_cleanup(&mut self, namespace: &str) {
        let key = (
            "namespaces".to_string(),
            String::new(),
            namespace.to_string(),
        );
        if !self
            .objects
            .get(&key)
            .is_some_and(StoredObject::terminating)
        {
            return;
        }
        self.empty_namespace(namespace);
        if self.pods().any(|p| p.namespace == namespace) {
            let at = self.after(NAMESPACE_RESYNC);
            self.schedule(at, Timer::NamespaceCleanup(namespace.to_string()));
            return;
        }
        self.objects.remove(&key);
        self.resource_version += 1;
    }
}

fn invalid_object(
    resource: &Resource,
    name: &str,
    errs: &[crate::manifest::FieldError],
) -> ApiError {
    let causes: Vec<String> = errs.iter().map(ToString::to_string).collect();
    ApiError::invalid_fields(
        resource.qualified_plural(),
        &resource.kind,
        &resource.group,
        name,
        &causes,
        crate::manifest::invalid_message(&resource.kind, name, errs),
    )
}

/// The strings of the array at a JSON pointer (non-strings skipped; none when absent).
pub fn strings_at(value: &Value, pointer: &str) -> Vec<String> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn meta(value: &Value, key: &str) -> String {
    value
        .pointer(&format!("/metadata/{key}"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// Sets `path` in `obj`, creating objects on the way (a non-object on the way is replaced).
fn set_path(obj: &mut Map<String, Value>, path: &[&str], value: Value) {
    if let Some((last, parents)) = path.split_last() {
        crate::manifest::object_at(obj, parents).insert(last.to_string(), value);
    }
}

/// A uid for the objects a cluster is born with that does not draw from the seeded PRNG (so
/// adding them left every later uid as it was).
fn stable_uid(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    super::store::uid_text(h, h.rotate_left(29).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}
