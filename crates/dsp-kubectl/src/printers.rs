//! Building blocks of kubectl's `describe` output (pkg/describe/describe.go): label and
//! annotation lists, tolerations, containers, volumes, and the `Pod Template:` block that
//! `describe ds` and `rollout history --revision` share. Lines are written as describe's
//! `PrefixWriter` writes them (two spaces per level, cells separated by tabs); `describe` then
//! aligns them with the tabwriter, `rollout history --revision` prints them raw.

use dsp_core::k8s::core;
use dsp_core::model::{Labels, Toleration, TolerationOperator};
use std::collections::BTreeMap;

/// Describe's cut-off for one annotation line (`maxAnnotationLen`).
const MAX_ANNOTATION_LEN: usize = 140;

/// `Title:\tk=v` then `\tk2=v2` lines (printLabelsMultiline).
pub(crate) fn multiline(out: &mut String, title: &str, map: &Labels, sep: &str, skip: &[&str]) {
    let entries: Vec<(&String, &String)> = map
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .collect();
    if entries.is_empty() {
        out.push_str(&format!("{title}:\t<none>\n"));
        return;
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{title}:\t{k}{sep}{v}\n"));
        } else {
            out.push_str(&format!("\t{k}{sep}{v}\n"));
        }
    }
}

/// printAnnotationsMultiline: sorted, the last-applied configuration skipped; a value that is
/// long (key + value + 2 over 140 bytes) or has several lines goes below its key, each line
/// cut at 138 bytes with `...`.
pub(crate) fn annotations(out: &mut String, title: &str, map: &Labels) {
    let entries: Vec<(&String, &String)> = map
        .iter()
        .filter(|(k, _)| k.as_str() != dsp_core::model::LAST_APPLIED_ANNOTATION)
        .collect();
    out.push_str(&format!("{title}:\t"));
    if entries.is_empty() {
        out.push_str("<none>\n");
        return;
    }
    for (i, (k, v)) in entries.iter().enumerate() {
        if i != 0 {
            out.push('\t');
        }
        let value = v.strip_suffix('\n').unwrap_or(v);
        if value.len() + k.len() + 2 > MAX_ANNOTATION_LEN || value.contains('\n') {
            out.push_str(&format!("{k}:\n"));
            for line in value.split('\n') {
                out.push_str(&format!("\t  {}\n", shorten(line, MAX_ANNOTATION_LEN - 2)));
            }
        } else {
            out.push_str(&format!("{k}: {value}\n"));
        }
    }
}

/// Go's `s[:n] + "..."` on a byte length, cut back to a character boundary.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// printTolerationsMultilineWithIndent over the compact model: sorted by key (a stable sort;
/// Go's `sort.Slice` is an insertion sort at these sizes), `key=value:effect`, ` op=Exists`
/// (without the space for a bare `operator: Exists`), ` for Ns`.
pub(crate) fn tolerations(out: &mut String, title: &str, ts: &[Toleration]) {
    let mut sorted: Vec<&Toleration> = ts.iter().collect();
    dsp_core::sort::sort_by_key(&mut sorted, |t| t.key.clone().unwrap_or_default());
    let lines: Vec<String> = sorted
        .into_iter()
        .map(|t| {
            toleration_line(
                t.key.as_deref().unwrap_or(""),
                t.value.as_deref().unwrap_or(""),
                t.effect.map(|e| e.as_str()).unwrap_or(""),
                t.operator == TolerationOperator::Exists,
                t.toleration_seconds,
            )
        })
        .collect();
    list(out, title, &lines);
}

/// The same over API tolerations (a template's).
fn api_tolerations(out: &mut String, title: &str, ts: &[core::Toleration]) {
    let mut sorted: Vec<&core::Toleration> = ts.iter().collect();
    dsp_core::sort::sort_by_key(&mut sorted, |t| t.key.clone().unwrap_or_default());
    let lines: Vec<String> = sorted
        .into_iter()
        .map(|t| {
            toleration_line(
                t.key.as_deref().unwrap_or(""),
                t.value.as_deref().unwrap_or(""),
                t.effect.as_deref().unwrap_or(""),
                t.operator.as_deref() == Some("Exists"),
                t.toleration_seconds,
            )
        })
        .collect();
    list(out, title, &lines);
}

