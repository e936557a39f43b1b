//! The guided tutorial: its steps as plain data, and the checks that tell from the cluster
//! state alone when a step is done.
//!
//! [`steps`] follows the article "Scaling with Kubernetes DaemonSets" (nodes, the legacy
//! manifest, labelling nodes in and out of the set, the OnDelete surprise, the switch to
//! RollingUpdate, edit and patch) and then goes further (cordon, taints and tolerations, a
//! broken image and `rollout undo`, maxSurge). Every step carries the lines "Show me" runs;
//! [`setup_lines`] replays the steps before one so "Reset to this step" can rebuild the cluster
//! from scratch. A check reads only nodes, pods, DaemonSets and simulated time, never the
//! command history, so typing, dragging on the board and "Show me" all count the same.
//! The panel component lives in [`panel`].

pub mod panel;

use dsp_core::{
    placement, update::is_pod_updated, ContainerState, DaemonSet, ImageOutcome, Node, NodeReady,
    Pod, Simulation, TaintEffect, UpdateStrategy,
};

/// One tutorial step.
pub struct Step {
    /// Stable identifier (for saved progress and tests).
    pub id: &'static str,
    pub title: &'static str,
    /// One sentence: what the cluster should look like when the step is done.
    pub goal: &'static str,
    /// Why it behaves this way. Paragraphs are separated by a blank line; `backticks` mark code.
    pub explain: &'static str,
    /// Commands (shown as code) or gestures (shown as text) that achieve the goal.
    pub how: &'static [&'static str],
    /// The command lines "Show me" puts into the terminal one at a time, in order (kubectl,
    /// `sim …` and `sleep …` lines). No watches: between two lines the clock runs and the board
    /// animates, where a watch would jump to the end.
    pub show_me: &'static [&'static str],
    /// What the cluster must show for the step to be done, each written once: the pinned
    /// checklist shows each one's text with a live mark, and the step is done when all hold
    /// ([`Step::check`]), so the list and the completion cannot disagree.
    pub conditions: &'static [Condition],
    /// What the step starts from (the cluster the earlier steps leave): while the step is not
    /// done and one of these does not hold, the step says so and offers "Reset to this step".
    /// Only what the step's own actions leave alone, so it never flags the learner's progress.
    pub expects: &'static [Condition],
}

/// One thing a step's goal asks of the cluster: its text and its predicate.
pub struct Condition {
    pub text: &'static str,
    pub holds: fn(&Simulation) -> bool,
}

impl Step {
    /// Done: every condition holds.
    pub fn check(&self, sim: &Simulation) -> bool {
        self.conditions.iter().all(|c| (c.holds)(sim))
    }

    /// The expectations that do not hold now.
    pub fn mismatches(&self, sim: &Simulation) -> Vec<&'static str> {
        self.expects
            .iter()
            .filter(|c| !(c.holds)(sim))
            .map(|c| c.text)
            .collect()
    }

    /// Each condition's text and whether it holds now.
    pub fn checklist(&self, sim: &Simulation) -> Vec<(&'static str, bool)> {
        self.conditions
            .iter()
            .map(|c| (c.text, (c.holds)(sim)))
            .collect()
    }
}

/// A condition (shorter to write in the step table).
const fn c(text: &'static str, holds: fn(&Simulation) -> bool) -> Condition {
    Condition { text, holds }
}

/// The DaemonSet the whole tutorial works on (the article's).
pub const DS_NAME: &str = "frontend";

/// How long step 3 asks the learner to watch the empty DaemonSet.
const WATCH_EMPTY_MS: i64 = 10_000;

/// All steps, in order.
pub fn steps() -> &'static [Step] {
    STEPS
}

/// The show-me lines of every step before `step` (0-based), in order: what "Reset to this
/// step" replays on a fresh article cluster (`Simulation::with_article_nodes(seed)`) before
/// letting time run until idle. An index past the end yields every step's lines.
#[cfg(test)]
pub fn setup_lines(step: usize) -> Vec<&'static str> {
    STEPS
        .iter()
        .take(step)
        .flat_map(|s| s.show_me.iter().copied())
        .collect()
}

/// One thing "Reset to this step" does on its way to a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setup<'a> {
    /// Run an earlier step's "Show me" line.
    Run(&'a str),
    /// Let simulated time run until nothing but back-off loops is left (after each step).
    Idle,
}

