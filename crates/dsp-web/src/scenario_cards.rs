//! A card for each scenario of the gallery: what it shows, what to look for while it runs, and
//! things to try, with the commands to paste. The scenario's own header (`scenarios/*.dsp`)
//! says what it is; the card is the page's guide to it. Every command on a card runs on the
//! scenario's cluster (tested), so a card never suggests something the playground refuses.
//! Where a goal fits, a card has one, with conditions like a tutorial step's; the two loops that
//! are hard to read from a final state (a toleration that runs out, a node that stops
//! reporting) say what is happening as it happens.

use dsp_core::{Pod, Simulation, TaintEffect};

use crate::tutorial::Condition;

/// Something to try on a scenario: what to do and why, and the command that does it.
pub struct Try {
    pub text: &'static str,
    pub command: Option<&'static str>,
}

pub struct Card {
    /// The scenario's name (`?scenario=NAME`).
    pub scenario: &'static str,
    /// What to keep an eye on while it runs.
    pub watch: &'static str,
    pub tries: &'static [Try],
    /// Where a goal fits: what to reach, checked live like a tutorial step.
    pub goal: Option<Goal>,
    /// What the scenario is doing right now, in a sentence (its loop, its difference), read
    /// from the cluster.
    pub now: Option<fn(&Simulation) -> String>,
}

pub struct Goal {
    pub text: &'static str,
    pub conditions: &'static [Condition],
}

impl Goal {
    /// Each condition's text and whether it holds now.
    pub fn checklist(&self, sim: &Simulation) -> Vec<(&'static str, bool)> {
        self.conditions
            .iter()
            .map(|c| (c.text, (c.holds)(sim)))
            .collect()
    }
}

const fn c(text: &'static str, holds: fn(&Simulation) -> bool) -> Condition {
    Condition { text, holds }
}

const fn t(text: &'static str, command: &'static str) -> Try {
    Try {
        text,
        command: Some(command),
    }
}