fn toleration_line(
    key: &str,
    value: &str,
    effect: &str,
    exists: bool,
    secs: Option<i64>,
) -> String {
    let mut s = key.to_string();
    if !value.is_empty() {
        s.push('=');
        s.push_str(value);
    }
    if !effect.is_empty() {
        s.push(':');
        s.push_str(effect);
    }
    if exists && value.is_empty() {
        if !key.is_empty() || !effect.is_empty() {
            s.push_str(" op=Exists");
        } else {
            s.push_str("op=Exists");
        }
    }
    if let Some(secs) = secs {
        s.push_str(&format!(" for {secs}s"));
    }
    s
}

/// `Title:\tfirst` then `\tnext` lines, or `Title:\t<none>`.
fn list(out: &mut String, title: &str, lines: &[String]) {
    if lines.is_empty() {
        out.push_str(&format!("{title}:\t<none>\n"));
        return;
    }
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{title}:\t{l}\n"));
        } else {
            out.push_str(&format!("\t{l}\n"));
        }
    }
}

/// The `Pod Template:` block (DescribePodTemplate), unaligned (tabs not yet expanded).
pub(crate) fn pod_template(out: &mut String, t: &core::PodTemplateSpec) {
    out.push_str("Pod Template:\n");
    let meta = t.metadata.clone().unwrap_or_default();
    let spec = t.spec.clone().unwrap_or_default();
    multiline(out, "  Labels", &meta.labels.unwrap_or_default(), "=", &[]);
    let ann = meta.annotations.unwrap_or_default();
    if !ann.is_empty() {
        annotations(out, "  Annotations", &ann);
    }
    if let Some(sa) = spec
        .service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        out.push_str(&format!("  Service Account:\t{sa}\n"));
    }
    let none = Env::Template;
    if let Some(init) = spec.init_containers.as_deref().filter(|c| !c.is_empty()) {
        containers(out, "Init Containers", init, "  ", &none);
    }
    containers(out, "Containers", &spec.containers, "  ", &none);
    volumes(out, spec.volumes.as_deref().unwrap_or_default(), "  ");
    topology_spread(
        out,
        spec.topology_spread_constraints
            .as_deref()
            .unwrap_or_default(),
        "  ",
    );
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        out.push_str(&format!("  Priority Class Name:\t{pc}\n"));
    }
    multiline(
        out,
        "  Node-Selectors",
        &spec.node_selector.unwrap_or_default(),
        "=",
        &[],
    );
    api_tolerations(
        out,
        "  Tolerations",
        spec.tolerations.as_deref().unwrap_or_default(),
    );
}

/// A container's status lines for `describe pod`, written after the command and before the
/// resources; `None` when the pod has no status for that container (not yet bound).
pub(crate) struct ContainerStatusLines {
    /// `Container ID:` cell.
    pub container_id: String,
    /// `Image ID:` cell.
    pub image_id: String,
    /// The `State:` … `Restart Count:` lines, already indented.
    pub lines: String,
}

/// Where env values come from: a template (no values for `fieldRef`), or a pod (its fields,
/// and its containers' statuses).
pub(crate) enum Env<'a> {
    Template,
    Pod {
        fields: &'a BTreeMap<String, String>,
        statuses: &'a dyn Fn(&str) -> Option<ContainerStatusLines>,
    },
}