/// "Reset to this step" done faithfully: on a fresh article cluster (with the editor file
/// holding the article's manifest), runs each earlier step's show-me lines and then lets time
/// run until idle, as a learner clicking "Show me" and waiting would. Replaying
/// [`setup_lines`] in one go instead squeezes everything into one instant, so a later rollout
/// starts before the earlier one finished (both end in a valid state for the step, but the
/// board looks different). `act` carries out each [`Setup`]; the first failure stops the
/// replay and is returned, naming the step and the line.
pub fn replay_to_step(
    step: usize,
    mut act: impl FnMut(Setup<'_>) -> Result<(), String>,
) -> Result<(), String> {
    for (i, s) in STEPS.iter().take(step).enumerate() {
        for line in s.show_me {
            act(Setup::Run(line)).map_err(|output| {
                format!(
                    "step {} ({}): `{line}` failed: {}",
                    i + 1,
                    s.title,
                    output.trim_end()
                )
            })?;
        }
        act(Setup::Idle)?;
    }
    Ok(())
}

/// How many steps `done` marks as done (entries past the step list are ignored).
pub fn done_count(done: &[bool]) -> usize {
    done.iter().take(STEPS.len()).filter(|d| **d).count()
}

/// Whether a `how` entry is a command line (rendered as code) rather than a gesture.
pub fn is_command(entry: &str) -> bool {
    matches!(
        entry.split_whitespace().next(),
        Some("kubectl" | "sim" | "sleep")
    )
}

/// Splits explanation text at backticks: `(text, is_code)` pieces, code on odd positions.
/// An unpaired backtick leaves the rest as code, which is harmless for our own static text.
pub fn inline_code(text: &str) -> Vec<(&str, bool)> {
    text.split('`')
        .enumerate()
        .filter(|(_, piece)| !piece.is_empty())
        .map(|(i, piece)| (piece, i % 2 == 1))
        .collect()
}

static STEPS: &[Step] = &[
    Step {
        id: "nodes",
        title: "Look at the nodes",
        goal: "Meet the two worker nodes this cluster starts with.",
        explain: "The playground opens on the same small cluster the article uses: two nodes, \
`10.0.10.5` and `10.0.10.7`, both Ready and neither carrying any label of ours. Each node is a \
card on the board; the terminal answers like a real cluster would.\n\n\
There is nothing to change here, so this step counts as done from the start. Run the command \
anyway to get a feel for the terminal.",
        how: &["kubectl get nodes", "kubectl get nodes --show-labels"],
        show_me: &["kubectl get nodes"],
        expects: &[],
        conditions: &[c("A node is Ready", check_nodes)],
    },
    Step {
        id: "create",
        title: "Create the DaemonSet",
        goal: "A DaemonSet called frontend exists in the cluster.",
        explain: "The editor holds the article's manifest, file name `manifest.yaml`. It asks for \
an `nginx` pod on every node labelled `app=frontend-node`, and gives those pods the label \
`app=frontend-webserver`.\n\n\
The manifest is written for `extensions/v1beta1`, an API group Kubernetes dropped for \
DaemonSets in 1.16. The playground still accepts it but prints `Warning:` lines the way a \
real API server does: the modern `apps/v1` form needs an explicit `selector`, and the old \
version quietly picks `OnDelete` as its update strategy. Keep that last warning in mind; it \
comes back in step 7. \"Convert to apps/v1\" above the editor rewrites the file if you are \
curious.",
        how: &[
            "Press Apply above the editor (or Ctrl+Enter)",
            "kubectl apply -f manifest.yaml",
        ],
        // The tutorial's lines read the article's manifest as the editor file
        // (`dsp_kubectl::scenario::article_manifest`), and the page then shows it in the
        // editor: the web terminal has no standard input for a heredoc.
        show_me: &["kubectl apply -f manifest.yaml"],
        expects: &[c("No DaemonSet exists yet", no_daemonset_yet)],
        conditions: &[c("ds/frontend exists", check_created)],
    },
    Step {
        id: "no-pods",
        title: "Notice that nothing starts",
        goal: "Watch the DaemonSet for ten simulated seconds and see it create no pods.",
        explain: "A DaemonSet does not ask how many copies you want. It looks at every node, and \
the nodes its `nodeSelector` accepts get exactly one pod each. Our selector wants \
`app=frontend-node`, and no node has that label yet, so the desired count is zero and the \
controller has nothing to do.\n\n\
`kubectl describe node` in the playground adds a short explanation of why a DaemonSet does or \
does not run on that node. This step is done once the DaemonSet has existed for ten seconds \
without a pod.",
        how: &[
            "kubectl get pods",
            "kubectl get ds frontend",
            "kubectl describe node 10.0.10.5",
            "Let the clock run for ten seconds (or: sleep 10s)",
        ],
        show_me: &["kubectl get pods", "sleep 10s", "kubectl get ds frontend"],
        expects: &[c("ds/frontend exists", check_created), c("No node carries app=frontend-node", no_node_selected)],
        conditions: &[
            c("ds/frontend exists", check_created),
            c("No node carries the label its selector asks for", no_node_selected),
            c("No frontend pod exists", no_frontend_pods),
            c("Ten seconds have passed since it was created", watched_empty),
        ],
    },
    Step {
        id: "label-first",
        title: "Label a node into the set",
        goal: "A frontend pod runs and is Ready on a node you labelled.",
        explain: "Give `10.0.10.5` the label the selector is waiting for. You do not create a \
pod yourself: the controller notices the node now qualifies and creates one pod there, which \
goes through Pending and ContainerCreating (the image pull) before it turns Running. \
`kubectl get pods -w` prints a line at each of those changes; in the playground the watch lets \
simulated time run and ends when nothing is left to happen.\n\n\
On the board you can also drag the node card into the `app=frontend-node` lane; the terminal \
shows the matching command.",
        how: &[
            "kubectl label node 10.0.10.5 app=frontend-node",
            "Drag node 10.0.10.5 into the app=frontend-node lane",
            "kubectl get pods -w",
            "kubectl get pods -o wide",
        ],
        show_me: &[
            "kubectl label node 10.0.10.5 app=frontend-node",
            "kubectl get pods -o wide",
        ],
        expects: &[c("ds/frontend exists", check_created)],
        conditions: &[
            c("A node carries app=frontend-node", some_node_selected),
            c("A frontend pod is Running and Ready", check_first_pod),
        ],
    },
    Step {
        id: "scale-up",
        title: "Scale up with a second label",
        goal: "Frontend pods run and are Ready on two nodes.",
        explain: "Scaling a DaemonSet means changing which nodes belong to it. Label \
`10.0.10.7` as well and a second pod appears there, again with no other input from you. \
In a real cluster the same happens when a brand-new node joins with the right label.",
        how: &[
            "kubectl label node 10.0.10.7 app=frontend-node",
            "kubectl get ds frontend",
        ],
        show_me: &[
            "kubectl label node 10.0.10.7 app=frontend-node",
            "kubectl get pods -o wide",
        ],
        expects: &[c("ds/frontend exists", check_created), c("A node carries app=frontend-node", some_node_selected)],
        conditions: &[
            c("Two nodes carry app=frontend-node", two_nodes_selected),
            c("Frontend pods are Ready on two nodes", check_two_pods),
        ],
    },
    Step {
        id: "scale-down",
        title: "Scale down by relabelling",
        goal: "A node labelled app=backend no longer runs a frontend pod.",
        explain: "Changing a label can take a node out of the set. Relabel `10.0.10.5` as \
`app=backend` (`--overwrite` is needed because the key already has a value) and the \
controller deletes the pod that no longer belongs there. It shows as Terminating for its \
grace period and then disappears; the pod on `10.0.10.7` is left alone. `kubectl events --for \
ds/frontend` lists what the controller did, oldest first.",
        how: &[
            "kubectl label node 10.0.10.5 --overwrite app=backend",
            "kubectl get pods -w",
            "kubectl events --for ds/frontend",
        ],
        show_me: &[
            "kubectl label node 10.0.10.5 --overwrite app=backend",
            "kubectl get pods",
            "kubectl events --for ds/frontend",
        ],
        expects: &[c("ds/frontend exists", check_created), c("Two nodes carry app=frontend-node", two_nodes_selected)],
        conditions: &[
            c("A node is labelled app=backend", some_backend_node),
            c("That node runs no frontend pod", backend_without_pod),
            c("A frontend pod is still Ready on another node", check_first_pod),
        ],
    },
    Step {
        id: "on-delete",
        title: "Edit the template under OnDelete",
        goal: "The template has changed, yet a running pod still comes from the old revision.",
        explain: "First bring `10.0.10.5` back into the set. Then change the image in the pod \
template. Because the manifest used `extensions/v1beta1`, the update strategy is `OnDelete`: \
the DaemonSet records a new revision, but pods that already run keep the old one until \
somebody deletes them. That is what the article meant when it said that, before 1.6, you \
simply could not update a DaemonSet in place.\n\n\
Compare the `controller-revision-hash` column with `kubectl rollout history ds/frontend`; \
`kubectl delete pod NAME` would bring a replacement on the new template.",
        how: &[
            "kubectl label node 10.0.10.5 --overwrite app=frontend-node",
            "kubectl set image ds/frontend webserver=nginx:1.27",
            "kubectl get pods -L controller-revision-hash",
        ],
        show_me: &[
            "kubectl label node 10.0.10.5 --overwrite app=frontend-node",
            "kubectl set image ds/frontend webserver=nginx:1.27",
            "kubectl get pods -L controller-revision-hash",
        ],
        expects: &[c("ds/frontend exists", check_created), c("Its update strategy is OnDelete", is_on_delete)],
        conditions: &[
            c("The update strategy is OnDelete", is_on_delete),
            c("The template has changed since the pods were made", template_changed),
            c("A Ready pod still runs the old template", old_pod_still_up),
        ],
    },
    Step {
        id: "rolling-update",
        title: "Switch to RollingUpdate",
        goal: "The strategy is RollingUpdate and every pod runs httpd and is Ready.",
        explain: "With `updateStrategy.type: RollingUpdate` the controller replaces outdated \
pods for you, at most `maxUnavailable` of them at a time. Switching the strategy already \
rolls out the pending `nginx:1.27` change; setting the image to `httpd` then starts a second \
wave. Watch the tiles change colour node by node.\n\n\
The article's second manifest writes `updateStrategy: RollingUpdate` as a plain string with \
`maxUnavailable` next to it. No API server accepts that shape: applying it here gets the \
server's refusal, and the editor's \"Convert to apps/v1\" writes the real structure. The patch \
below uses it too. `kubectl rollout status \
ds/frontend` fast-forwards the clock until the rollout finishes.",
        how: &[
            "kubectl patch ds/frontend -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1}}}}'",
            "kubectl set image ds/frontend webserver=httpd",
            "kubectl rollout status ds/frontend",
        ],
        show_me: &[
            "kubectl patch ds/frontend -p '{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1}}}}'",
            "kubectl set image ds/frontend webserver=httpd",
            "kubectl get pods -o wide",
        ],
        expects: &[c("ds/frontend exists", check_created), c("A node carries app=frontend-node", some_node_selected)],
        conditions: &[
            c("The strategy is RollingUpdate with maxUnavailable 1", rolling_one_at_a_time),
            c("The template's image is httpd", template_is_httpd),
            c("Every pod runs the new template and is Ready", ds_rolled_out),
        ],
    },
    Step {
        id: "patch",
        title: "Edit or patch the DaemonSet",
        goal: "The DaemonSet waits at least 5 seconds (minReadySeconds) before it counts a pod as available.",
        explain: "For changes that `set image` cannot express, edit the object or send a patch. \
In the playground `kubectl edit ds/frontend` opens the live object in the editor; change it \
and press Apply. `kubectl patch` takes the change inline: `-p` expects the patch itself, so \
the article's `-p=ds-changes.yaml` fails, while `--patch-file ds-changes.yaml` would read a \
file.\n\n\
Here, set `minReadySeconds` to 5. It does not touch the pod template, so no pod is replaced, \
but every later rollout waits five seconds on each new pod before moving on.",
        how: &[
            "kubectl edit ds/frontend",
            "kubectl patch ds/frontend -p '{\"spec\":{\"minReadySeconds\":5}}'",
            "kubectl get ds frontend -o jsonpath='{.spec.minReadySeconds}'",
        ],
        show_me: &[
            "kubectl patch ds/frontend -p '{\"spec\":{\"minReadySeconds\":5}}'",
            "kubectl get ds frontend -o jsonpath='{.spec.minReadySeconds}'",
        ],
        expects: &[c("ds/frontend exists", check_created)],
        conditions: &[c("minReadySeconds is at least 5", check_min_ready)],
    },
    Step {
        id: "cordon",
        title: "Cordon a node",
        goal: "A cordoned node still runs a Ready frontend pod.",
        explain: "`kubectl cordon` marks a node unschedulable so the scheduler sends no new \
pods there. Since Kubernetes 1.12 the default scheduler binds DaemonSet pods too (the \
controller pins each pod to its node with node affinity, and the events say \
`default-scheduler`), but every DaemonSet pod carries a toleration for the \
`node.kubernetes.io/unschedulable` taint, so cordoning changes nothing for them. Delete the \
pod on the cordoned node to see the controller create a new one and the scheduler bind it \
right back.\n\n\
That is why `kubectl drain` needs `--ignore-daemonsets`: it cannot move these pods anywhere. \
`kubectl uncordon 10.0.10.7` undoes the cordon.",
        how: &[
            "kubectl cordon 10.0.10.7",
            "kubectl delete pod -l app=frontend-webserver --field-selector spec.nodeName=10.0.10.7",
            "kubectl get pods -o wide",
        ],
        show_me: &[
            "kubectl cordon 10.0.10.7",
            "kubectl delete pod -l app=frontend-webserver --field-selector spec.nodeName=10.0.10.7",
            "kubectl get pods -o wide",
        ],
        expects: &[c("ds/frontend exists", check_created), c("10.0.10.7 carries app=frontend-node", node_7_selected)],
        conditions: &[
            c("A node is cordoned", some_node_cordoned),
            c("A Ready frontend pod runs on a cordoned node", check_cordoned_runs),
        ],
    },
    Step {
        id: "taint",
        title: "Taint a node with NoExecute",
        goal: "A node in the set has a NoExecute taint and no frontend pod left on it.",
        explain: "Taints are stronger than cordoning. A `NoSchedule` taint keeps new pods away; \
a `NoExecute` taint also removes pods that are already there unless they tolerate it. \
DaemonSet pods tolerate a handful of built-in taints, but not one you invent, so the \
controller deletes the pod on the tainted node and does not replace it.",
        how: &[
            "kubectl taint node 10.0.10.7 dedicated=infra:NoExecute",
            "kubectl describe node 10.0.10.7",
        ],
        show_me: &[
            "kubectl taint node 10.0.10.7 dedicated=infra:NoExecute",
            "kubectl get pods -o wide",
        ],
        expects: &[c("ds/frontend exists", check_created), c("A node carries app=frontend-node", some_node_selected)],
        conditions: &[
            c("A node in the set has a NoExecute taint ds/frontend does not tolerate", untolerated_taint),
            c("No frontend pod is left on such a node", check_tainted_away),
        ],
    },
    Step {
        id: "toleration",
        title: "Tolerate the taint",
        goal: "The DaemonSet tolerates the taint and its pod is back on the tainted node.",
        explain: "Add a matching toleration to the pod template. That is a template change, \
so the rolling update replaces the existing pod as well, and the tainted node gets a pod \
again. This is how log shippers and monitoring agents reach nodes reserved for special \
workloads.\n\n\
Removing the taint instead (`kubectl taint node 10.0.10.7 dedicated=infra:NoExecute-`) would \
also bring the pod back.",
        how: &[
            "kubectl patch ds/frontend -p '{\"spec\":{\"template\":{\"spec\":{\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"infra\",\"effect\":\"NoExecute\"}]}}}}'",
            "Or add the tolerations list under spec.template.spec in the editor and press Apply",
        ],
        show_me: &[
            "kubectl patch ds/frontend -p '{\"spec\":{\"template\":{\"spec\":{\"tolerations\":[{\"key\":\"dedicated\",\"operator\":\"Equal\",\"value\":\"infra\",\"effect\":\"NoExecute\"}]}}}}'",
            "kubectl get pods -o wide",
        ],
        expects: &[c("ds/frontend exists", check_created), c("A node has a NoExecute taint", some_noexecute_taint)],
        conditions: &[
            c("The template tolerates a NoExecute taint a node has", tolerates_a_taint),
            c("A Ready frontend pod runs on that node", check_tolerated_back),
        ],
    },
    Step {
        id: "broken-image",
        title: "Roll out a broken image",
        goal: "A rollout is stuck: one pod cannot pull its image and not every pod is up to date.",
        explain: "`sim image httpd:broken fail` tells the simulator that pulling this image \
fails, like a typo in a tag would on a real cluster. Roll it out and the first new pod ends \
in `ErrImagePull`, then `ImagePullBackOff`.\n\n\
Because `maxUnavailable` is 1 and that pod never becomes Ready, the controller will not touch \
another node: the rollout stalls with most of the fleet still on the working image. That \
budget is what keeps a bad release from taking every node down at once.",
        how: &[
            "sim image httpd:broken fail",
            "kubectl set image ds/frontend webserver=httpd:broken",
            "kubectl get pods",
            "kubectl describe ds frontend",
        ],
        show_me: &[
            "sim image httpd:broken fail",
            "kubectl set image ds/frontend webserver=httpd:broken",
            "kubectl get pods",
        ],
        expects: &[c("ds/frontend exists", check_created), c("Its strategy is RollingUpdate", is_rolling)],
        conditions: &[
            c("A pod cannot pull its image", some_image_error),
            c("The rollout stopped short: not every pod is updated", not_all_updated),
        ],
    },
    Step {
        id: "undo",
        title: "Undo the rollout",
        goal: "Every pod is Ready again on the previous, working image.",
        explain: "Each template the DaemonSet has used is kept as a ControllerRevision. \
`kubectl rollout undo` copies the previous one back into the template, which is itself a \
rollout: the failing pod is replaced by one on the last good image. `kubectl rollout history` \
lists the revisions, and `--to-revision=N` picks an older one.",
        how: &[
            "kubectl rollout undo ds/frontend",
            "kubectl rollout history ds/frontend",
        ],
        show_me: &[
            "kubectl rollout undo ds/frontend",
            "kubectl rollout history ds/frontend",
        ],
        expects: &[c("ds/frontend exists", check_created), c("It has at least two revisions", two_revisions)],
        conditions: &[
            c("The template's image can be pulled", image_works),
            c("The DaemonSet has at least two revisions", two_revisions),
            c("No pod has an image error", no_image_error),
            c("Every pod runs the current template and is Ready", ds_rolled_out),
        ],
    },
    Step {
        id: "max-surge",
        title: "Surge instead of stopping first",
        goal: "With maxSurge 1 and maxUnavailable 0, a new image is fully rolled out.",
        explain: "By default a node's old pod stops before its replacement starts, which \
leaves the node briefly without the service. With `maxSurge: 1` and `maxUnavailable: 0` the \
controller starts the new pod next to the old one and deletes the old one only after the new \
one is available, so for a moment two pods share the node. It is the safer choice for \
agents that must never be absent, as long as two copies can coexist (watch out for \
`hostPort`).",
        how: &[
            "kubectl patch ds/frontend -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}}}}'",
            "kubectl set image ds/frontend webserver=httpd:2.4",
            "kubectl get pods -o wide",
        ],
        show_me: &[
            "kubectl patch ds/frontend -p '{\"spec\":{\"updateStrategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":0}}}}'",
            "kubectl set image ds/frontend webserver=httpd:2.4",
            "kubectl get pods -o wide",
        ],
        expects: &[c("ds/frontend exists", check_created), c("Its strategy is RollingUpdate", is_rolling)],
        conditions: &[
            c("maxSurge is 1 and maxUnavailable 0", surge_strategy),
            c("A new pod started next to an old one on a node", surged),
            c("Every pod runs the new template and is Ready", ds_rolled_out),
        ],
    },
];

