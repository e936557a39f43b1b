//! `kubectl describe ds|node|pod NAME` in kubectl's layout (describe's tabwriter: padding 2),
//! with events. `describe node` adds a playground section explaining, for every DaemonSet, why
//! it does or does not run a pod on that node.

use crate::args::Args;
use crate::format::{age, describe_time, event_interval};
use crate::kinds::Kind;
use crate::printers::{
    annotations, containers, multiline, node_selectors, pod_template, tolerations, volumes,
    ContainerStatusLines, Env,
};
use crate::resources::{self, Request};
use crate::tabwriter;
use crate::Ctx;
use dsp_core::model::ContainerState;
use dsp_core::{Event, SimTime, Simulation};
use k8s_openapi::api::core::v1 as core;
use std::collections::BTreeMap;

pub(crate) fn describe(ctx: &mut Ctx<'_>, args: &Args) {
    let reqs = match resources::requests(&args.positional) {
        Ok(r) => r,
        Err(e) => return ctx.fail(&e),
    };
    if reqs.is_empty() {
        return ctx.fail("You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.");
    }
    let selector = match args.value("selector").map(crate::selector::Selector::parse) {
        Some(Ok(s)) => Some(s),
        Some(Err(e)) => return ctx.fail(&format!("error: {e}")),
        None => None,
    };
    let mut first = true;
    for Request { kind, names } in reqs {
        let names: Vec<String> = if names.is_empty() {
            resources::list(ctx.sim, kind)
                .into_iter()
                .filter(|i| selector.as_ref().is_none_or(|s| s.matches(i.labels())))
                .map(|i| i.name())
                .collect()
        } else {
            names
        };
        for name in names {
            let text = match kind {
                Kind::DaemonSet => daemonset(ctx.sim, &name),
                Kind::Node => node(ctx.sim, &name),
                Kind::Pod => pod(ctx.sim, &name),
                other => {
                    ctx.fail(&format!(
                        "error: describing {} is not available in the playground (describe daemonsets, nodes or pods)",
                        other.plural()
                    ));
                    return;
                }
            };
            match text {
                Some(t) => {
                    if !first {
                        ctx.print("\n\n");
                    }
                    first = false;
                    ctx.print(&t);
                }
                None => ctx.fail(&format!(
                    "Error from server (NotFound): {} \"{name}\" not found",
                    kind.resource()
                )),
            }
        }
    }
}

fn events_for(out: &mut String, sim: &Simulation, kind: &str, name: &str) {
    let mut events: Vec<&Event> = sim
        .events()
        .iter()
        .filter(|e| e.object_kind == kind && e.object_name == name)
        .collect();
    if events.is_empty() {
        out.push_str("Events:\t<none>\n");
        return;
    }
    dsp_core::sort::sort_by_key(&mut events, |e| (e.last_seen, e.uid_seq));
    out.push_str("Events:\n");
    out.push_str("  Type\tReason\tAge\tFrom\tMessage\n");
    out.push_str("  ----\t------\t----\t----\t-------\n");
    let now = sim.now();
    for e in events {
        let interval = event_interval(now, e);
        out.push_str(&format!(
            "  {}\t{}\t{interval}\t{}\t{}\n",
            e.event_type.as_str(),
            e.reason,
            e.source,
            e.message.trim()
        ));
    }
}

fn daemonset(sim: &Simulation, name: &str) -> Option<String> {
    let ds = sim.daemonset(name)?;
    let mut out = String::new();
    let sel = ds.selector.to_string();
    out.push_str(&format!("Name:\t{}\n", ds.name));
    out.push_str(&format!("Namespace:\t{}\n", ds.namespace));
    out.push_str(&format!(
        "Selector:\t{}\n",
        if sel.is_empty() { "<none>" } else { &sel }
    ));
    out.push_str(&format!(
        "Node-Selector:\t{}\n",
        node_selectors(&ds.template.node_selector)
    ));
    multiline(&mut out, "Labels", &ds.labels, "=", &[]);
    let mut ann = ds.annotations.clone();
    ann.insert(
        dsp_core::model::TEMPLATE_GENERATION_ANNOTATION.to_string(),
        ds.template_generation.to_string(),
    );
    annotations(&mut out, "Annotations", &ann);
    let s = &ds.status;
    out.push_str(&format!(
        "Desired Number of Nodes Scheduled: {}\n",
        s.desired_number_scheduled
    ));
    out.push_str(&format!(
        "Current Number of Nodes Scheduled: {}\n",
        s.current_number_scheduled
    ));
    out.push_str(&format!(
        "Number of Nodes Scheduled with Up-to-date Pods: {}\n",
        s.updated_number_scheduled
    ));
    out.push_str(&format!(
        "Number of Nodes Scheduled with Available Pods: {}\n",
        s.number_available
    ));
    out.push_str(&format!(
        "Number of Nodes Misscheduled: {}\n",
        s.number_misscheduled
    ));
    let (mut running, mut waiting, mut succeeded, mut failed) = (0, 0, 0, 0);
    for p in sim.pods() {
        if p.owner.as_ref().is_some_and(|o| o.uid == ds.uid) {
            match p.phase {
                dsp_core::model::PodPhase::Running => running += 1,
                dsp_core::model::PodPhase::Pending => waiting += 1,
                dsp_core::model::PodPhase::Succeeded => succeeded += 1,
                dsp_core::model::PodPhase::Failed => failed += 1,
                dsp_core::model::PodPhase::Unknown => {}
            }
        }
    }
    out.push_str(&format!(
        "Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n"
    ));
    pod_template(&mut out, &ds.applied.spec.template);
    events_for(&mut out, sim, "DaemonSet", name);
    Some(tabwriter::describe(&out))
}

