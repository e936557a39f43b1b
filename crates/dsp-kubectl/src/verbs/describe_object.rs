//! `kubectl describe` for the kinds the API server stores as written: kubectl's Namespace,
//! ConfigMap, ServiceAccount, Service, Secret, Deployment, PodDisruptionBudget, PriorityClass
//! and RBAC (Role, ClusterRole and their bindings) describers, and its generic describer (`printUnstructuredContent`) for the rest,
//! with a playground note on the workload kinds no simulated controller runs.

use crate::printers::{annotations, multiline};
use dsp_core::sim::StoredObject;
use dsp_core::Simulation;
use serde_json::{Map, Value};

/// The describe text of one stored object (before the tabwriter).
pub(crate) fn describe(sim: &Simulation, o: &StoredObject) -> String {
    let mut out = String::new();
    let r = o.resource;
    match (r.group.as_str(), r.kind.as_str()) {
        ("", "Namespace") => {
            out.push_str(&format!("Name:\t{}\n", o.name()));
            multiline(&mut out, "Labels", &o.labels(), "=", &[]);
            annotations(&mut out, "Annotations", &o.annotations());
            let phase = o
                .value
                .pointer("/status/phase")
                .and_then(Value::as_str)
                .unwrap_or("");
            out.push_str(&format!("Status:\t{phase}\n\n"));
            let quotas = sim
                .objects("resourcequotas")
                .filter(|q| q.namespace() == o.name())
                .count();
            let limits = sim
                .objects("limitranges")
                .filter(|q| q.namespace() == o.name())
                .count();
            if quotas == 0 {
                out.push_str("No resource quota.\n\n");
            } else {
                out.push_str(&format!("Resource Quotas\n  ({quotas} stored; the playground does not enforce them)\n\n"));
            }
            if limits == 0 {
                out.push_str("No LimitRange resource.\n");
            } else {
                out.push_str(&format!(
                    "Resource Limits\n  ({limits} stored; the playground does not enforce them)\n"
                ));
            }
        }
        ("", "ConfigMap") => {
            head(&mut out, o);
            out.push_str("\nData\n====\n");
            if let Some(data) = o.value.get("data").and_then(Value::as_object) {
                for (k, v) in data {
                    out.push_str(&format!("{k}:\n----\n{}\n\n", v.as_str().unwrap_or("")));
                }
            }
            out.push_str("\nBinaryData\n====\n");
            if let Some(data) = o.value.get("binaryData").and_then(Value::as_object) {
                for (k, v) in data {
                    let bytes = v.as_str().map(base64_len).unwrap_or(0);
                    out.push_str(&format!("{k}: {bytes} bytes\n"));
                }
            }
            out.push_str("\nEvents:\t<none>\n");
        }
        ("", "ServiceAccount") => {
            head(&mut out, o);
            let names = |key: &str| -> Vec<String> {
                o.value
                    .get(key)
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.get("name").and_then(Value::as_str))
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default()
            };
            // describeServiceAccount pads its three headers to one width; the secrets it
            // lists do not exist here, as kubectl marks them.
            for (header, list) in [
                ("Image pull secrets:", names("imagePullSecrets")),
                ("Mountable secrets: ", names("secrets")),
                ("Tokens:            ", Vec::new()),
            ] {
                if list.is_empty() {
                    out.push_str(&format!("{header}\t<none>\n"));
                }
                for (i, name) in list.iter().enumerate() {
                    let found = sim.object("secrets", o.namespace(), name).is_some();
                    let mark = if found || header.starts_with("Image") {
                        ""
                    } else {
                        " (not found)"
                    };
                    let head = if i == 0 {
                        header
                    } else {
                        "                   "
                    };
                    out.push_str(&format!("{head}\t{name}{mark}\n"));
                }
            }
            out.push_str("Events:\t<none>\n");
        }
        ("", "Service") => {
            head(&mut out, o);
            let v = &o.value;
            let text = |p: &str| {
                v.pointer(p)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            let list = |p: &str| dsp_core::sim::strings_at(v, p);
            let selector: dsp_core::model::Labels = v
                .pointer("/spec/selector")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, x)| x.as_str().map(|x| (k.clone(), x.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            let selector = crate::format::labels(&selector);
            out.push_str(&format!(
                "Selector:\t{selector}\nType:\t{}\n",
                text("/spec/type")
            ));
            let policy = text("/spec/ipFamilyPolicy");
            if !policy.is_empty() {
                out.push_str(&format!("IP Family Policy:\t{policy}\n"));
            }
            let or_none = |l: Vec<String>| {
                if l.is_empty() {
                    "<none>".to_string()
                } else {
                    l.join(",")
                }
            };
            out.push_str(&format!(
                "IP Families:\t{}\n",
                or_none(list("/spec/ipFamilies"))
            ));
            out.push_str(&format!("IP:\t{}\n", text("/spec/clusterIP")));
            out.push_str(&format!("IPs:\t{}\n", or_none(list("/spec/clusterIPs"))));
            let external = list("/spec/externalIPs");
            if !external.is_empty() {
                out.push_str(&format!("External IPs:\t{}\n", external.join(",")));
            }
            let external_name = text("/spec/externalName");
            if !external_name.is_empty() {
                out.push_str(&format!("External Name:\t{external_name}\n"));
            }
            // No EndpointSlice controller runs here, so no service has endpoints.
            for port in v
                .pointer("/spec/ports")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = port
                    .get("name")
                    .and_then(Value::as_str)
                    .filter(|n| !n.is_empty())
                    .unwrap_or("<unset>");
                let protocol = port
                    .get("protocol")
                    .and_then(Value::as_str)
                    .unwrap_or("TCP");
                let number = port.get("port").and_then(Value::as_i64).unwrap_or(0);
                out.push_str(&format!("Port:\t{name}\t{number}/{protocol}\n"));
                let target = match port.get("targetPort") {
                    Some(Value::String(t)) => t.clone(),
                    Some(Value::Number(n)) => n.to_string(),
                    _ => number.to_string(),
                };
                out.push_str(&format!("TargetPort:\t{target}/{protocol}\n"));
                if let Some(np) = port
                    .get("nodePort")
                    .and_then(Value::as_i64)
                    .filter(|n| *n != 0)
                {
                    out.push_str(&format!("NodePort:\t{name}\t{np}/{protocol}\n"));
                }
                out.push_str("Endpoints:\t<none>\n");
            }
            out.push_str(&format!(
                "Session Affinity:\t{}\n",
                text("/spec/sessionAffinity")
            ));
            let external_policy = text("/spec/externalTrafficPolicy");
            if !external_policy.is_empty() {
                out.push_str(&format!("External Traffic Policy:\t{external_policy}\n"));
            }
            let internal = text("/spec/internalTrafficPolicy");
            if !internal.is_empty() {
                out.push_str(&format!("Internal Traffic Policy:\t{internal}\n"));
            }
            out.push_str("Events:\t<none>\n");
        }
        ("", "Secret") => {
            head(&mut out, o);
            let kind = o.value.get("type").and_then(Value::as_str).unwrap_or("");
            out.push_str(&format!("\nType:\t{kind}\n\nData\n====\n"));
            if let Some(data) = o.value.get("data").and_then(Value::as_object) {
                for (k, v) in data {
                    let bytes = v.as_str().map(base64_len).unwrap_or(0);
                    out.push_str(&format!("{k}:\t{bytes} bytes\n"));
                }
            }
        }
        ("apps", "Deployment") => deployment(&mut out, o),
        ("apps", "StatefulSet") => statefulset(&mut out, o),
        ("policy", "PodDisruptionBudget") => {
            let v = &o.value;
            out.push_str(&format!("Name:\t{}\n", o.name()));
            out.push_str(&format!("Namespace:\t{}\n", o.namespace()));
            let budget = |key: &str| match v.pointer(&format!("/spec/{key}")) {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                _ => None,
            };
            if let Some(min) = budget("minAvailable") {
                out.push_str(&format!("Min available:\t{min}\n"));
            } else if let Some(max) = budget("maxUnavailable") {
                out.push_str(&format!("Max unavailable:\t{max}\n"));
            }
            match v.pointer("/spec/selector").filter(|s| !s.is_null()) {
                Some(_) => {
                    // metav1.FormatLabelSelector: `<none>` for an empty one.
                    let text = selector_text(v);
                    let text = if text.is_empty() { "<none>" } else { &text };
                    out.push_str(&format!("Selector:\t{text}\n"));
                }
                None => out.push_str("Selector:\t<unset>\n"),
            }
            let status = |key: &str| {
                v.pointer(&format!("/status/{key}"))
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
            };
            out.push_str("Status:\n");
            for (label, key) in [
                ("Allowed disruptions", "disruptionsAllowed"),
                ("Current", "currentHealthy"),
                ("Desired", "desiredHealthy"),
                ("Total", "expectedPods"),
            ] {
                out.push_str(&format!("    {label}:\t{}\n", status(key)));
            }
            out.push_str("Events:\t<none>\n");
        }
        ("scheduling.k8s.io", "PriorityClass") => {
            let v = &o.value;
            let field = |key: &str| match v.get(key) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Null) | None => String::new(),
                Some(other) => other.to_string(),
            };
            out.push_str(&format!("Name:\t{}\n", o.name()));
            out.push_str(&format!(
                "Value:\t{}\n",
                v.get("value").and_then(Value::as_i64).unwrap_or(0)
            ));
            out.push_str(&format!(
                "GlobalDefault:\t{}\n",
                v.get("globalDefault")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            ));
            out.push_str(&format!(
                "PreemptionPolicy:\t{}\n",
                field("preemptionPolicy")
            ));
            out.push_str(&format!("Description:\t{}\n", field("description")));
            let pairs = crate::format::labels(&o.annotations());
            out.push_str(&format!("Annotations:\t{pairs}\n"));
            out.push_str("Events:\t<none>\n");
        }
        ("rbac.authorization.k8s.io", "Role" | "ClusterRole") => {
            out.push_str(&format!("Name:\t{}\n", o.name()));
            multiline(&mut out, "Labels", &o.labels(), "=", &[]);
            annotations(&mut out, "Annotations", &o.annotations());
            out.push_str("PolicyRule:\n");
            out.push_str("  Resources\tNon-Resource URLs\tResource Names\tVerbs\n");
            out.push_str("  ---------\t-----------------\t--------------\t-----\n");
            let rules = o.value.get("rules").and_then(Value::as_array);
            for rule in compact_rules(rules.map(Vec::as_slice).unwrap_or_default()) {
                out.push_str(&format!(
                    "  {}\t{}\t{}\t{}\n",
                    combine_resource_group(&rule.resources, &rule.api_groups),
                    go_list(&rule.non_resource_urls),
                    go_list(&rule.resource_names),
                    go_list(&rule.verbs)
                ));
            }
        }
        ("rbac.authorization.k8s.io", "RoleBinding" | "ClusterRoleBinding") => {
            out.push_str(&format!("Name:\t{}\n", o.name()));
            multiline(&mut out, "Labels", &o.labels(), "=", &[]);
            annotations(&mut out, "Annotations", &o.annotations());
            let text =
                |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
            let role = o.value.get("roleRef").cloned().unwrap_or(Value::Null);
            out.push_str(&format!(
                "Role:\n  Kind:\t{}\n  Name:\t{}\n",
                text(&role, "kind"),
                text(&role, "name")
            ));
            out.push_str("Subjects:\n  Kind\tName\tNamespace\n  ----\t----\t---------\n");
            for subject in o
                .value
                .get("subjects")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                out.push_str(&format!(
                    "  {}\t{}\t{}\n",
                    text(subject, "kind"),
                    text(subject, "name"),
                    text(subject, "namespace")
                ));
            }
        }
        _ => {
            head(&mut out, o);
            if let Some(map) = o.value.as_object() {
                unstructured(&mut out, 0, map, "");
            }
            out.push_str("Events:\t<none>\n");
        }
    }
    if let Some(note) = no_controller_note(&r.kind) {
        out.push_str(&note);
    }
    out
}