// ----- checks ---------------------------------------------------------------------------------

fn check_nodes(sim: &Simulation) -> bool {
    sim.nodes().any(|n| n.ready == NodeReady::True)
}

fn check_created(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME).is_some()
}

fn no_daemonset_yet(sim: &Simulation) -> bool {
    sim.daemonsets().next().is_none()
}

fn node_7_selected(sim: &Simulation) -> bool {
    let (Some(ds), Some(node)) = (sim.daemonset(DS_NAME), sim.node("10.0.10.7")) else {
        return false;
    };
    selects(ds, node)
}

fn is_rolling(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| matches!(ds.update_strategy, UpdateStrategy::RollingUpdate { .. }))
}

fn some_noexecute_taint(sim: &Simulation) -> bool {
    sim.nodes()
        .any(|n| n.taints.iter().any(|t| t.effect == TaintEffect::NoExecute))
}

fn no_node_selected(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| !sim.nodes().any(|n| selects(ds, n)))
}

fn no_frontend_pods(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| ds.status.desired_number_scheduled == 0)
        && pods_of(sim).next().is_none()
}

fn watched_empty(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| sim.now().0 - ds.created.0 >= WATCH_EMPTY_MS)
}

fn selected_nodes(sim: &Simulation) -> usize {
    sim.daemonset(DS_NAME)
        .map_or(0, |ds| sim.nodes().filter(|n| selects(ds, n)).count())
}

