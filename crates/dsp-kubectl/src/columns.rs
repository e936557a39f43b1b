//! `kubectl get` columns for the kinds the API server stores as written (the server-side
//! table of pkg/printers/internalversion/printers.go, read from the JSON value), and the
//! API server's default table (NAME, CREATED AT) for kinds without a printer.

use dsp_core::human_age;
use dsp_core::sim::StoredObject;
use dsp_core::time::SimTime;
use serde_json::Value;

/// Header of one stored kind (NAME first), with the wide-only columns when `wide`.
pub(crate) fn header(kind: &str, group: &str, wide: bool) -> Vec<&'static str> {
    let (normal, extra): (&[&str], &[&str]) = match (group, kind) {
        ("", "Namespace") => (&["NAME", "STATUS", "AGE"], &[]),
        ("", "ServiceAccount") => (&["NAME", "SECRETS", "AGE"], &[]),
        ("", "ConfigMap") => (&["NAME", "DATA", "AGE"], &[]),
        ("", "Secret") => (&["NAME", "TYPE", "DATA", "AGE"], &[]),
        ("", "Service") => (
            &[
                "NAME",
                "TYPE",
                "CLUSTER-IP",
                "EXTERNAL-IP",
                "PORT(S)",
                "AGE",
            ],
            &["SELECTOR"],
        ),
        ("", "Endpoints") => (&["NAME", "ENDPOINTS", "AGE"], &[]),
        ("", "LimitRange") => (&["NAME", "CREATED AT"], &[]),
        ("", "ResourceQuota") => (&["NAME", "REQUEST", "LIMIT", "AGE"], &[]),
        ("", "PersistentVolumeClaim") => (
            &[
                "NAME",
                "STATUS",
                "VOLUME",
                "CAPACITY",
                "ACCESS MODES",
                "STORAGECLASS",
                "VOLUMEATTRIBUTESCLASS",
                "AGE",
            ],
            &["VOLUMEMODE"],
        ),
        ("rbac.authorization.k8s.io", "ClusterRole" | "Role") => (&["NAME", "CREATED AT"], &[]),
        ("rbac.authorization.k8s.io", "ClusterRoleBinding" | "RoleBinding") => (
            &["NAME", "ROLE", "AGE"],
            &["USERS", "GROUPS", "SERVICEACCOUNTS"],
        ),
        ("apps", "Deployment") => (
            &["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        ("apps", "ReplicaSet") => (
            &["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        ("apps", "StatefulSet") => (&["NAME", "READY", "AGE"], &["CONTAINERS", "IMAGES"]),
        ("scheduling.k8s.io", "PriorityClass") => (
            &["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"],
            &[],
        ),
        ("policy", "PodDisruptionBudget") => (
            &[
                "NAME",
                "MIN AVAILABLE",
                "MAX UNAVAILABLE",
                "ALLOWED DISRUPTIONS",
                "AGE",
            ],
            &[],
        ),
        ("storage.k8s.io", "CSIDriver") => (
            &[
                "NAME",
                "ATTACHREQUIRED",
                "PODINFOONMOUNT",
                "STORAGECAPACITY",
                "TOKENREQUESTS",
                "REQUIRESREPUBLISH",
                "MODES",
                "AGE",
            ],
            &[],
        ),
        ("storage.k8s.io", "StorageClass") => (
            &[
                "NAME",
                "PROVISIONER",
                "RECLAIMPOLICY",
                "VOLUMEBINDINGMODE",
                "ALLOWVOLUMEEXPANSION",
                "AGE",
            ],
            &[],
        ),
        ("coordination.k8s.io", "Lease") => (&["NAME", "HOLDER", "AGE"], &[]),
        ("networking.k8s.io", "NetworkPolicy") => (&["NAME", "POD-SELECTOR", "AGE"], &[]),
        (
            "admissionregistration.k8s.io",
            "ValidatingWebhookConfiguration" | "MutatingWebhookConfiguration",
        ) => (&["NAME", "WEBHOOKS", "AGE"], &[]),
        ("batch", "CronJob") => (
            &[
                "NAME",
                "SCHEDULE",
                "TIMEZONE",
                "SUSPEND",
                "ACTIVE",
                "LAST SCHEDULE",
                "AGE",
            ],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        ("batch", "Job") => (
            &["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
            &["CONTAINERS", "IMAGES", "SELECTOR"],
        ),
        _ => (&["NAME", "CREATED AT"], &[]),
    };
    let mut out = normal.to_vec();
    if wide {
        out.extend_from_slice(extra);
    }
    out
}

/// One row (NAME first) for a stored object.
pub(crate) fn row(o: &StoredObject, name: String, now: SimTime, wide: bool) -> Vec<String> {
    let v = &o.value;
    let age = human_age(now - o.created);
    let text = |p: &str| {
        v.pointer(p)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let int = |p: &str| v.pointer(p).and_then(Value::as_i64).unwrap_or(0);
    let count = |p: &str| {
        v.pointer(p)
            .map(|x| match x {
                Value::Object(m) => m.len(),
                Value::Array(a) => a.len(),
                _ => 0,
            })
            .unwrap_or(0)
    };
    let or_none = |s: String| {
        if s.is_empty() {
            "<none>".to_string()
        } else {
            s
        }
    };
    let r = &o.resource;
    let mut out = vec![name];
    match (r.group.as_str(), r.kind.as_str()) {
        ("", "Namespace") => out.extend([text("/status/phase"), age]),
        ("", "ServiceAccount") => out.extend([count("/secrets").to_string(), age]),
        ("", "ConfigMap") => out.extend([(count("/data") + count("/binaryData")).to_string(), age]),
        ("", "Secret") => out.extend([text("/type"), count("/data").to_string(), age]),
        ("", "Service") => {
            let kind = text("/spec/type");
            let external = service_external_ips(v, &kind);
            let ip = v
                .pointer("/spec/clusterIPs/0")
                .and_then(Value::as_str)
                .map(str::to_string)
                .unwrap_or_else(|| text("/spec/clusterIP"));
            out.extend([kind.clone(), or_none(ip), external, service_ports(v), age]);
            if wide {
                out.push(or_none(selector_text(v.pointer("/spec/selector"))));
            }
        }
        ("", "Endpoints") => out.extend([or_none(endpoints_text(v)), age]),
        ("", "ResourceQuota") => out.extend([String::new(), String::new(), age]),
        ("", "PersistentVolumeClaim") => {
            let modes = v
                .pointer("/status/accessModes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(access_mode)
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_default();
            out.extend([
                match text("/status/phase") {
                    p if p.is_empty() => "Pending".to_string(),
                    p => p,
                },
                text("/spec/volumeName"),
                text("/status/capacity/storage"),
                modes,
                or_unset(text("/spec/storageClassName")),
                or_unset(text("/spec/volumeAttributesClassName")),
                age,
            ]);
            if wide {
                out.push(match text("/spec/volumeMode") {
                    m if m.is_empty() => "Filesystem".to_string(),
                    m => m,
                });
            }
        }
        ("rbac.authorization.k8s.io", "ClusterRoleBinding" | "RoleBinding") => {
            out.extend([
                format!("{}/{}", text("/roleRef/kind"), text("/roleRef/name")),
                age,
            ]);
            if wide {
                let subjects = v
                    .get("subjects")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let of = |kind: &str| {
                    subjects
                        .iter()
                        .filter(|s| s.get("kind").and_then(Value::as_str) == Some(kind))
                        .map(|s| {
                            let n = s.get("name").and_then(Value::as_str).unwrap_or("");
                            match s.get("namespace").and_then(Value::as_str) {
                                Some(ns) if kind == "ServiceAccount" => format!("{ns}/{n}"),
                                _ if kind == "ServiceAccount" => format!("/{n}"),
                                _ => n.to_string(),
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                out.extend([of("User"), of("Group"), of("ServiceAccount")]);
            }
        }
        ("apps", "Deployment") => {
            let desired = v
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            out.extend([
                format!("{}/{desired}", int("/status/readyReplicas")),
                int("/status/updatedReplicas").to_string(),
                int("/status/availableReplicas").to_string(),
                age,
            ]);
            if wide {
                out.extend(template_columns(v, true));
            }
        }
        ("apps", "ReplicaSet") => {
            let desired = v
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            out.extend([
                desired.to_string(),
                int("/status/replicas").to_string(),
                int("/status/readyReplicas").to_string(),
                age,
            ]);
            if wide {
                out.extend(template_columns(v, true));
            }
        }
        ("apps", "StatefulSet") => {
            let desired = v
                .pointer("/spec/replicas")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            out.extend([format!("{}/{desired}", int("/status/readyReplicas")), age]);
            if wide {
                out.extend(template_columns(v, false));
            }
        }
        ("scheduling.k8s.io", "PriorityClass") => {
            let global = v
                .get("globalDefault")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let policy = match text("/preemptionPolicy") {
                p if p.is_empty() => "PreemptLowerPriority".to_string(),
                p => p,
            };
            out.extend([int("/value").to_string(), global.to_string(), age, policy]);
        }
        ("policy", "PodDisruptionBudget") => {
            let val = |p: &str| match v.pointer(p) {
                Some(Value::String(s)) => s.clone(),
                Some(Value::Number(n)) => n.to_string(),
                _ => "N/A".to_string(),
            };
            out.extend([
                val("/spec/minAvailable"),
                val("/spec/maxUnavailable"),
                int("/status/disruptionsAllowed").to_string(),
                age,
            ]);
        }
        ("storage.k8s.io", "CSIDriver") => {
            let flag = |p: &str, default: bool| {
                v.pointer(p)
                    .and_then(Value::as_bool)
                    .unwrap_or(default)
                    .to_string()
            };
            let tokens = v
                .pointer("/spec/tokenRequests")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .map(|t| t.get("audience").and_then(Value::as_str).unwrap_or(""))
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .unwrap_or_else(|| "<unset>".to_string());
            let modes = v
                .pointer("/spec/volumeLifecycleModes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "Persistent".to_string());
            out.extend([
                flag("/spec/attachRequired", true),
                flag("/spec/podInfoOnMount", false),
                flag("/spec/storageCapacity", false),
                tokens,
                flag("/spec/requiresRepublish", false),
                modes,
                age,
            ]);
        }
        ("storage.k8s.io", "StorageClass") => {
            let name_col = out.pop().unwrap_or_default();
            let default = o
                .annotations()
                .get("storageclass.kubernetes.io/is-default-class")
                .is_some_and(|a| a == "true");
            out.push(if default {
                format!("{name_col} (default)")
            } else {
                name_col
            });
            out.extend([
                text("/provisioner"),
                match text("/reclaimPolicy") {
                    p if p.is_empty() => "Delete".to_string(),
                    p => p,
                },
                match text("/volumeBindingMode") {
                    m if m.is_empty() => "Immediate".to_string(),
                    m => m,
                },
                v.get("allowVolumeExpansion")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
                    .to_string(),
                age,
            ]);
        }
        ("coordination.k8s.io", "Lease") => out.extend([text("/spec/holderIdentity"), age]),
        ("networking.k8s.io", "NetworkPolicy") => {
            out.extend([or_none(selector_of(v.pointer("/spec/podSelector"))), age]);
        }
        ("admissionregistration.k8s.io", _) => out.extend([count("/webhooks").to_string(), age]),
        ("batch", "CronJob") => {
            let suspend = match v.pointer("/spec/suspend").and_then(Value::as_bool) {
                Some(true) => "True",
                Some(false) => "False",
                None => "<unset>",
            };
            out.extend([
                text("/spec/schedule"),
                or_none(text("/spec/timeZone")),
                suspend.to_string(),
                count("/status/active").to_string(),
                "<none>".to_string(),
                age,
            ]);
            if wide {
                out.extend(template_at(v, "/spec/jobTemplate/spec"));
            }
        }
        ("batch", "Job") => {
            let succeeded = int("/status/succeeded");
            let completions = match v.pointer("/spec/completions").and_then(Value::as_i64) {
                Some(c) => format!("{succeeded}/{c}"),
                None => match v.pointer("/spec/parallelism").and_then(Value::as_i64) {
                    Some(p) if p > 1 => format!("{succeeded}/1 of {p}"),
                    _ => format!("{succeeded}/1"),
                },
            };
            out.extend(["Running".to_string(), completions, String::new(), age]);
            if wide {
                out.extend(template_at(v, "/spec"));
            }
        }
        _ => out.push(o.created.rfc3339()),
    }
    out
}

fn or_unset(s: String) -> String {
    if s.is_empty() {
        "<unset>".to_string()
    } else {
        s
    }
}

fn access_mode(m: &str) -> &str {
    match m {
        "ReadWriteOnce" => "RWO",
        "ReadOnlyMany" => "ROX",
        "ReadWriteMany" => "RWX",
        "ReadWriteOncePod" => "RWOP",
        other => other,
    }
}

/// `PORT(S)`: `443/TCP`, `80:30080/TCP` for node ports, comma-separated; `<none>` without.
fn service_ports(v: &Value) -> String {
    let ports = v
        .pointer("/spec/ports")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if ports.is_empty() {
        return "<none>".to_string();
    }
    ports
        .iter()
        .map(|p| {
            let port = p.get("port").and_then(Value::as_i64).unwrap_or(0);
            let proto = p.get("protocol").and_then(Value::as_str).unwrap_or("TCP");
            match p.get("nodePort").and_then(Value::as_i64) {
                Some(np) if np != 0 => format!("{port}:{np}/{proto}"),
                _ => format!("{port}/{proto}"),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `EXTERNAL-IP`: the external IPs, a LoadBalancer's `<pending>`, an ExternalName's name.
fn service_external_ips(v: &Value, kind: &str) -> String {
    let list = |p: &str| dsp_core::sim::strings_at(v, p);
    let external = list("/spec/externalIPs");
    match kind {
        "ExternalName" => v
            .pointer("/spec/externalName")
            .and_then(Value::as_str)
            .unwrap_or("<none>")
            .to_string(),
        "LoadBalancer" => {
            let mut ips: Vec<String> = v
                .pointer("/status/loadBalancer/ingress")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|i| {
                            i.get("ip")
                                .or_else(|| i.get("hostname"))
                                .and_then(Value::as_str)
                        })
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            ips.extend(external);
            if ips.is_empty() {
                "<pending>".to_string()
            } else {
                ips.join(",")
            }
        }
        "ClusterIP" | "NodePort" if !external.is_empty() => external.join(","),
        "ClusterIP" | "NodePort" => "<none>".to_string(),
        _ => "<unknown>".to_string(),
    }
}

fn selector_text(sel: Option<&Value>) -> String {
    sel.and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or("")))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default()
}

fn endpoints_text(v: &Value) -> String {
    let mut out = Vec::new();
    for subset in v
        .get("subsets")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let ports: Vec<i64> = subset
            .get("ports")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.get("port").and_then(Value::as_i64))
                    .collect()
            })
            .unwrap_or_default();
        for addr in subset
            .get("addresses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let ip = addr.get("ip").and_then(Value::as_str).unwrap_or("");
            if ports.is_empty() {
                out.push(ip.to_string());
            }
            for p in &ports {
                out.push(format!("{ip}:{p}"));
            }
        }
    }
    if out.len() > 3 {
        let more = out.len() - 3;
        out.truncate(3);
        return format!("{} + {more} more...", out.join(","));
    }
    out.join(",")
}

/// CONTAINERS, IMAGES, SELECTOR of a pod template and selector under `spec` (a Job's, a
/// CronJob's job template).
fn template_at(v: &Value, spec: &str) -> Vec<String> {
    let mut sub = serde_json::Map::new();
    if let Some(s) = v.pointer(spec) {
        sub.insert("spec".into(), s.clone());
    }
    template_columns(&Value::Object(sub), true)
}

/// `metav1.FormatLabelSelector`: `k=v,k2 in (a,b)`, empty for an empty selector.
fn selector_of(sel: Option<&Value>) -> String {
    let cols = template_columns(
        &serde_json::json!({"spec": {"selector": sel.cloned().unwrap_or(Value::Null)}}),
        true,
    );
    match cols.last().map(String::as_str) {
        Some("<none>") | None => String::new(),
        Some(s) => s.to_string(),
    }
}

/// CONTAINERS, IMAGES (and SELECTOR) of a workload's pod template.
fn template_columns(v: &Value, with_selector: bool) -> Vec<String> {
    let containers = v
        .pointer("/spec/template/spec/containers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let field = |k: &str| {
        containers
            .iter()
            .filter_map(|c| c.get(k).and_then(Value::as_str))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = vec![field("name"), field("image")];
    if with_selector {
        let sel = v.pointer("/spec/selector");
        let mut parts = Vec::new();
        if let Some(m) = sel.and_then(|s| s.get("matchLabels")) {
            let t = selector_text(Some(m));
            if !t.is_empty() {
                parts.push(t);
            }
        }
        for e in sel
            .and_then(|s| s.get("matchExpressions"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = e.get("key").and_then(Value::as_str).unwrap_or("");
            let op = e.get("operator").and_then(Value::as_str).unwrap_or("");
            let values: Vec<&str> = e
                .get("values")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            parts.push(match op {
                "In" => format!("{key} in ({})", values.join(",")),
                "NotIn" => format!("{key} notin ({})", values.join(",")),
                "Exists" => key.to_string(),
                "DoesNotExist" => format!("!{key}"),
                _ => key.to_string(),
            });
        }
        out.push(if parts.is_empty() {
            "<none>".to_string()
        } else {
            parts.join(",")
        });
    }
    out
}

/// A custom resource's columns (apiextensions' table convertor): NAME, then the CRD's
/// `additionalPrinterColumns` (priority 0, or all with `-o wide`), or AGE when it names none.
fn custom_columns(sim: &dsp_core::Simulation, r: &dsp_schema::Resource, wide: bool) -> Vec<Value> {
    let columns = sim.printer_columns(r);
    if columns.is_empty() {
        return vec![
            serde_json::json!({"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}),
        ];
    }
    columns
        .into_iter()
        .filter(|c| wide || c.get("priority").and_then(Value::as_i64).unwrap_or(0) == 0)
        .collect()
}

pub(crate) fn custom_header(
    sim: &dsp_core::Simulation,
    r: &dsp_schema::Resource,
    wide: bool,
) -> Vec<String> {
    let mut out = vec!["NAME".to_string()];
    for c in custom_columns(sim, r, wide) {
        out.push(
            c.get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_uppercase(),
        );
    }
    out
}

pub(crate) fn custom_row(
    sim: &dsp_core::Simulation,
    o: &StoredObject,
    name: String,
    now: SimTime,
    wide: bool,
) -> Vec<String> {
    let mut out = vec![name];
    for c in custom_columns(sim, o.resource, wide) {
        let path = c.get("jsonPath").and_then(Value::as_str).unwrap_or("");
        let kind = c.get("type").and_then(Value::as_str).unwrap_or("string");
        let cell = crate::jsonpath::render(&format!("{{{path}}}"), &o.value).unwrap_or_default();
        out.push(if kind == "date" && !cell.is_empty() {
            match dsp_core::time::SimTime::parse_rfc3339(&cell) {
                Some(t) => human_age(now - t),
                None => cell,
            }
        } else {
            cell
        });
    }
    out
}