pub static CARDS: &[Card] = &[
    Card {
        scenario: "article",
        watch: "Nothing runs yet: the DaemonSet's DESIRED count is 0 in the cluster panel until a node carries the label its selector asks for.",
        tries: &[
            t("Label a node into the set and watch its pod go Pending, ContainerCreating, Running.", "kubectl label node 10.0.10.5 app=frontend-node"),
            t("See that the DaemonSet wants no pod yet: DESIRED is 0.", "kubectl get ds frontend"),
        ],
        goal: Some(Goal { text: "A frontend pod runs on a node you labelled.", conditions: &[c("A node carries app=frontend-node", article_labelled), c("A frontend pod is Running and Ready", article_pod_up)] }),
        now: None,
    },
    Card {
        scenario: "rolling-update-10-percent",
        watch: "Watch the budget bar of ds/metrics-agent in the cluster panel: at most 5 of the 50 pods (10%) are unavailable at any moment, and the tiles change colour in waves.",
        tries: &[
            t("See how far the rollout got, and what it waits for.", "kubectl rollout status ds/metrics-agent --watch=false"),
            t("Widen the budget to 50% and watch the waves grow.", "kubectl patch ds/metrics-agent -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":\"50%\"}}}}'"),
            t("List the revisions the two image changes made.", "kubectl rollout history ds/metrics-agent"),
        ],
        goal: Some(Goal { text: "The second update rolls out: every metrics-agent pod runs 1.2 and is Ready.", conditions: &[c("The template's image is metrics-agent:1.2", metrics_on_1_2), c("Every pod runs it and is Ready", metrics_rolled_out)] }),
        now: None,
    },
    Card {
        scenario: "surge",
        watch: "During an update each node shows two tiles for a while: the new pod starts next to the old one, which goes only once the new one has been Ready for 10 seconds.",
        tries: &[
            t("Change the image again and watch a node hold two pods.", "kubectl set image ds/ingress-proxy proxy=haproxy:3.1"),
            t("Compare with stop-first: maxSurge 0 and maxUnavailable 1.", "kubectl patch ds/ingress-proxy -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":1}}}}'"),
            t("See both pods on a node while it happens.", "kubectl get pods -o wide"),
        ],
        goal: Some(Goal { text: "A new image rolls out with two pods on a node for a while.", conditions: &[c("A node ran an old and a new ingress-proxy pod at once", proxy_surged), c("Every pod runs the new template and is Ready", proxy_rolled_out)] }),
        now: None,
    },
    Card {
        scenario: "on-delete",
        watch: "Two of the three pods still run the old image: under OnDelete a template change waits until a pod is deleted.",
        tries: &[
            t("Delete another old pod and see it come back from the new template.", "kubectl delete pods -l app=log-shipper --field-selector spec.nodeName=10.0.10.5"),
            t("Compare the images pod by pod.", "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IMAGE:.spec.containers[0].image"),
            t("Switch to RollingUpdate and let the controller finish the job.", "kubectl patch ds/log-shipper -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}'"),
        ],
        goal: Some(Goal { text: "Every log-shipper pod runs the new image.", conditions: &[c("Every pod runs the current template", shipper_all_updated), c("Every pod is Ready", shipper_all_ready)] }),
        now: None,
    },
    Card {
        scenario: "taints-and-tolerations",
        watch: "The gpu nodes run only the device plugin: node-exporter does not tolerate their NoSchedule taint, and their cards say it is excluded by it.",
        tries: &[
            t("Ask why node-exporter is not on gpu-0 (or open the node and read the placement trace).", "kubectl describe node gpu-0"),
            t("Remove the taint from one gpu node and watch node-exporter arrive there.", "kubectl taint node gpu-1 dedicated-"),
            t("Taint a general node NoExecute and watch its pods leave.", "kubectl taint node 10.0.10.5 maintenance=true:NoExecute"),
        ],
        goal: Some(Goal { text: "node-exporter runs on a gpu node.", conditions: &[c("A gpu node runs a Ready node-exporter pod", exporter_on_gpu)] }),
        now: None,
    },
    Card {
        scenario: "toleration-seconds",
        watch: "The log-shipper pod on 10.0.10.7 keeps being replaced: the DaemonSet controller places it despite the NoExecute taint, the taint-eviction controller evicts it after its 30 tolerated seconds, and the DaemonSet creates the next one. Follow the loop in the events list.",
        tries: &[
            t("See the evictions.", "kubectl get events --field-selector reason=TaintManagerEviction"),
            t("End the loop by removing the taint.", "kubectl taint node 10.0.10.7 maintenance-"),
            t("Or end it by tolerating the taint for good (no tolerationSeconds).", "kubectl patch ds/log-shipper --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/template/spec/tolerations/0/tolerationSeconds\"}]'"),
        ],
        goal: Some(Goal { text: "End the loop: the pod on 10.0.10.7 stays.", conditions: &[c("A log-shipper pod on 10.0.10.7 has been Ready for over a minute", shipper_stays)] }),
        now: Some(toleration_loop_now),
    },
    Card {
        scenario: "cordon-and-not-ready",
        watch: "Cordoned 10.0.10.7 still runs both DaemonSets (their pods tolerate unschedulable); NotReady node-0 keeps its old pod but the newer kube-proxy-lite stays away, kept off by the NoSchedule not-ready taint.",
        tries: &[
            t("Compare the two nodes' taints.", "kubectl describe node node-0"),
            t("Bring node-0 back and watch kube-proxy-lite arrive.", "sim node node-0 ready"),
            t("Uncordon 10.0.10.7: nothing changes for DaemonSet pods.", "kubectl uncordon 10.0.10.7"),
        ],
        goal: Some(Goal { text: "kube-proxy-lite runs on every node.", conditions: &[c("node-0 is Ready again", node0_ready), c("kube-proxy-lite has a Ready pod on every node", proxy_everywhere)] }),
        now: Some(not_ready_now),
    },
    Card {
        scenario: "broken-image",
        watch: "One pod sits in ErrImagePull and ImagePullBackOff, and the rollout stops there: with maxUnavailable 1 the controller replaces no other pod while that one is unavailable.",
        tries: &[
            t("See that the rollout is stuck.", "kubectl rollout status ds/frontend --watch=false"),
            t("Roll back to the previous revision.", "kubectl rollout undo ds/frontend"),
            t("Or fix the image tag.", "kubectl set image ds/frontend webserver=nginx:1.27"),
        ],
        goal: Some(Goal { text: "The rollout moves again: every pod Ready on an image that pulls.", conditions: &[c("No pod has an image error", frontend_no_image_error), c("Every pod runs the current template and is Ready", frontend_rolled_out)] }),
        now: None,
    },
    Card {
        scenario: "nodes-1000",
        watch: "The board switches to the fleet view: a cell per node, coloured by the chosen DaemonSet's pod. edge-cache runs only in the 300-node edge pool.",
        tries: &[
            t("Roll out a new node-agent image and watch the fleet change colour.", "kubectl set image ds/node-agent agent=registry.example/node-agent:2.0"),
            t("Move ten general nodes into the edge pool.", "kubectl label nodes general-0 general-1 general-2 general-3 general-4 general-5 general-6 general-7 general-8 general-9 pool=edge --overwrite"),
            t("Count the pods per DaemonSet.", "kubectl get ds"),
        ],
        goal: None,
        now: None,
    },
];

