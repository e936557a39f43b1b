//! `kubectl describe ds|node|pod NAME` in kubectl's layout (describe's tabwriter: padding 2),
//! with events. `describe node` adds a playground section explaining, for every DaemonSet, why
//! it does or does not run a pod on that node.

use crate::args::Args;
use crate::format::{age, describe_time, event_interval};
use crate::kinds::Kind;
use crate::printers::{multiline, node_selectors, pod_template, ports, tolerations};
use crate::resources::{self, Request};
use crate::tabwriter;
use crate::Ctx;
use dsp_core::model::ContainerState;
use dsp_core::{Event, SimTime, Simulation};

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
    multiline(
        &mut out,
        "Annotations",
        &ann,
        ": ",
        &[dsp_core::model::LAST_APPLIED_ANNOTATION],
    );
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
    pod_template(&mut out, &ds.template);
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
    multiline(&mut out, "Annotations", &n.annotations, ": ", &[]);
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
    out.push_str("Priority:\t0\n");
    out.push_str("Service Account:\tdefault\n");
    match &p.node_name {
        Some(n) => {
            let ip = sim
                .node(n)
                .map(|x| x.internal_ip.clone())
                .unwrap_or_default();
            out.push_str(&format!("Node:\t{n}/{ip}\n"));
            out.push_str(&format!("Start Time:\t{}\n", describe_time(p.created)));
        }
        None => out.push_str("Node:\t<none>\n"),
    }
    multiline(&mut out, "Labels", &p.labels, "=", &[]);
    multiline(&mut out, "Annotations", &p.annotations, ": ", &[]);
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
    out.push_str("Containers:\n");
    for c in &p.containers {
        let (port, host) = ports(c);
        let cs = p.container_statuses.iter().find(|s| s.name == c.name);
        out.push_str(&format!("  {}:\n", c.name));
        out.push_str("    Container ID:\t\n");
        out.push_str(&format!("    Image:\t{}\n", c.image));
        out.push_str("    Image ID:\t\n");
        out.push_str(&format!("    Port:\t{port}\n"));
        out.push_str(&format!("    Host Port:\t{host}\n"));
        match cs.map(|s| &s.state) {
            Some(ContainerState::Running { started }) => {
                out.push_str("    State:\tRunning\n");
                out.push_str(&format!("      Started:\t{}\n", describe_time(*started)));
            }
            Some(ContainerState::Waiting { reason }) => {
                out.push_str("    State:\tWaiting\n");
                out.push_str(&format!("      Reason:\t{reason}\n"));
            }
            Some(ContainerState::Terminated { reason, exit_code }) => {
                out.push_str("    State:\tTerminated\n");
                out.push_str(&format!("      Reason:\t{reason}\n"));
                out.push_str(&format!("      Exit Code:\t{exit_code}\n"));
            }
            None => out.push_str("    State:\tWaiting\n      Reason:\tPending\n"),
        }
        out.push_str(&format!(
            "    Ready:\t{}\n",
            if cs.is_some_and(|s| s.ready) {
                "True"
            } else {
                "False"
            }
        ));
        out.push_str(&format!(
            "    Restart Count:\t{}\n",
            cs.map(|s| s.restart_count).unwrap_or(0)
        ));
        out.push_str("    Environment:\t<none>\n");
        out.push_str("    Mounts:\t<none>\n");
    }
    out.push_str("Conditions:\n");
    out.push_str("  Type\tStatus\n");
    for (kind, status) in p.conditions() {
        let status = if status { "True " } else { "False " };
        out.push_str(&format!("  {kind}\t{status}\n"));
    }
    out.push_str("Volumes:\t<none>\n");
    out.push_str("QoS Class:\tBestEffort\n");
    out.push_str(&format!(
        "Node-Selectors:\t{}\n",
        node_selectors(&p.node_selector)
    ));
    tolerations(&mut out, "Tolerations", &p.tolerations);
    events_for(&mut out, sim, "Pod", name);
    Some(tabwriter::describe(&out))
}