/// kubectl's `describeDeployment`. No ReplicaSets exist (no Deployment controller runs), so
/// the Old/NewReplicaSet lines kubectl prints only when it finds some are left out, as it does.
fn deployment(out: &mut String, o: &StoredObject) {
    let v = &o.value;
    let int = |p: &str| v.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    let text = |p: &str| match v.pointer(p) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    out.push_str(&format!("Name:\t{}\n", o.name()));
    out.push_str(&format!("Namespace:\t{}\n", o.namespace()));
    out.push_str(&format!(
        "CreationTimestamp:\t{}\n",
        crate::format::describe_time(o.created)
    ));
    multiline(out, "Labels", &o.labels(), "=", &[]);
    annotations(out, "Annotations", &o.annotations());
    out.push_str(&format!("Selector:\t{}\n", selector_text(v)));
    out.push_str(&format!(
        "Replicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\n",
        int("/spec/replicas"),
        int("/status/updatedReplicas"),
        int("/status/replicas"),
        int("/status/availableReplicas"),
        int("/status/unavailableReplicas")
    ));
    out.push_str(&format!("StrategyType:\t{}\n", text("/spec/strategy/type")));
    out.push_str(&format!(
        "MinReadySeconds:\t{}\n",
        int("/spec/minReadySeconds")
    ));
    if v.pointer("/spec/strategy/rollingUpdate")
        .is_some_and(Value::is_object)
    {
        let budget = |p: &str| match text(p) {
            t if t.is_empty() => "<nil>".to_string(),
            t => t,
        };
        out.push_str(&format!(
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
            budget("/spec/strategy/rollingUpdate/maxUnavailable"),
            budget("/spec/strategy/rollingUpdate/maxSurge")
        ));
    }
    crate::printers::pod_template(out, &template_of(v));
    let conditions = v.pointer("/status/conditions").and_then(Value::as_array);
    if let Some(conditions) = conditions.filter(|c| !c.is_empty()) {
        out.push_str("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n");
        for c in conditions {
            let field = |k: &str| c.get(k).and_then(Value::as_str).unwrap_or("");
            out.push_str(&format!(
                "  {} \t{}\t{}\n",
                field("type"),
                field("status"),
                field("reason")
            ));
        }
    }
    out.push_str("Events:\t<none>\n");
}