// ----- goals and live lines ------------------------------------------------------------------

fn pods_of<'a>(sim: &'a Simulation, ds: &'a str) -> impl Iterator<Item = &'a Pod> + 'a {
    sim.pods().filter(move |p| {
        !p.is_terminating()
            && p.owner
                .as_ref()
                .is_some_and(|o| o.kind == "DaemonSet" && o.name == ds)
    })
}

fn up(p: &Pod) -> bool {
    p.ready && p.node_name.is_some()
}

/// Every desired pod of `ds` exists on its current revision and is Ready.
fn rolled_out(sim: &Simulation, ds: &str) -> bool {
    let Some(d) = sim.daemonset(ds) else {
        return false;
    };
    let hash = sim.current_hash(ds).unwrap_or("");
    let pods: Vec<&Pod> = pods_of(sim, ds).collect();
    d.status.desired_number_scheduled >= 1
        && d.status.observed_generation >= d.generation
        && pods.len() == d.status.desired_number_scheduled as usize
        && pods
            .iter()
            .all(|p| up(p) && dsp_core::update::is_pod_updated(p, hash, d.template_generation))
}

fn article_labelled(sim: &Simulation) -> bool {
    sim.nodes()
        .any(|n| n.labels.get("app").map(String::as_str) == Some("frontend-node"))
}

fn article_pod_up(sim: &Simulation) -> bool {
    pods_of(sim, "frontend").any(up)
}

fn metrics_on_1_2(sim: &Simulation) -> bool {
    sim.daemonset("metrics-agent")
        .is_some_and(|d| d.images().ends_with(":1.2"))
}

fn metrics_rolled_out(sim: &Simulation) -> bool {
    rolled_out(sim, "metrics-agent")
}

/// A node held an old and a new `ingress-proxy` pod at once (the tutorial's surge check).
fn proxy_surged(sim: &Simulation) -> bool {
    sim.daemonset("ingress-proxy")
        .is_some_and(|d| crate::tutorial::surged_on_a_node(sim, d))
}

fn proxy_rolled_out(sim: &Simulation) -> bool {
    rolled_out(sim, "ingress-proxy")
}

fn shipper_all_updated(sim: &Simulation) -> bool {
    let Some(d) = sim.daemonset("log-shipper") else {
        return false;
    };
    let hash = sim.current_hash("log-shipper").unwrap_or("");
    let pods: Vec<&Pod> = pods_of(sim, "log-shipper").collect();
    !pods.is_empty()
        && pods
            .iter()
            .all(|p| dsp_core::update::is_pod_updated(p, hash, d.template_generation))
}

