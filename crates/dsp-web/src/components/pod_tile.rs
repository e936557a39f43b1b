//! A pod tile: a small square whose look follows the pod's kubectl STATUS and revision.

use std::rc::Rc;

use yew::prelude::*;

use crate::views::{revision_slot, PodView};

#[derive(Properties, PartialEq)]
pub struct PodTileProps {
    pub pod: Rc<PodView>,
}

/// CSS class for a kubectl STATUS value (errors share one unmistakable style).
pub fn status_class(status: &str) -> &'static str {
    match status {
        "Running" => "st-running",
        "Pending" => "st-pending",
        "ContainerCreating" => "st-creating",
        "Terminating" => "st-terminating",
        "ErrImagePull" | "ImagePullBackOff" | "CrashLoopBackOff" | "Error" | "Failed" => "st-error",
        "Completed" | "Succeeded" => "st-done",
        _ => "st-other",
    }
}

#[function_component(PodTile)]
pub fn pod_tile(props: &PodTileProps) -> Html {
    let p = &props.pod;
    let class = classes!(
        "pod",
        status_class(&p.status),
        format!("rev-{}", revision_slot(p.revision)),
        (!p.ready && p.status == "Running").then_some("not-ready")
    );
    let revision = p.revision.map(|r| r.to_string()).unwrap_or_default();
    let title = format!(
        "{} — {}{} — image {} — revision {}",
        p.name,
        p.status,
        if p.restarts > 0 {
            format!(", {} restarts", p.restarts)
        } else {
            String::new()
        },
        p.image,
        if revision.is_empty() { "?" } else { &revision }
    );
    html! {
        <span {class} role="img" aria-label={title.clone()} {title}
            data-testid="pod-tile" data-pod={p.name.clone()} data-node={p.node.clone()}
            data-phase={p.status.clone()} data-revision={revision.clone()}>
            <span class="pod-rev" aria-hidden="true">{ revision }</span>
        </span>
    }
}