/// `spec.selector` as `LabelSelectorAsSelector(...).String()` writes it (empty when unset).
fn selector_text(v: &Value) -> String {
    v.pointer("/spec/selector")
        .and_then(|s| serde_json::from_value::<dsp_core::k8s::meta::LabelSelector>(s.clone()).ok())
        .map(|s| dsp_core::model::selector_from_k8s(&s).to_string())
        .unwrap_or_default()
}

/// `spec.template` read into the typed model (empty when it cannot be read).
fn template_of(v: &Value) -> dsp_core::k8s::core::PodTemplateSpec {
    v.pointer("/spec/template")
        .and_then(|t| serde_json::from_value(t.clone()).ok())
        .unwrap_or_default()
}

/// kubectl's `describeStatefulSet`; no StatefulSet controller runs, so no pods are counted.
fn statefulset(out: &mut String, o: &StoredObject) {
    let v = &o.value;
    let int = |p: &str| v.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    let text = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    out.push_str(&format!("Name:\t{}\n", o.name()));
    out.push_str(&format!("Namespace:\t{}\n", o.namespace()));
    out.push_str(&format!(
        "CreationTimestamp:\t{}\n",
        crate::format::describe_time(o.created)
    ));
    out.push_str(&format!("Selector:\t{}\n", selector_text(v)));
    multiline(out, "Labels", &o.labels(), "=", &[]);
    annotations(out, "Annotations", &o.annotations());
    out.push_str(&format!(
        "Replicas:\t{} desired | {} total\n",
        int("/spec/replicas"),
        int("/status/replicas")
    ));
    out.push_str(&format!(
        "Update Strategy:\t{}\n",
        text("/spec/updateStrategy/type")
    ));
    if let Some(partition) = v
        .pointer("/spec/updateStrategy/rollingUpdate/partition")
        .and_then(Value::as_i64)
    {
        out.push_str(&format!("  Partition:\t{partition}\n"));
    }
    out.push_str("Pods Status:\t0 Running / 0 Waiting / 0 Succeeded / 0 Failed\n");
    crate::printers::pod_template(out, &template_of(v));
    // describeVolumeClaimTemplates
    let claims = v
        .pointer("/spec/volumeClaimTemplates")
        .and_then(Value::as_array)
        .filter(|c| !c.is_empty());
    match claims {
        None => out.push_str("Volume Claims:\t<none>\n"),
        Some(claims) => {
            out.push_str("Volume Claims:\n");
            for claim in claims {
                let field = |p: &str| claim.pointer(p).and_then(Value::as_str).unwrap_or("");
                out.push_str(&format!("  Name:\t{}\n", field("/metadata/name")));
                // GetPersistentVolumeClaimClass: the beta annotation, then the field.
                let class = claim
                    .pointer("/metadata/annotations/volume.beta.kubernetes.io~1storage-class")
                    .and_then(Value::as_str)
                    .unwrap_or_else(|| field("/spec/storageClassName"));
                out.push_str(&format!("  StorageClass:\t{class}\n"));
                for (title, key) in [("Labels", "labels"), ("Annotations", "annotations")] {
                    let map: Vec<(String, String)> = claim
                        .pointer(&format!("/metadata/{key}"))
                        .and_then(Value::as_object)
                        .map(|m| {
                            m.iter()
                                .map(|(k, x)| (k.clone(), x.as_str().unwrap_or("").to_string()))
                                .collect()
                        })
                        .unwrap_or_default();
                    if map.is_empty() {
                        out.push_str(&format!("  {title}:\t<none>\n"));
                    }
                    for (i, (k, x)) in map.iter().enumerate() {
                        let head = if i == 0 {
                            format!("  {title}:")
                        } else {
                            "  ".to_string()
                        };
                        out.push_str(&format!("{head}\t{k}={x}\n"));
                    }
                }
                let capacity = match claim.pointer("/spec/resources/requests/storage") {
                    Some(Value::String(q)) => crate::quantity::canonical(q),
                    Some(Value::Number(n)) => crate::quantity::canonical(&n.to_string()),
                    _ => "<default>".to_string(),
                };
                out.push_str(&format!("  Capacity:\t{capacity}\n"));
                let modes = dsp_core::sim::strings_at(claim, "/spec/accessModes");
                out.push_str(&format!("  Access Modes:\t{}\n", go_list(&modes)));
            }
        }
    }
    out.push_str("Events:\t<none>\n");
}

