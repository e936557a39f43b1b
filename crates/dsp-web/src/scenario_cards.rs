//! A card for each scenario of the gallery: what it shows, what to look for while it runs, and
//! things to try, with the commands to paste. The scenario's own header (`scenarios/*.dsp`)
//! says what it is; the card is the page's guide to it. Every command on a card runs on the
//! scenario's cluster (tested), so a card never suggests something the playground refuses.

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
    },
    Card {
        scenario: "rolling-update-10-percent",
        watch: "Watch the budget bar of ds/metrics-agent in the cluster panel: at most 5 of the 50 pods (10%) are unavailable at any moment, and the tiles change colour in waves.",
        tries: &[
            t("See how far the rollout got, and what it waits for.", "kubectl rollout status ds/metrics-agent --watch=false"),
            t("Widen the budget to 50% and watch the waves grow.", "kubectl patch ds/metrics-agent -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxUnavailable\":\"50%\"}}}}'"),
            t("List the revisions the two image changes made.", "kubectl rollout history ds/metrics-agent"),
        ],
    },
    Card {
        scenario: "surge",
        watch: "During an update each node shows two tiles for a while: the new pod starts next to the old one, which goes only once the new one has been Ready for 10 seconds.",
        tries: &[
            t("Change the image again and watch a node hold two pods.", "kubectl set image ds/ingress-proxy proxy=haproxy:3.1"),
            t("Compare with stop-first: maxSurge 0 and maxUnavailable 1.", "kubectl patch ds/ingress-proxy -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":1}}}}'"),
            t("See both pods on a node while it happens.", "kubectl get pods -o wide"),
        ],
    },
    Card {
        scenario: "on-delete",
        watch: "Two of the three pods still run the old image: under OnDelete a template change waits until a pod is deleted.",
        tries: &[
            t("Delete another old pod and see it come back from the new template.", "kubectl delete pods -l app=log-shipper --field-selector spec.nodeName=10.0.10.5"),
            t("Compare the images pod by pod.", "kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IMAGE:.spec.containers[0].image"),
            t("Switch to RollingUpdate and let the controller finish the job.", "kubectl patch ds/log-shipper -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"}}}'"),
        ],
    },
    Card {
        scenario: "taints-and-tolerations",
        watch: "The gpu nodes run only the device plugin: node-exporter does not tolerate their NoSchedule taint, and their cards say it is excluded by it.",
        tries: &[
            t("Ask why node-exporter is not on gpu-0 (or open the node and read the placement trace).", "kubectl describe node gpu-0"),
            t("Remove the taint from one gpu node and watch node-exporter arrive there.", "kubectl taint node gpu-1 dedicated-"),
            t("Taint a general node NoExecute and watch its pods leave.", "kubectl taint node 10.0.10.5 maintenance=true:NoExecute"),
        ],
    },
    Card {
        scenario: "toleration-seconds",
        watch: "The log-shipper pod on 10.0.10.7 keeps being replaced: the DaemonSet controller places it despite the NoExecute taint, the taint-eviction controller evicts it after its 30 tolerated seconds, and the DaemonSet creates the next one. Follow the loop in the events list.",
        tries: &[
            t("See the evictions.", "kubectl get events --field-selector reason=TaintManagerEviction"),
            t("End the loop by removing the taint.", "kubectl taint node 10.0.10.7 maintenance-"),
            t("Or end it by tolerating the taint for good (no tolerationSeconds).", "kubectl patch ds/log-shipper --type=json -p '[{\"op\":\"remove\",\"path\":\"/spec/template/spec/tolerations/0/tolerationSeconds\"}]'"),
        ],
    },
    Card {
        scenario: "cordon-and-not-ready",
        watch: "Cordoned 10.0.10.7 still runs both DaemonSets (their pods tolerate unschedulable); NotReady node-0 keeps its old pod but the newer kube-proxy-lite stays away, kept off by the NoSchedule not-ready taint.",
        tries: &[
            t("Compare the two nodes' taints.", "kubectl describe node node-0"),
            t("Bring node-0 back and watch kube-proxy-lite arrive.", "sim node node-0 ready"),
            t("Uncordon 10.0.10.7: nothing changes for DaemonSet pods.", "kubectl uncordon 10.0.10.7"),
        ],
    },
    Card {
        scenario: "broken-image",
        watch: "One pod sits in ErrImagePull and ImagePullBackOff, and the rollout stops there: with maxUnavailable 1 the controller replaces no other pod while that one is unavailable.",
        tries: &[
            t("See that the rollout is stuck.", "kubectl rollout status ds/frontend --watch=false"),
            t("Roll back to the previous revision.", "kubectl rollout undo ds/frontend"),
            t("Or fix the image tag.", "kubectl set image ds/frontend webserver=nginx:1.27"),
        ],
    },
    Card {
        scenario: "nodes-1000",
        watch: "The board switches to the fleet view: a cell per node, coloured by the chosen DaemonSet's pod. edge-cache runs only in the 300-node edge pool.",
        tries: &[
            t("Roll out a new node-agent image and watch the fleet change colour.", "kubectl set image ds/node-agent agent=registry.example/node-agent:2.0"),
            t("Move ten general nodes into the edge pool.", "kubectl label nodes general-0 general-1 general-2 general-3 general-4 general-5 general-6 general-7 general-8 general-9 pool=edge --overwrite"),
            t("Count the pods per DaemonSet.", "kubectl get ds"),
        ],
    },
];

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