fn some_node_selected(sim: &Simulation) -> bool {
    selected_nodes(sim) >= 1
}

fn two_nodes_selected(sim: &Simulation) -> bool {
    selected_nodes(sim) >= 2
}

fn check_first_pod(sim: &Simulation) -> bool {
    live_pods(sim).any(is_up)
}

fn check_two_pods(sim: &Simulation) -> bool {
    let mut nodes: Vec<&str> = live_pods(sim)
        .filter(|p| is_up(p))
        .filter_map(Pod::assigned_node)
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes.len() >= 2
}

fn some_backend_node(sim: &Simulation) -> bool {
    sim.nodes()
        .any(|n| n.labels.get("app").map(String::as_str) == Some("backend"))
}

fn backend_without_pod(sim: &Simulation) -> bool {
    sim.nodes().any(|n| {
        n.labels.get("app").map(String::as_str) == Some("backend")
            && !pods_of(sim).any(|p| p.assigned_node() == Some(n.name.as_str()))
    })
}

fn is_on_delete(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| matches!(ds.update_strategy, UpdateStrategy::OnDelete))
}

fn template_changed(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| ds.template_generation >= 2)
}

fn old_pod_still_up(sim: &Simulation) -> bool {
    let Some(ds) = sim.daemonset(DS_NAME) else {
        return false;
    };
    let hash = sim.current_hash(DS_NAME).unwrap_or("");
    live_pods(sim).any(|p| is_up(p) && !is_pod_updated(p, hash, ds.template_generation))
}

