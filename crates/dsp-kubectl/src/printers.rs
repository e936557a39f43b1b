//! Building blocks of kubectl's `describe` output (pkg/describe): label lists, tolerations,
//! and the `Pod Template:` block that `describe ds` and `rollout history --revision` share.

use crate::tabwriter;
use dsp_core::model::{Container, Labels, PodTemplate, Toleration};

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

pub(crate) fn ports(c: &Container) -> (String, String) {
    if c.ports.is_empty() {
        return ("<none>".to_string(), "<none>".to_string());
    }
    let port = c
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.container_port, p.protocol))
        .collect::<Vec<_>>()
        .join(", ");
    let host = c
        .ports
        .iter()
        .map(|p| format!("{}/{}", p.host_port.unwrap_or(0), p.protocol))
        .collect::<Vec<_>>()
        .join(", ");
    (port, host)
}

pub(crate) fn tolerations(out: &mut String, title: &str, ts: &[Toleration]) {
    if ts.is_empty() {
        out.push_str(&format!("{title}:\t<none>\n"));
        return;
    }
    for (i, t) in ts.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("{title}:\t{t}\n"));
        } else {
            out.push_str(&format!("\t{t}\n"));
        }
    }
}

/// The `Pod Template:` block (DescribePodTemplate), unaligned (tabs not yet expanded).
pub(crate) fn pod_template(out: &mut String, t: &PodTemplate) {
    out.push_str("Pod Template:\n");
    multiline(out, "  Labels", &t.labels, "=", &[]);
    if !t.annotations.is_empty() {
        multiline(out, "  Annotations", &t.annotations, ": ", &[]);
    }
    out.push_str("  Containers:\n");
    for c in &t.containers {
        let (port, host) = ports(c);
        out.push_str(&format!("   {}:\n", c.name));
        out.push_str(&format!("    Image:\t{}\n", c.image));
        out.push_str(&format!("    Port:\t{port}\n"));
        out.push_str(&format!("    Host Port:\t{host}\n"));
        out.push_str("    Environment:\t<none>\n");
        out.push_str("    Mounts:\t<none>\n");
    }
    out.push_str("  Volumes:\t<none>\n");
    out.push_str(&format!(
        "  Node-Selectors:\t{}\n",
        node_selectors(&t.node_selector)
    ));
    tolerations(out, "  Tolerations", &t.tolerations);
}

pub(crate) fn node_selectors(l: &Labels) -> String {
    crate::format::labels(l)
}

/// The aligned `Pod Template:` block, for `rollout history --revision`.
pub(crate) fn pod_template_text(t: &PodTemplate) -> String {
    let mut out = String::new();
    pod_template(&mut out, t);
    tabwriter::describe(&out)
}