fn shipper_all_ready(sim: &Simulation) -> bool {
    let pods: Vec<&Pod> = pods_of(sim, "log-shipper").collect();
    !pods.is_empty() && pods.iter().all(|p| up(p))
}

fn exporter_on_gpu(sim: &Simulation) -> bool {
    pods_of(sim, "node-exporter")
        .any(|p| up(p) && p.assigned_node().is_some_and(|n| n.starts_with("gpu-")))
}

/// The pod on 10.0.10.7 has been Ready for over a minute: at 30 tolerated seconds, the loop
/// would have evicted it.
fn shipper_stays(sim: &Simulation) -> bool {
    pods_of(sim, "log-shipper").any(|p| {
        up(p) && p.assigned_node() == Some("10.0.10.7") && sim.now().0 - p.created.0 > 60_000
    })
}

/// What the toleration loop is doing now: how many evictions so far, and the pod it will evict
/// next.
fn toleration_loop_now(sim: &Simulation) -> String {
    let evictions: u32 = sim
        .events()
        .iter()
        .filter(|e| e.reason == "TaintManagerEviction")
        .map(|e| e.count)
        .sum();
    let tainted = sim.node("10.0.10.7").is_some_and(|n| {
        n.taints
            .iter()
            .any(|t| t.key == "maintenance" && t.effect == TaintEffect::NoExecute)
    });
    let pod = pods_of(sim, "log-shipper").find(|p| p.assigned_node() == Some("10.0.10.7"));
    let evicted = match evictions {
        0 => "No eviction yet.".to_string(),
        1 => "1 eviction so far.".to_string(),
        n => format!("{n} evictions so far."),
    };
    match (tainted, pod) {
        (true, Some(p)) => format!(
            "{evicted} {} has run on 10.0.10.7 for {} s of its 30 tolerated seconds; then the taint-eviction controller evicts it and the DaemonSet controller creates the next one.",
            p.name,
            (sim.now().0 - p.created.0).max(0) / 1000
        ),
        (true, None) => format!("{evicted} 10.0.10.7 has no log-shipper pod this moment: the DaemonSet controller is about to create the next one."),
        (false, _) => format!("{evicted} The maintenance taint is gone from 10.0.10.7, so the loop has ended."),
    }
}

fn node0_ready(sim: &Simulation) -> bool {
    sim.node("node-0")
        .is_some_and(|n| n.ready == dsp_core::NodeReady::True)
}

fn proxy_everywhere(sim: &Simulation) -> bool {
    sim.nodes().all(|n| {
        pods_of(sim, "kube-proxy-lite").any(|p| up(p) && p.assigned_node() == Some(n.name.as_str()))
    })
}

/// The difference between the cordoned and the NotReady node, as it is now.
fn not_ready_now(sim: &Simulation) -> String {
    let Some(node) = sim.node("node-0") else {
        return "node-0 is gone.".to_string();
    };
    let taints: Vec<String> = node.taints.iter().map(ToString::to_string).collect();
    let there: Vec<&str> = sim
        .pods_on_node("node-0")
        .into_iter()
        .filter(|p| !p.is_terminating())
        .filter_map(|p| p.owner.as_ref().map(|o| o.name.as_str()))
        .collect();
    format!(
        "node-0 is {} with taints [{}] and runs pods of [{}]; 10.0.10.7 is {}. A cordon is only unschedulable, which DaemonSet pods tolerate; NotReady adds node.kubernetes.io/not-ready, whose NoSchedule half keeps a new DaemonSet's pod off while the NoExecute half leaves the pods already there alone (DaemonSet pods tolerate it for ever).",
        node.kubectl_status(),
        taints.join(", "),
        there.join(", "),
        sim.node("10.0.10.7").map_or("gone".to_string(), |n| n.kubectl_status())
    )
}