fn rolling_one_at_a_time(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME).is_some_and(|ds| {
        let (_, max_unavailable) = ds
            .update_strategy
            .budgets(ds.status.desired_number_scheduled);
        matches!(ds.update_strategy, UpdateStrategy::RollingUpdate { .. }) && max_unavailable == 1
    })
}

fn template_is_httpd(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .and_then(template_image)
        .is_some_and(|i| image_repository(i) == "httpd")
}

fn ds_rolled_out(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME).is_some_and(|ds| rolled_out(sim, ds))
}

fn check_min_ready(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| ds.min_ready_seconds >= 5)
}

fn some_node_cordoned(sim: &Simulation) -> bool {
    sim.nodes().any(|n| n.unschedulable)
}

fn check_cordoned_runs(sim: &Simulation) -> bool {
    sim.nodes()
        .filter(|n| n.unschedulable)
        .any(|n| live_pods(sim).any(|p| is_up(p) && p.assigned_node() == Some(n.name.as_str())))
}

/// A node the selector picks has a NoExecute taint the template does not tolerate.
fn untolerated_taint(sim: &Simulation) -> bool {
    untolerated_taint_and(sim, |_| true)
}

fn check_tainted_away(sim: &Simulation) -> bool {
    untolerated_taint_and(sim, |n| {
        !pods_of(sim).any(|p| p.assigned_node() == Some(n.name.as_str()))
    })
}