/// describeContainers: the `Containers:` label and each container's block.
pub(crate) fn containers(
    out: &mut String,
    label: &str,
    cs: &[core::Container],
    space: &str,
    env: &Env<'_>,
) {
    let none = if cs.is_empty() { " <none>" } else { "" };
    out.push_str(&format!("{space}{label}:{none}\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for c in cs {
        let status = match env {
            Env::Template => None,
            Env::Pod { statuses, .. } => statuses(&c.name),
        };
        out.push_str(&format!("  {name_indent}{}:\n", c.name));
        if let Some(s) = &status {
            out.push_str(&format!("    Container ID:\t{}\n", s.container_id));
        }
        out.push_str(&format!(
            "    Image:\t{}\n",
            c.image.as_deref().unwrap_or_default()
        ));
        if let Some(s) = &status {
            out.push_str(&format!("    Image ID:\t{}\n", s.image_id));
        }
        let ports = c.ports.as_deref().unwrap_or_default();
        let port = ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.container_port,
                    p.protocol.as_deref().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let host = ports
            .iter()
            .map(|p| {
                format!(
                    "{}/{}",
                    p.host_port.unwrap_or(0),
                    p.protocol.as_deref().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        if port.contains(',') {
            out.push_str(&format!("    Ports:\t{port}\n"));
        } else {
            out.push_str(&format!("    Port:\t{}\n", or_none(&port)));
        }
        if host.contains(',') {
            out.push_str(&format!("    Host Ports:\t{host}\n"));
        } else {
            out.push_str(&format!("    Host Port:\t{}\n", or_none(&host)));
        }
        if let Some(sp) = c
            .security_context
            .as_ref()
            .and_then(|s| s.seccomp_profile.as_ref())
        {
            out.push_str(&format!("    SeccompProfile:\t{}\n", sp.type_));
            if sp.type_ == "Localhost" {
                out.push_str(&format!(
                    "      LocalhostProfile:\t{}\n",
                    sp.localhost_profile.as_deref().unwrap_or_default()
                ));
            }
        }
        for (title, words) in [("Command", &c.command), ("Args", &c.args)] {
            let words = words.as_deref().unwrap_or_default();
            if !words.is_empty() {
                out.push_str(&format!("    {title}:\n"));
                for w in words {
                    for line in w.split('\n') {
                        out.push_str(&format!("      {line}\n"));
                    }
                }
            }
        }
        if let Some(s) = &status {
            out.push_str(&s.lines);
        }
        if let Some(r) = &c.resources {
            for (title, list) in [("Limits", &r.limits), ("Requests", &r.requests)] {
                let list = list.clone().unwrap_or_default();
                if !list.is_empty() {
                    out.push_str(&format!("    {title}:\n"));
                    for (name, q) in &list {
                        out.push_str(&format!(
                            "      {name}:\t{}\n",
                            crate::quantity::canonical(&q.0)
                        ));
                    }
                }
            }
        }
        for (title, probe) in [
            ("Liveness", &c.liveness_probe),
            ("Readiness", &c.readiness_probe),
            ("Startup", &c.startup_probe),
        ] {
            if let Some(p) = probe {
                out.push_str(&format!("    {title}:\t{}\n", describe_probe(p)));
            }
        }
        let env_from = c.env_from.as_deref().unwrap_or_default();
        if !env_from.is_empty() {
            out.push_str("    Environment Variables from:\n");
            for e in env_from {
                let (from, name, optional) = if let Some(r) = &e.config_map_ref {
                    ("ConfigMap", r.name.as_str(), r.optional.unwrap_or(false))
                } else if let Some(r) = &e.secret_ref {
                    ("Secret", r.name.as_str(), r.optional.unwrap_or(false))
                } else {
                    ("", "", false)
                };
                match e.prefix.as_deref().filter(|p| !p.is_empty()) {
                    None => out.push_str(&format!("      {name}\t{from}\tOptional: {optional}\n")),
                    Some(p) => out.push_str(&format!(
                        "      {name}\t{from} with prefix '{p}'\tOptional: {optional}\n"
                    )),
                }
            }
        }
        env_vars(out, c, env);
        mounts(out, c);
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

/// describeContainerEnvVars.
fn env_vars(out: &mut String, c: &core::Container, env: &Env<'_>) {
    let vars = c.env.as_deref().unwrap_or_default();
    if vars.is_empty() {
        out.push_str("    Environment:\t<none>\n");
        return;
    }
    out.push_str("    Environment:\n");
    for e in vars {
        let Some(from) = &e.value_from else {
            for (i, line) in e
                .value
                .as_deref()
                .unwrap_or_default()
                .split('\n')
                .enumerate()
            {
                if i == 0 {
                    out.push_str(&format!("      {}:\t{line}\n", e.name));
                } else {
                    out.push_str(&format!("      \t{line}\n"));
                }
            }
            continue;
        };
        if let Some(f) = &from.field_ref {
            let value = match env {
                Env::Template => String::new(),
                Env::Pod { fields, .. } => fields.get(&f.field_path).cloned().unwrap_or_default(),
            };
            out.push_str(&format!(
                "      {}:\t{value} ({}:{})\n",
                e.name,
                f.api_version.as_deref().unwrap_or_default(),
                f.field_path
            ));
        } else if let Some(r) = &from.resource_field_ref {
            let value = crate::quantity::container_resource_value(c, r);
            out.push_str(&format!("      {}:\t{value} ({})\n", e.name, r.resource));
        } else if let Some(s) = &from.secret_key_ref {
            out.push_str(&format!(
                "      {}:\t<set to the key '{}' in secret '{}'>\tOptional: {}\n",
                e.name,
                s.key,
                s.name,
                s.optional.unwrap_or(false)
            ));
        } else if let Some(m) = &from.config_map_key_ref {
            out.push_str(&format!(
                "      {}:\t<set to the key '{}' of config map '{}'>\tOptional: {}\n",
                e.name,
                m.key,
                m.name,
                m.optional.unwrap_or(false)
            ));
        }
    }
}

/// describeContainerVolumes: mounts sorted by path, `(ro|rw[,path="sub"])`, then devices.
fn mounts(out: &mut String, c: &core::Container) {
    let mut ms: Vec<&core::VolumeMount> = c.volume_mounts.iter().flatten().collect();
    let none = if ms.is_empty() { "\t<none>" } else { "" };
    out.push_str(&format!("    Mounts:{none}\n"));
    dsp_core::sort::sort_by_key(&mut ms, |m| m.mount_path.clone());
    for m in ms {
        let mut flags = vec![if m.read_only.unwrap_or(false) {
            "ro".to_string()
        } else {
            "rw".to_string()
        }];
        if let Some(sub) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
            flags.push(format!("path={}", dsp_core::manifest::go_quote(sub)));
        }
        out.push_str(&format!(
            "      {} from {} ({})\n",
            m.mount_path,
            m.name,
            flags.join(",")
        ));
    }
    let mut ds: Vec<&core::VolumeDevice> = c.volume_devices.iter().flatten().collect();
    if !ds.is_empty() {
        out.push_str(&format!("    Devices:{none}\n"));
        dsp_core::sort::sort_by_key(&mut ds, |d| d.device_path.clone());
        for d in ds {
            out.push_str(&format!("      {} from {}\n", d.device_path, d.name));
        }
    }
}

/// DescribeProbe: the probe's action and its timings on one line.
fn describe_probe(p: &core::Probe) -> String {
    let attrs = format!(
        "delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds.unwrap_or(0),
        p.timeout_seconds.unwrap_or(0),
        p.period_seconds.unwrap_or(0),
        p.success_threshold.unwrap_or(0),
        p.failure_threshold.unwrap_or(0)
    );
    use dsp_core::k8s::IntOrString;
    let port = |p: &IntOrString| match p {
        IntOrString::Int(n) => n.to_string(),
        IntOrString::String(s) => s.clone(),
    };
    if let Some(e) = &p.exec {
        format!(
            "exec [{}] {attrs}",
            e.command.as_deref().unwrap_or_default().join(" ")
        )
    } else if let Some(h) = &p.http_get {
        // url.URL{Scheme, Host: JoinHostPort(host, port), Path}.String()
        let scheme = h.scheme.as_deref().unwrap_or_default().to_lowercase();
        let host = h.host.as_deref().unwrap_or_default();
        let port = port(&h.port);
        let hostport = if port.is_empty() {
            host.to_string()
        } else if host.contains(':') {
            format!("[{host}]:{port}")
        } else {
            format!("{host}:{port}")
        };
        let path = h.path.as_deref().unwrap_or_default();
        let path = if !path.is_empty() && !path.starts_with('/') {
            format!("/{path}")
        } else {
            path.to_string()
        };
        let url = if scheme.is_empty() {
            format!("//{hostport}{path}")
        } else {
            format!("{scheme}://{hostport}{path}")
        };
        format!("http-get {url} {attrs}")
    } else if let Some(t) = &p.tcp_socket {
        format!(
            "tcp-socket {}:{} {attrs}",
            t.host.as_deref().unwrap_or_default(),
            port(&t.port)
        )
    } else if let Some(g) = &p.grpc {
        format!(
            "grpc <pod>:{} {} {attrs}",
            g.port,
            g.service.as_deref().unwrap_or_default()
        )
    } else {
        format!("unknown {attrs}")
    }
}

/// describeTopologySpreadConstraints, sorted by topology key.
fn topology_spread(out: &mut String, tscs: &[core::TopologySpreadConstraint], space: &str) {
    if tscs.is_empty() {
        return;
    }
    let mut sorted: Vec<&core::TopologySpreadConstraint> = tscs.iter().collect();
    dsp_core::sort::sort_by_key(&mut sorted, |t| t.topology_key.clone());
    out.push_str(&format!("{space}Topology Spread Constraints:\t"));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            out.push_str(&format!("{space}\t"));
        }
        out.push_str(&format!(
            "{}:{} when max skew {} is exceeded",
            t.topology_key, t.when_unsatisfiable, t.max_skew
        ));
        if let Some(sel) = &t.label_selector {
            let s = dsp_core::model::selector_from_k8s(sel).to_string();
            out.push_str(&format!(
                " for selector {}",
                if s.is_empty() { "<none>" } else { &s }
            ));
        }
        out.push('\n');
    }
}

/// describeVolumes: each volume's name and its source's `Type:` lines.
pub(crate) fn volumes(out: &mut String, vs: &[core::Volume], space: &str) {
    if vs.is_empty() {
        out.push_str(&format!("{space}Volumes:\t<none>\n"));
        return;
    }
    out.push_str(&format!("{space}Volumes:\n"));
    let name_indent = if space.is_empty() { "" } else { " " };
    for v in vs {
        out.push_str(&format!("  {name_indent}{}:\n", v.name));
        volume_source(out, v);
    }
}

fn b(v: Option<bool>) -> bool {
    v.unwrap_or(false)
}

fn volume_source(out: &mut String, v: &core::Volume) {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    if let Some(h) = &v.host_path {
        out.push_str(&format!(
            "    Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
            h.path,
            h.type_.as_deref().unwrap_or("<none>")
        ));
    } else if let Some(e) = &v.empty_dir {
        let size = e
            .size_limit
            .as_ref()
            .map(|q| q.0.clone())
            .filter(|q| crate::quantity::is_positive(q))
            .unwrap_or_else(|| "<unset>".to_string());
        out.push_str(&format!(
            "    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t{}\n    SizeLimit:\t{size}\n",
            s(&e.medium)
        ));
    } else if let Some(g) = &v.git_repo {
        out.push_str(&format!(
            "    Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t{}\n    Revision:\t{}\n",
            g.repository,
            s(&g.revision)
        ));
    } else if let Some(sec) = &v.secret {
        out.push_str(&format!(
            "    Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{}\n    Optional:\t{}\n",
            s(&sec.secret_name),
            b(sec.optional)
        ));
    } else if let Some(cm) = &v.config_map {
        out.push_str(&format!(
            "    Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{}\n    Optional:\t{}\n",
            cm.name,
            b(cm.optional)
        ));
    } else if let Some(n) = &v.nfs {
        out.push_str(&format!(
            "    Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t{}\n    Path:\t{}\n    ReadOnly:\t{}\n",
            n.server,
            n.path,
            b(n.read_only)
        ));
    } else if let Some(c) = &v.persistent_volume_claim {
        out.push_str(&format!(
            "    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t{}\n    ReadOnly:\t{}\n",
            c.claim_name,
            b(c.read_only)
        ));
    } else if v.ephemeral.is_some() {
        // kubectl goes on with the claim template's PVC description; the playground stops at
        // the type line.
        out.push_str("    Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n");
    } else if let Some(d) = &v.downward_api {
        out.push_str(
            "    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n",
        );
        for item in d.items.iter().flatten() {
            if let Some(f) = &item.field_ref {
                out.push_str(&format!("      {} -> {}\n", f.field_path, item.path));
            }
            if let Some(r) = &item.resource_field_ref {
                out.push_str(&format!("      {} -> {}\n", r.resource, item.path));
            }
        }
    } else if let Some(p) = &v.projected {
        out.push_str(
            "    Type:\tProjected (a volume that contains injected data from multiple sources)\n",
        );
        for src in p.sources.iter().flatten() {
            if let Some(sec) = &src.secret {
                out.push_str(&format!(
                    "    SecretName:\t{}\n    Optional:\t{}\n",
                    sec.name,
                    b(sec.optional)
                ));
            } else if src.downward_api.is_some() {
                out.push_str("    DownwardAPI:\ttrue\n");
            } else if let Some(cm) = &src.config_map {
                out.push_str(&format!(
                    "    ConfigMapName:\t{}\n    Optional:\t{}\n",
                    cm.name,
                    b(cm.optional)
                ));
            } else if let Some(t) = &src.service_account_token {
                out.push_str(&format!(
                    "    TokenExpirationSeconds:\t{}\n",
                    t.expiration_seconds.unwrap_or(3607)
                ));
            }
        }
    } else if let Some(c) = &v.csi {
        out.push_str(&format!(
            "    Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    ReadOnly:\t{}\n",
            c.driver,
            s(&c.fs_type),
            b(c.read_only)
        ));
        let attrs = c.volume_attributes.clone().unwrap_or_default();
        out.push_str("    VolumeAttributes:\t");
        if attrs.is_empty() {
            out.push_str("<none>\n");
        }
        for (i, (k, val)) in attrs.iter().enumerate() {
            if i != 0 {
                out.push_str("    \t");
            }
            let line = format!("{k}={val}");
            if line.len() > MAX_ANNOTATION_LEN {
                out.push_str(&format!("{}\n", shorten(&line, MAX_ANNOTATION_LEN)));
            } else {
                out.push_str(&format!("{line}\n"));
            }
        }
    } else if let Some(i) = &v.image {
        out.push_str(&format!(
            "    Type:\tImage (a container image or OCI artifact)\n    Reference:\t{}\n    PullPolicy:\t{}\n",
            s(&i.reference),
            s(&i.pull_policy)
        ));
    } else if v.gce_persistent_disk.is_some()
        || v.aws_elastic_block_store.is_some()
        || v.iscsi.is_some()
        || v.glusterfs.is_some()
        || v.rbd.is_some()
        || v.quobyte.is_some()
        || v.azure_disk.is_some()
        || v.vsphere_volume.is_some()
        || v.cinder.is_some()
        || v.photon_persistent_disk.is_some()
        || v.portworx_volume.is_some()
        || v.scale_io.is_some()
        || v.cephfs.is_some()
        || v.storageos.is_some()
        || v.fc.is_some()
        || v.azure_file.is_some()
        || v.flex_volume.is_some()
        || v.flocker.is_some()
    {
        // Cloud and network volume plugins: the playground has no such storage and does not
        // print their fields.
        out.push_str("    Type:\t(a volume type the playground does not describe)\n");
    } else {
        out.push_str("  <unknown>\n");
    }
}

pub(crate) fn node_selectors(l: &Labels) -> String {
    crate::format::labels(l)
}

/// `rollout history --revision=N`'s block: history.go's printTemplate writes DescribePodTemplate
/// through a bare PrefixWriter into a buffer, so the tabs stay tabs (no tabwriter).
pub(crate) fn pod_template_raw(t: &core::PodTemplateSpec) -> String {
    let mut out = String::new();
    pod_template(&mut out, t);
    out
}