fn frontend_no_image_error(sim: &Simulation) -> bool {
    !pods_of(sim, "frontend").any(|p| {
        p.container_statuses.iter().any(|c| {
            matches!(&c.state, dsp_core::ContainerState::Waiting { reason }
                if reason == "ErrImagePull" || reason == "ImagePullBackOff")
        })
    })
}

fn frontend_rolled_out(sim: &Simulation) -> bool {
    rolled_out(sim, "frontend")
}

/// The card of a scenario.
pub fn card(scenario: &str) -> Option<&'static Card> {
    CARDS.iter().find(|c| c.scenario == scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scenario_has_a_card_and_every_card_a_scenario() {
        let names: Vec<&str> = dsp_kubectl::scenario::all()
            .iter()
            .map(|s| s.name)
            .collect();
        for name in &names {
            assert!(card(name).is_some(), "no card for {name}");
        }
        for c in CARDS {
            assert!(
                names.contains(&c.scenario),
                "a card for no scenario: {}",
                c.scenario
            );
            assert!(
                c.tries.len() >= 2,
                "{}: fewer than two things to try",
                c.scenario
            );
        }
    }

    #[test]
    fn no_goal_is_met_when_its_scenario_opens() {
        for c in CARDS {
            let Some(goal) = &c.goal else { continue };
            let scenario = dsp_kubectl::scenario::by_name(c.scenario).expect("scenario");
            let opened = crate::state::AppState::from_scenario(&scenario).expect("opens");
            let list = goal.checklist(&opened.sim);
            assert!(
                list.iter().any(|(_, holds)| !holds),
                "{}: {list:?}",
                c.scenario
            );
            if let Some(now) = c.now {
                assert!(!now(&opened.sim).is_empty());
            }
        }
    }

    /// The tries that reach each goal, run on the scenario with time let run after each.
    #[test]
    fn each_goal_is_reached_by_its_cards_own_commands() {
        let ways: &[(&str, &[&str])] = &[
            ("article", &["kubectl label node 10.0.10.5 app=frontend-node"]),
            ("rolling-update-10-percent", &["sleep 10m"]),
            ("surge", &["kubectl set image ds/ingress-proxy proxy=haproxy:3.1"]),
            ("on-delete", &["kubectl patch ds/log-shipper -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}'"]),
            ("taints-and-tolerations", &["kubectl taint node gpu-1 dedicated-"]),
            ("toleration-seconds", &["kubectl taint node 10.0.10.7 maintenance-", "sleep 2m"]),
            ("cordon-and-not-ready", &["sim node node-0 ready"]),
            ("broken-image", &["kubectl rollout undo ds/frontend"]),
        ];
        for (name, lines) in ways {
            let goal = card(name).and_then(|c| c.goal.as_ref()).expect("a goal");
            let scenario = dsp_kubectl::scenario::by_name(name).expect("scenario");
            let mut sim = crate::state::AppState::from_scenario(&scenario)
                .expect("opens")
                .sim;
            for line in *lines {
                let out = crate::host::run(&mut sim, &dsp_kubectl::Input::new(*line), "");
                assert_eq!(out.exit_code, 0, "{name}: `{line}`: {}", out.text());
                sim.run_until_idle();
            }
            let list = goal.checklist(&sim);
            assert!(list.iter().all(|(_, holds)| *holds), "{name}: {list:?}");
        }
    }

    #[test]
    fn every_command_on_a_card_runs_on_its_scenario() {
        for c in CARDS {
            let scenario = dsp_kubectl::scenario::by_name(c.scenario).expect("scenario");
            let opened = crate::state::AppState::from_scenario(&scenario).expect("opens");
            for command in c.tries.iter().filter_map(|t| t.command) {
                let mut sim = opened.sim.clone();
                let out = crate::host::run(&mut sim, &dsp_kubectl::Input::new(command), "");
                assert_eq!(
                    out.exit_code,
                    0,
                    "{}: `{command}`: {}",
                    c.scenario,
                    out.text()
                );
            }
        }
    }
}