fn untolerated_taint_and(sim: &Simulation, also: impl Fn(&Node) -> bool) -> bool {
    let Some(ds) = sim.daemonset(DS_NAME) else {
        return false;
    };
    sim.nodes().any(|n| {
        selects(ds, n)
            && n.taints.iter().any(|t| {
                t.effect == TaintEffect::NoExecute && !placement::tolerated(&ds.template, t)
            })
            && also(n)
    })
}

/// A node has a NoExecute taint that the template's own tolerations tolerate (the built-in
/// ones, not-ready and unreachable, were there all along and are not what the step teaches).
fn tolerates_a_taint(sim: &Simulation) -> bool {
    tolerated_taint_and(sim, |_| true)
}

fn check_tolerated_back(sim: &Simulation) -> bool {
    tolerated_taint_and(sim, |n| {
        live_pods(sim).any(|p| is_up(p) && p.assigned_node() == Some(n.name.as_str()))
    })
}

fn tolerated_taint_and(sim: &Simulation, also: impl Fn(&Node) -> bool) -> bool {
    let Some(ds) = sim.daemonset(DS_NAME) else {
        return false;
    };
    sim.nodes().any(|n| {
        n.taints.iter().any(|t| {
            t.effect == TaintEffect::NoExecute
                && ds.template.tolerations.iter().any(|tol| tol.tolerates(t))
        }) && also(n)
    })
}