/// One RBAC policy rule, its lists as written.
#[derive(Clone, Debug, Default, PartialEq)]
struct PolicyRule {
    verbs: Vec<String>,
    api_groups: Vec<String>,
    resources: Vec<String>,
    resource_names: Vec<String>,
    non_resource_urls: Vec<String>,
}

impl PolicyRule {
    fn from_value(v: &Value) -> PolicyRule {
        let list = |key: &str| dsp_core::sim::strings_at(v, &format!("/{key}"));
        PolicyRule {
            verbs: list("verbs"),
            api_groups: list("apiGroups"),
            resources: list("resources"),
            resource_names: list("resourceNames"),
            non_resource_urls: list("nonResourceURLs"),
        }
    }

    /// The generated `PolicyRule.String()`, which describe sorts rules by.
    fn go_string(&self) -> String {
        format!(
            "&PolicyRule{{Verbs:{},APIGroups:{},Resources:{},ResourceNames:{},NonResourceURLs:{},}}",
            go_list(&self.verbs),
            go_list(&self.api_groups),
            go_list(&self.resources),
            go_list(&self.resource_names),
            go_list(&self.non_resource_urls)
        )
    }
}

/// Go's `%v` of a `[]string`: `[get list]`.
fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

/// kubectl's `rbac.BreakdownRule` over every rule (one group, resource, verb and resource name
/// each; non-resource URLs with one verb each), then `CompactRules` (rules that differ only by
/// verb merged, verbs in first-seen order) and the stable sort by `String()`.
fn compact_rules(rules: &[Value]) -> Vec<PolicyRule> {
    let one = |s: &String| vec![s.clone()];
    let mut simple: Vec<PolicyRule> = Vec::new();
    let mut other: Vec<PolicyRule> = Vec::new();
    for rule in rules.iter().map(PolicyRule::from_value) {
        for group in &rule.api_groups {
            for resource in &rule.resources {
                for verb in &rule.verbs {
                    let names: Vec<Vec<String>> = if rule.resource_names.is_empty() {
                        vec![Vec::new()]
                    } else {
                        rule.resource_names.iter().map(one).collect()
                    };
                    for resource_names in names {
                        let existing = simple.iter_mut().find(|r| {
                            r.api_groups == one(group)
                                && r.resources == one(resource)
                                && r.resource_names == resource_names
                        });
                        match existing {
                            Some(r) => {
                                if !r.verbs.contains(verb) {
                                    r.verbs.push(verb.clone());
                                }
                            }
                            None => simple.push(PolicyRule {
                                verbs: one(verb),
                                api_groups: one(group),
                                resources: one(resource),
                                resource_names,
                                non_resource_urls: Vec::new(),
                            }),
                        }
                    }
                }
            }
        }
        for url in &rule.non_resource_urls {
            for verb in &rule.verbs {
                other.push(PolicyRule {
                    verbs: one(verb),
                    non_resource_urls: one(url),
                    ..PolicyRule::default()
                });
            }
        }
    }
    other.extend(simple);
    dsp_core::sort::sort_by_key(&mut other, PolicyRule::go_string);
    other
}