fn node(sim: &Simulation, name: &str) -> Option<String> {
    let n = sim.node(name)?;
    let now = sim.now();
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", n.name));
    out.push_str(&format!("Roles:\t{}\n", n.roles()));
    multiline(&mut out, "Labels", &n.labels, "=", &[]);
    annotations(&mut out, "Annotations", &n.annotations);
    out.push_str(&format!(
        "CreationTimestamp:\t{}\n",
        describe_time(n.created)
    ));
    if n.taints.is_empty() {
        out.push_str("Taints:\t<none>\n");
    } else {
        for (i, t) in n.taints.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("Taints:\t{t}\n"));
            } else {
                out.push_str(&format!("\t{t}\n"));
            }
        }
    }
    out.push_str(&format!("Unschedulable:\t{}\n", n.unschedulable));
    let (status, reason, message) = match n.ready {
        dsp_core::model::NodeReady::True => {
            ("True", "KubeletReady", "kubelet is posting ready status")
        }
        dsp_core::model::NodeReady::False => (
            "False",
            "KubeletNotReady",
            "container runtime network not ready",
        ),
        dsp_core::model::NodeReady::Unknown => (
            "Unknown",
            "NodeStatusUnknown",
            "Kubelet stopped posting node status.",
        ),
    };
    out.push_str("Conditions:\n");
    out.push_str("  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    out.push_str("  ----\t------\t-----------------\t------------------\t------\t-------\n");
    out.push_str(&format!(
        "  Ready\t{status}\t{}\t{}\t{reason}\t{message}\n",
        describe_time(now),
        describe_time(n.ready_transition)
    ));
    out.push_str("Addresses:\n");
    if !n.internal_ip.is_empty() {
        out.push_str(&format!("  InternalIP:\t{}\n", n.internal_ip));
    }
    out.push_str(&format!("  Hostname:\t{}\n", n.name));
    out.push_str("System Info:\n");
    out.push_str(&format!("  Kernel Version:\t{}\n", n.kernel_version));
    out.push_str(&format!("  OS Image:\t{}\n", n.os_image));
    out.push_str(&format!(
        "  Operating System:\t{}\n",
        n.labels
            .get("kubernetes.io/os")
            .map(String::as_str)
            .unwrap_or("linux")
    ));
    out.push_str(&format!(
        "  Architecture:\t{}\n",
        n.labels
            .get("kubernetes.io/arch")
            .map(String::as_str)
            .unwrap_or("amd64")
    ));
    out.push_str(&format!(
        "  Container Runtime Version:\t{}\n",
        n.container_runtime
    ));
    out.push_str(&format!("  Kubelet Version:\t{}\n", n.kubelet_version));
    let pods: Vec<_> = sim
        .pods_on_node(name)
        .into_iter()
        .filter(|p| {
            !matches!(
                p.phase,
                dsp_core::model::PodPhase::Succeeded | dsp_core::model::PodPhase::Failed
            )
        })
        .collect();
    out.push_str(&format!(
        "Non-terminated Pods:\t({} in total)\n",
        pods.len()
    ));
    if !pods.is_empty() {
        out.push_str(
            "  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
        );
        out.push_str(
            "  ---------\t----\t------------\t----------\t---------------\t-------------\t---\n",
        );
        for p in &pods {
            out.push_str(&format!(
                "  {}\t{}\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)\t{}\n",
                p.namespace,
                p.name,
                age(now, p.created)
            ));
        }
    }
    // Not part of kubectl: the playground's explanation per DaemonSet.
    let explanations: Vec<(String, dsp_core::Explanation)> = sim
        .daemonsets()
        .filter_map(|d| sim.explain(name, &d.name).map(|e| (d.name.clone(), e)))
        .collect();
    if !explanations.is_empty() {
        out.push_str("DaemonSets (playground explanation, not printed by kubectl):\n");
        for (ds, e) in explanations {
            let verdict = match (e.should_run, e.should_continue_running) {
                (true, _) => "runs here",
                (false, true) => "keeps an existing pod here but starts no new one",
                (false, false) => "does not run here",
            };
            out.push_str(&format!("  {ds}: {verdict}\n"));
            for l in &e.lines {
                out.push_str(&format!("    - {l}\n"));
            }
            if let Some(r) = &e.rollout {
                out.push_str(&format!("    - Rollout: {r}\n"));
            }
        }
    }
    events_for(&mut out, sim, "Node", name);
    Some(tabwriter::describe(&out))
}

