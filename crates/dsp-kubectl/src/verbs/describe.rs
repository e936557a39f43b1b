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
use dsp_core::k8s::core;
use dsp_core::model::ContainerState;
use dsp_core::DaemonSetSpecOf;
use dsp_core::{Event, SimTime, Simulation};
use std::collections::BTreeMap;

pub(crate) fn describe(ctx: &mut Ctx<'_>, args: &Args) {
    let reqs = match resources::requests_in(Some(ctx.sim), &args.positional) {
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
    let ns = match resources::namespace(args) {
        Ok(ns) => ns,
        Err(e) => return ctx.fail(&e),
    };
    let mut first = true;
    for Request { kind, names } in reqs {
        if let Kind::Object(r) = kind {
            let here = ns
                .as_deref()
                .unwrap_or(dsp_core::manifest::DEFAULT_NAMESPACE);
            let found: Vec<Result<String, String>> = if names.is_empty() {
                resources::list(ctx.sim, kind)
                    .into_iter()
                    .filter(|i| !r.namespaced || ns.as_deref().is_none_or(|n| i.namespace() == n))
                    .filter(|i| selector.as_ref().is_none_or(|s| s.matches(&i.labels())))
                    .filter_map(|i| match i {
                        resources::Item::Object(o) => Some(Ok(tabwriter::describe(
                            &super::describe_object::describe(ctx.sim, o),
                        ))),
                        _ => None,
                    })
                    .collect()
            } else {
                names
                    .iter()
                    .map(|name| match resources::find(ctx.sim, kind, here, name) {
                        Some(resources::Item::Object(o)) => Ok(tabwriter::describe(
                            &super::describe_object::describe(ctx.sim, o),
                        )),
                        _ => Err(format!(
                            "Error from server (NotFound): {} \"{name}\" not found",
                            kind.resource()
                        )),
                    })
                    .collect()
            };
            for f in found {
                match f {
                    Ok(t) => {
                        if !first {
                            ctx.print("\n\n");
                        }
                        first = false;
                        ctx.print(&t);
                    }
                    Err(e) => ctx.fail(&e),
                }
            }
            continue;
        }
        let names: Vec<String> = if names.is_empty() {
            resources::list(ctx.sim, kind)
                .into_iter()
                .filter(|i| selector.as_ref().is_none_or(|s| s.matches(&i.labels())))
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
    pod_template(&mut out, &ds.applied.ds_spec().template);
    events_for(&mut out, sim, "DaemonSet", name);
    Some(tabwriter::describe(&out))
}

fn node(sim: &Simulation, name: &str) -> Option<String> {
    let n = sim.node(name)?;
    let now = sim.now();
    let obj = crate::objects::node_object(n, Some(now));
    let status = obj.status.clone().unwrap_or_default();
    let info = status.node_info.clone().unwrap_or_default();
    let mut out = String::new();
    out.push_str(&format!("Name:\t{}\n", n.name));
    out.push_str(&format!("Roles:\t{}\n", n.roles()));
    multiline(&mut out, "Labels", &n.labels, "=", &[]);
    annotations(&mut out, "Annotations", &n.annotations);
    out.push_str(&format!(
        "CreationTimestamp:\t{}\n",
        describe_time(n.created)
    ));
    // printNodeTaintsMultiline: sorted by "effect,key".
    let mut taints: Vec<&dsp_core::model::Taint> = n.taints.iter().collect();
    dsp_core::sort::sort_by_key(&mut taints, |t| format!("{},{}", t.effect.as_str(), t.key));
    if taints.is_empty() {
        out.push_str("Taints:\t<none>\n");
    } else {
        for (i, t) in taints.iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("Taints:\t{t}\n"));
            } else {
                out.push_str(&format!("\t{t}\n"));
            }
        }
    }
    out.push_str(&format!("Unschedulable:\t{}\n", n.unschedulable));
    // describeNodeLease: the kubelet renews kube-node-lease/<node> every 10s while it runs.
    out.push_str("Lease:\n");
    out.push_str(&format!("  HolderIdentity:\t{}\n", n.name));
    out.push_str("  AcquireTime:\t<unset>\n");
    let renew = crate::node_status::last_heartbeat(n, now);
    out.push_str(&format!("  RenewTime:\t{}\n", describe_time(renew)));
    out.push_str("Conditions:\n");
    out.push_str("  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n");
    out.push_str("  ----\t------\t-----------------\t------------------\t------\t-------\n");
    for c in crate::node_status::conditions(n, now) {
        out.push_str(&format!(
            "  {} \t{} \t{} \t{} \t{} \t{}\n",
            c.type_,
            c.status,
            describe_time(c.heartbeat),
            describe_time(c.transition),
            c.reason,
            c.message
        ));
    }
    out.push_str("Addresses:\n");
    for a in status.addresses.iter().flatten() {
        out.push_str(&format!("  {}:\t{}\n", a.type_, a.address));
    }
    for (title, list) in [
        ("Capacity", crate::node_status::CAPACITY),
        ("Allocatable", crate::node_status::ALLOCATABLE),
    ] {
        out.push_str(&format!("{title}:\n"));
        for (k, v) in list {
            out.push_str(&format!("  {k}:\t{v}\n"));
        }
    }
    out.push_str("System Info:\n");
    for (k, v) in [
        ("Machine ID", &info.machine_id),
        ("System UUID", &info.system_uuid),
        ("Boot ID", &info.boot_id),
        ("Kernel Version", &info.kernel_version),
        ("OS Image", &info.os_image),
        ("Operating System", &info.operating_system),
        ("Architecture", &info.architecture),
        ("Container Runtime Version", &info.container_runtime_version),
        ("Kubelet Version", &info.kubelet_version),
        // DisableNodeKubeProxyVersion is on by default in v1.33: the kubelet leaves it empty.
        ("Kube-Proxy Version", &String::new()),
    ] {
        out.push_str(&format!("  {k}:\t{v}\n"));
    }
    let mut pods: Vec<_> = sim
        .pods_on_node(name)
        .into_iter()
        .filter(|p| {
            !matches!(
                p.phase,
                dsp_core::model::PodPhase::Succeeded | dsp_core::model::PodPhase::Failed
            )
        })
        .collect();
    dsp_core::sort::sort_by_key(&mut pods, |p| (p.namespace.clone(), p.name.clone()));
    node_resources(&mut out, sim, &pods);
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

/// A pod's requests and limits (resourcehelper.PodRequestsAndLimits): the sum over its
/// containers, at least the largest init container's, in thousandths per resource.
fn pod_requests_and_limits(
    spec: &core::PodSpec,
) -> (BTreeMap<String, i128>, BTreeMap<String, i128>) {
    let sum = |cs: &[core::Container], limits: bool| {
        let mut total: BTreeMap<String, i128> = BTreeMap::new();
        let mut max_init: BTreeMap<String, i128> = BTreeMap::new();
        for c in cs {
            let r = c.resources.clone().unwrap_or_default();
            let list = if limits {
                r.limits
            } else {
                r.requests.or(r.limits)
            };
            for (k, q) in list.unwrap_or_default() {
                let v = crate::quantity::parse(&q.0).map(|q| q.milli).unwrap_or(0);
                let t = total.entry(k.clone()).or_default();
                *t = t.saturating_add(v);
                let e = max_init.entry(k).or_default();
                *e = (*e).max(v);
            }
        }
        (total, max_init)
    };
    let mut out = (BTreeMap::new(), BTreeMap::new());
    for (limits, target) in [(false, &mut out.0), (true, &mut out.1)] {
        let (total, _) = sum(&spec.containers, limits);
        let (_, init_max) = sum(spec.init_containers.as_deref().unwrap_or_default(), limits);
        *target = total;
        for (k, v) in init_max {
            let e = target.entry(k).or_default();
            *e = (*e).max(v);
        }
    }
    out
}

/// describeNodeResource: the non-terminated pods with their CPU and memory and the totals.
fn node_resources(out: &mut String, sim: &Simulation, pods: &[&dsp_core::model::Pod]) {
    use crate::quantity::{format, parse, Format};
    let now = sim.now();
    let alloc = |k: &str| {
        crate::node_status::ALLOCATABLE
            .iter()
            .find(|(n, _)| *n == k)
            .and_then(|(_, v)| parse(v))
            .map(|q| q.milli)
            .unwrap_or(0)
    };
    let (cpu_alloc, mem_alloc, eph_alloc) =
        (alloc("cpu"), alloc("memory"), alloc("ephemeral-storage"));
    let pct = |v: i128, of: i128| {
        if of == 0 {
            0
        } else {
            v.saturating_mul(100) / of
        }
    };
    let cell = |v: i128, of: i128, f: Format| format!("{} ({}%)", format(v, f), pct(v, of));
    out.push_str(&format!(
        "Non-terminated Pods:\t({} in total)\n",
        pods.len()
    ));
    out.push_str(
        "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n",
    );
    out.push_str(
        "  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
    );
    let mut reqs: BTreeMap<String, i128> = BTreeMap::new();
    let mut lims: BTreeMap<String, i128> = BTreeMap::new();
    for p in pods {
        let (r, l) = pod_requests_and_limits(&pod_spec(sim, p));
        let get = |m: &BTreeMap<String, i128>, k: &str| m.get(k).copied().unwrap_or(0);
        out.push_str(&format!(
            "  {}\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
            p.namespace,
            p.name,
            cell(get(&r, "cpu"), cpu_alloc, Format::DecimalSi),
            cell(get(&l, "cpu"), cpu_alloc, Format::DecimalSi),
            cell(get(&r, "memory"), mem_alloc, Format::BinarySi),
            cell(get(&l, "memory"), mem_alloc, Format::BinarySi),
            age(now, p.created)
        ));
        for (k, v) in r {
            let t = reqs.entry(k).or_default();
            *t = t.saturating_add(v);
        }
        for (k, v) in l {
            let t = lims.entry(k).or_default();
            *t = t.saturating_add(v);
        }
    }
    out.push_str(
        "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n",
    );
    out.push_str("  Resource\tRequests\tLimits\n");
    out.push_str("  --------\t--------\t------\n");
    for (k, of, f) in [
        ("cpu", cpu_alloc, Format::DecimalSi),
        ("memory", mem_alloc, Format::BinarySi),
        ("ephemeral-storage", eph_alloc, Format::BinarySi),
        ("hugepages-1Gi", 0, Format::BinarySi),
        ("hugepages-2Mi", 0, Format::BinarySi),
    ] {
        let r = reqs.get(k).copied().unwrap_or(0);
        let l = lims.get(k).copied().unwrap_or(0);
        out.push_str(&format!("  {k}\t{}\t{}\n", cell(r, of, f), cell(l, of, f)));
    }
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
        let counted = |m: &BTreeMap<String, dsp_core::k8s::Quantity>, k: &str| {
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