/// `CombineResourceGroup`: `daemonsets.apps`, `pods/status`, the first resource and group only.
fn combine_resource_group(resources: &[String], groups: &[String]) -> String {
    let Some(first) = resources.first() else {
        return String::new();
    };
    let (name, sub) = match first.split_once('/') {
        Some((name, sub)) => (name, Some(sub)),
        None => (first.as_str(), None),
    };
    let mut out = name.to_string();
    if let Some(group) = groups.first().filter(|g| !g.is_empty()) {
        out.push('.');
        out.push_str(group);
    }
    if let Some(sub) = sub {
        out.push('/');
        out.push_str(sub);
    }
    out
}

/// The lines every describer starts with: name, namespace, labels, annotations.
fn head(out: &mut String, o: &StoredObject) {
    out.push_str(&format!("Name:\t{}\n", o.name()));
    out.push_str(&format!("Namespace:\t{}\n", o.namespace()));
    multiline(out, "Labels", &o.labels(), "=", &[]);
    annotations(out, "Annotations", &o.annotations());
}

/// The playground's note on a workload kind it stores but does not run.
fn no_controller_note(kind: &str) -> Option<String> {
    matches!(
        kind,
        "Deployment" | "ReplicaSet" | "StatefulSet" | "Job" | "CronJob" | "ReplicationController"
    )
    .then(|| {
        format!(
            "\nPlayground: no {kind} controller runs here. The object is stored and listed as written; no pods are made for it and its status stays as written. Only DaemonSets are simulated.\n"
        )
    })
}