fn pod(sim: &Simulation, name: &str) -> Option<String> {
    let p = sim.pod(name)?;
    let now = sim.now();
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", p.name));
    out.push_str(&format!("Namespace:\t{}\n", p.namespace));
    let spec = pod_spec(sim, p);
    // The Priority admission plugin: the two built-in classes' values, 0 without a class.
    let priority = match spec.priority_class_name.as_deref() {
        Some("system-node-critical") => 2_000_001_000,
        Some("system-cluster-critical") => 2_000_000_000,
        _ => 0,
    };
    out.push_str(&format!("Priority:\t{priority}\n"));
    if let Some(pc) = spec
        .priority_class_name
        .as_deref()
        .filter(|s| !s.is_empty())
    {
        out.push_str(&format!("Priority Class Name:\t{pc}\n"));
    }
    out.push_str(&format!("Service Account:\t{}\n", service_account(&spec)));
    let host_ip = p
        .node_name
        .as_ref()
        .and_then(|n| sim.node(n))
        .map(|x| x.internal_ip.clone())
        .unwrap_or_default();
    match &p.node_name {
        Some(n) => {
            out.push_str(&format!("Node:\t{n}/{host_ip}\n"));
            out.push_str(&format!("Start Time:\t{}\n", describe_time(p.created)));
        }
        None => out.push_str("Node:\t<none>\n"),
    }
    multiline(&mut out, "Labels", &p.labels, "=", &[]);
    annotations(&mut out, "Annotations", &p.annotations);
    let status = if p.deletion_timestamp.is_some() {
        format!(
            "Terminating (lasts {})",
            age(now, p.deletion_timestamp.unwrap_or(SimTime(0)))
        )
    } else {
        p.phase.as_str().to_string()
    };
    out.push_str(&format!("Status:\t{status}\n"));
    if let Some(g) = p.deletion_grace_seconds {
        out.push_str(&format!("Termination Grace Period:\t{g}s\n"));
    }
    if let Some(r) = &p.reason {
        out.push_str(&format!("Reason:\t{r}\n"));
    }
    match &crate::objects::visible_ip(p) {
        Some(ip) => {
            out.push_str(&format!("IP:\t{ip}\n"));
            out.push_str("IPs:\n");
            out.push_str(&format!("  IP:\t{ip}\n"));
        }
        None => {
            out.push_str("IP:\t\n");
            out.push_str("IPs:\t<none>\n");
        }
    }
    if let Some(o) = &p.owner {
        out.push_str(&format!("Controlled By:\t{}/{}\n", o.kind, o.name));
    }
    let mut fields = BTreeMap::new();
    fields.insert("metadata.name".to_string(), p.name.clone());
    fields.insert("metadata.namespace".to_string(), p.namespace.clone());
    fields.insert("metadata.uid".to_string(), p.uid.clone());
    fields.insert(
        "spec.nodeName".to_string(),
        p.node_name.clone().unwrap_or_default(),
    );
    fields.insert(
        "spec.serviceAccountName".to_string(),
        service_account(&spec).to_string(),
    );
    fields.insert("status.hostIP".to_string(), host_ip.clone());
    fields.insert("status.hostIPs".to_string(), host_ip.clone());
    let pod_ip = crate::objects::visible_ip(p).unwrap_or_default();
    fields.insert("status.podIP".to_string(), pod_ip.clone());
    fields.insert("status.podIPs".to_string(), pod_ip);
    for (k, v) in &p.labels {
        fields.insert(format!("metadata.labels['{k}']"), v.clone());
    }
    for (k, v) in &p.annotations {
        fields.insert(format!("metadata.annotations['{k}']"), v.clone());
    }
    let statuses = |name: &str| -> Option<ContainerStatusLines> {
        let s = p.container_statuses.iter().find(|s| s.name == name)?;
        let mut lines = String::new();
        match &s.state {
            ContainerState::Running { started } => {
                lines.push_str("    State:\tRunning\n");
                lines.push_str(&format!("      Started:\t{}\n", describe_time(*started)));
            }
            ContainerState::Waiting { reason } => {
                lines.push_str("    State:\tWaiting\n");
                lines.push_str(&format!("      Reason:\t{reason}\n"));
            }
            ContainerState::Terminated { reason, exit_code } => {
                lines.push_str("    State:\tTerminated\n");
                lines.push_str(&format!("      Reason:\t{reason}\n"));
                lines.push_str(&format!("      Exit Code:\t{exit_code}\n"));
            }
        }
        lines.push_str(&format!(
            "    Ready:\t{}\n",
            if s.ready { "True" } else { "False" }
        ));
        lines.push_str(&format!("    Restart Count:\t{}\n", s.restart_count));
        Some(ContainerStatusLines {
            container_id: String::new(),
            image_id: String::new(),
            lines,
        })
    };
    let env = Env::Pod {
        fields: &fields,
        statuses: &statuses,
    };
    if let Some(init) = spec.init_containers.as_deref().filter(|c| !c.is_empty()) {
        containers(&mut out, "Init Containers", init, "", &env);
    }
    containers(&mut out, "Containers", &spec.containers, "", &env);
    out.push_str("Conditions:\n");
    out.push_str("  Type\tStatus\n");
    for (kind, status) in p.conditions() {
        let status = if status { "True " } else { "False " };
        out.push_str(&format!("  {kind}\t{status}\n"));
    }
    volumes(&mut out, spec.volumes.as_deref().unwrap_or_default(), "");
    out.push_str(&format!("QoS Class:\t{}\n", qos_class(&spec)));
    out.push_str(&format!(
        "Node-Selectors:\t{}\n",
        node_selectors(&p.node_selector)
    ));
    tolerations(&mut out, "Tolerations", &p.tolerations);
    events_for(&mut out, sim, "Pod", name);
    Some(tabwriter::describe(&out))
}