fn some_image_error(sim: &Simulation) -> bool {
    live_pods(sim).any(has_image_error)
}

fn no_image_error(sim: &Simulation) -> bool {
    !some_image_error(sim)
}

fn not_all_updated(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| ds.status.updated_number_scheduled < ds.status.desired_number_scheduled)
}

fn image_works(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .and_then(template_image)
        .is_some_and(|i| sim.image_behavior(i).outcome != ImageOutcome::PullFails)
}

/// At least two revisions: an undo went back to something, not merely a first rollout.
fn two_revisions(sim: &Simulation) -> bool {
    sim.revisions_of(DS_NAME).len() >= 2
}

fn surge_strategy(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME).is_some_and(|ds| {
        let (max_surge, max_unavailable) = ds
            .update_strategy
            .budgets(ds.status.desired_number_scheduled);
        ds.update_strategy.allows_surge() && max_surge >= 1 && max_unavailable == 0
    })
}

fn surged(sim: &Simulation) -> bool {
    sim.daemonset(DS_NAME)
        .is_some_and(|ds| surged_on_a_node(sim, ds))
}

/// A pod of the DaemonSet's current revision shared its node with an older one for a while:
/// the older pod was stopped (the kubelet's `Killing` event) after the new one was created.
/// That is what a surge rollout does and a stop-first one never does, so the step is not done
/// by the patch alone, before a new template rolls out. Read from the pods' own events (per
/// pod, so never merged by the event correlator), with the node each was scheduled to.
pub(crate) fn surged_on_a_node(sim: &Simulation, ds: &DaemonSet) -> bool {
    let hash = sim.current_hash(&ds.name).unwrap_or("");
    let prefix = format!("{}-", ds.name);
    let mut scheduled_to = std::collections::BTreeMap::new();
    let mut stopped = Vec::new();
    for e in sim.events() {
        if e.object_kind != "Pod" || !e.object_name.starts_with(&prefix) {
            continue;
        }
        match e.reason.as_str() {
            "Scheduled" => {
                if let Some(node) = e.message.rsplit(" to ").next() {
                    scheduled_to.insert(e.object_name.as_str(), node);
                }
            }
            "Killing" => stopped.push((e.object_name.as_str(), e.first_seen)),
            _ => {}
        }
    }
    sim.pods()
        .filter(|p| {
            !p.is_terminating()
                && p.owner
                    .as_ref()
                    .is_some_and(|o| o.kind == "DaemonSet" && o.name == ds.name)
        })
        .filter(|p| is_pod_updated(p, hash, ds.template_generation))
        .any(|new| {
            let Some(node) = new.assigned_node() else {
                return false;
            };
            stopped.iter().any(|&(old, at)| {
                old != new.name && at >= new.created && scheduled_to.get(old) == Some(&node)
            })
        })
}