const SKIPPED: [&str; 5] = [
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
];

/// `printUnstructuredContent`: keys sorted, maps and lists as nested sections, scalars as
/// `Label:\tvalue`, each level indented two spaces.
fn unstructured(out: &mut String, level: usize, map: &Map<String, Value>, prefix: &str) {
    let indent = "  ".repeat(level);
    for (field, value) in map {
        let path = format!("{prefix}.{field}");
        if SKIPPED.contains(&path.as_str()) {
            continue;
        }
        let label = smart_label(field);
        match value {
            Value::Object(m) => {
                out.push_str(&format!("{indent}{label}:\n"));
                unstructured(out, level + 1, m, &path);
            }
            Value::Array(items) => {
                out.push_str(&format!("{indent}{label}:\n"));
                for item in items {
                    match item {
                        Value::Object(m) => unstructured(out, level + 1, m, &path),
                        other => out.push_str(&format!("{indent}  {}\n", scalar(other))),
                    }
                }
            }
            other => out.push_str(&format!("{indent}{label}:\t{}\n", scalar(other))),
        }
    }
}

/// Go's `%v` of a JSON scalar.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".to_string(),
        other => other.to_string(),
    }
}

/// `smartLabelFor`: a field of letters (and `-`) split at its camel-case humps, each part
/// title-cased, API/URL/UID/OSB/GUID in capitals; anything else as written.
fn smart_label(field: &str) -> String {
    if field.chars().any(|c| !c.is_alphabetic() && c != '-') {
        return field.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let chars: Vec<char> = field.chars().collect();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let boundary = i > 0 && {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_uppercase() && c.is_uppercase() && next_lower)
                || ((prev == '-') != (c == '-'))
        };
        if boundary && !cur.is_empty() {
            parts.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
        .into_iter()
        .map(|p| {
            let upper = p.to_uppercase();
            if ["API", "URL", "UID", "OSB", "GUID"].contains(&upper.as_str()) {
                return upper;
            }
            let mut cs = p.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().collect::<String>() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Decoded length of a base64 text (0 when it does not decode).
fn base64_len(s: &str) -> usize {
    dsp_schema::base64::decode(s).map_or(0, |b| b.len())
}

#[cfg(test)]
mod tests {
    use super::{combine_resource_group, compact_rules, go_list, smart_label};

    #[test]
    fn rbac_rules_break_down_compact_and_sort_as_kubectl_does() {
        let rules = vec![
            serde_json::json!({"apiGroups": [""], "resources": ["pods", "nodes"], "verbs": ["get", "list"]}),
            serde_json::json!({"apiGroups": [""], "resources": ["pods"], "verbs": ["watch", "get"]}),
            serde_json::json!({"apiGroups": ["apps"], "resources": ["daemonsets/status"], "verbs": ["patch"], "resourceNames": ["a", "b"]}),
            serde_json::json!({"nonResourceURLs": ["/metrics"], "verbs": ["get"]}),
        ];
        let lines: Vec<String> = compact_rules(&rules)
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {}",
                    combine_resource_group(&r.resources, &r.api_groups),
                    go_list(&r.non_resource_urls),
                    go_list(&r.resource_names),
                    go_list(&r.verbs)
                )
            })
            .collect();
        // Sorted by `String()`, which starts with the verbs, byte by byte: `[get list watch]`
        // before `[get list]` before `[get]` (a space sorts before `]`).
        assert_eq!(
            lines,
            [
                "pods [] [] [get list watch]",
                "nodes [] [] [get list]",
                " [/metrics] [] [get]",
                "daemonsets.apps/status [] [a] [patch]",
                "daemonsets.apps/status [] [b] [patch]",
            ]
        );
    }

    #[test]
    fn labels_follow_kubectl() {
        assert_eq!(smart_label("creationTimestamp"), "Creation Timestamp");
        assert_eq!(smart_label("apiVersion"), "API Version");
        assert_eq!(smart_label("uid"), "UID");
        assert_eq!(smart_label("clusterIP"), "Cluster IP");
        assert_eq!(smart_label("kubernetes.io/x"), "kubernetes.io/x");
        assert_eq!(smart_label("spec"), "Spec");
    }
}