/// The pod's spec: the template of the revision it was created from (the simulator's pods keep
/// only what the controller reads), with the controller's tolerations; a bare spec of its
/// containers when no revision matches.
fn pod_spec(sim: &Simulation, p: &dsp_core::model::Pod) -> core::PodSpec {
    let from_revision = p.owner.as_ref().and_then(|o| {
        sim.revisions_of(&o.name)
            .into_iter()
            .find(|r| Some(r.hash.as_str()) == p.revision_hash())
            .and_then(|r| dsp_core::history::template_from_data(&r.data))
            .and_then(|t| t.spec)
    });
    let mut spec = from_revision.unwrap_or_else(|| core::PodSpec {
        containers: p
            .containers
            .iter()
            .map(|c| core::Container {
                name: c.name.clone(),
                image: Some(c.image.clone()),
                ports: Some(
                    c.ports
                        .iter()
                        .map(|x| core::ContainerPort {
                            container_port: x.container_port,
                            protocol: Some(x.protocol.clone()),
                            host_port: x.host_port,
                            name: x.name.clone(),
                            ..Default::default()
                        })
                        .collect(),
                ),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    });
    // The images the pod runs (a revision's template has them too; kept for orphans).
    for (c, m) in spec.containers.iter_mut().zip(&p.containers) {
        if c.name == m.name {
            c.image = Some(m.image.clone());
        }
    }
    spec
}

/// The ServiceAccount admission plugin names `default` when the template names none.
fn service_account(spec: &core::PodSpec) -> &str {
    spec.service_account_name
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("default")
}

/// qos.GetPodQOS: Guaranteed when every container sets cpu and memory limits equal to its
/// requests (requests default to limits), BestEffort when none sets any, else Burstable.
fn qos_class(spec: &core::PodSpec) -> &'static str {
    let all: Vec<&core::Container> = spec
        .containers
        .iter()
        .chain(spec.init_containers.iter().flatten())
        .collect();
    let mut any = false;
    let mut guaranteed = true;
    for c in &all {
        let r = c.resources.clone().unwrap_or_default();
        let limits = r.limits.unwrap_or_default();
        let requests = r.requests.unwrap_or_default();
        let counted =
            |m: &BTreeMap<String, k8s_openapi::apimachinery::pkg::api::resource::Quantity>,
             k: &str| {
                m.get(k)
                    .and_then(|q| crate::quantity::parse(&q.0))
                    .filter(|q| q.milli != 0)
            };
        for k in ["cpu", "memory"] {
            let l = counted(&limits, k);
            let q = counted(&requests, k).or(l);
            if l.is_some() || q.is_some() {
                any = true;
            }
            if l.is_none() || l.map(|x| x.milli) != q.map(|x| x.milli) {
                guaranteed = false;
            }
        }
    }
    if !any {
        "BestEffort"
    } else if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}