// ----- helpers --------------------------------------------------------------------------------

/// Every pod the tutorial's DaemonSet owns, terminating ones included.
fn pods_of(sim: &Simulation) -> impl Iterator<Item = &Pod> {
    sim.pods().filter(|p| {
        p.owner
            .as_ref()
            .is_some_and(|o| o.kind == "DaemonSet" && o.name == DS_NAME)
    })
}

/// The DaemonSet's pods that are not being deleted.
fn live_pods(sim: &Simulation) -> impl Iterator<Item = &Pod> {
    pods_of(sim).filter(|p| !p.is_terminating())
}

/// Running and Ready on a node.
fn is_up(p: &Pod) -> bool {
    p.ready && p.node_name.is_some() && !p.is_terminating()
}

fn has_image_error(p: &Pod) -> bool {
    p.container_statuses.iter().any(|c| {
        matches!(&c.state, ContainerState::Waiting { reason }
            if reason == "ErrImagePull" || reason == "ImagePullBackOff")
    })
}

/// Whether the DaemonSet's nodeSelector accepts the node (the part of placement a label
/// changes; taints are looked at separately).
fn selects(ds: &DaemonSet, n: &Node) -> bool {
    ds.template
        .node_selector
        .iter()
        .all(|(k, v)| n.labels.get(k) == Some(v))
}

fn template_image(ds: &DaemonSet) -> Option<&str> {
    ds.template.containers.first().map(|c| c.image.as_str())
}

/// `httpd` for `httpd`, `httpd:2.4` and `docker.io/library/httpd@sha256:…`.
fn image_repository(image: &str) -> &str {
    let name = image.split('@').next().unwrap_or(image);
    let last = name.rsplit('/').next().unwrap_or(name);
    last.split(':').next().unwrap_or(last)
}

/// The rollout is finished: the controller saw the latest spec, at least one node is in the
/// set, every desired pod exists on the current revision and is available, and no old pod is
/// left over.
fn rolled_out(sim: &Simulation, ds: &DaemonSet) -> bool {
    let s = &ds.status;
    let hash = sim.current_hash(&ds.name).unwrap_or("");
    let live: Vec<&Pod> = live_pods(sim).collect();
    s.observed_generation >= ds.generation
        && s.desired_number_scheduled >= 1
        && s.updated_number_scheduled == s.desired_number_scheduled
        && s.number_available == s.desired_number_scheduled
        && live.len() == s.desired_number_scheduled as usize
        && live
            .iter()
            .all(|p| is_up(p) && is_pod_updated(p, hash, ds.template_generation))
}

#[cfg(test)]
mod tests;
