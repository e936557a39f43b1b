//! A pod tile: its DaemonSet's letter and hue, its revision's colour, and a shape and motion
//! for its phase (see the board's legend). A button: it opens the pod's panel.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::Msg;
use crate::views::{revision_slot, PodView};

#[derive(Properties, PartialEq)]
pub struct PodTileProps {
    pub pod: Rc<PodView>,
    pub selected: bool,
    pub on_msg: Callback<Msg>,
}

/// What a screen reader says of a tile, and its tooltip.
pub fn tile_label(p: &PodView) -> String {
    let revision = p.revision.map_or_else(
        || "unknown revision".to_string(),
        |r| format!("revision {r}"),
    );
    let restarts = match p.restarts {
        0 => String::new(),
        1 => ", 1 restart".to_string(),
        n => format!(", {n} restarts"),
    };
    format!(
        "Pod {} of ds/{}: {}{}, {revision}, image {}",
        p.name, p.owner, p.status, restarts, p.image
    )
}

#[function_component(PodTile)]
pub fn pod_tile(props: &PodTileProps) -> Html {
    let p = &props.pod;
    let class = classes!(
        "pod",
        p.phase.class(),
        format!("rev-{}", revision_slot(p.revision)),
        format!("ds-{}", p.mark.hue),
        props.selected.then_some("selected")
    );
    let revision = p.revision.map(|r| r.to_string()).unwrap_or_default();
    let label = tile_label(p);
    let onclick = {
        let (on_msg, name) = (props.on_msg.clone(), p.name.clone());
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_msg.emit(Msg::SelectPod(Some(name.clone())));
        })
    };
    html! {
        <button {class} type="button" aria-label={label.clone()} title={label} {onclick}
            aria-haspopup="dialog" aria-pressed={props.selected.to_string()}
            data-testid="pod-tile" data-pod={p.name.clone()} data-node={p.node.clone()} data-ds={p.owner.clone()}
            data-phase={p.status.clone()} data-revision={revision}>
            <span class="pod-letter" aria-hidden="true">{ p.mark.letter }</span>
        </button>
    }
}
