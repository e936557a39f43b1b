//! DOM side of dragging: pointer capture, and reading which drop target is under the pointer.
//! The decisions live in the pure state machine (`crate::drag`); this only feeds it. A cancelled
//! pointer or a lost capture reaches the machine from the app's document listeners (`lib.rs`).

use wasm_bindgen::JsCast;
use web_sys::{Element, PointerEvent};
use yew::prelude::*;

use crate::drag::{DragItem, DropTarget, LaneRef};
use crate::state::Msg;

/// The drop target under a viewport point, from the `data-drop` attributes of the page.
pub fn drop_target_at(x: f64, y: f64) -> Option<DropTarget> {
    let document = web_sys::window()?.document()?;
    // The dragged card follows the pointer, so it is on top: look through it (and anything
    // inside it) to what lies underneath.
    let hits = document.elements_from_point(x as f32, y as f32);
    hits.iter()
        .filter_map(|h| h.dyn_into::<Element>().ok())
        .filter(|h| h.closest(".dragging").ok().flatten().is_none())
        .find_map(|h| h.closest("[data-drop]").ok().flatten())
        .and_then(|el| read_target(&el, y))
}

fn read_target(el: &Element, y: f64) -> Option<DropTarget> {
    match el.get_attribute("data-drop")?.as_str() {
        "lane" => {
            let key = el.get_attribute("data-lane-key")?;
            let value = el
                .get_attribute("data-lane-value")
                .filter(|_| el.get_attribute("data-lane-none").is_none());
            Some(DropTarget::Lane { key, value })
        }
        "node" => {
            let name = el.get_attribute("data-node")?;
            let rect = el.get_bounding_client_rect();
            let before = y < rect.top() + rect.height() / 2.0;
            let lane = el
                .closest("[data-drop=\"lane\"]")
                .ok()
                .flatten()
                .and_then(|l| lane_of(&l));
            Some(DropTarget::NodeCard { name, before, lane })
        }
        "palette" => Some(DropTarget::Palette),
        "board" => Some(DropTarget::Board),
        _ => None,
    }
}

fn lane_of(el: &Element) -> Option<LaneRef> {
    let key = el.get_attribute("data-lane-key")?;
    let value = el
        .get_attribute("data-lane-value")
        .filter(|_| el.get_attribute("data-lane-none").is_none());
    Some(LaneRef { key, value })
}

/// The three pointer handlers of a draggable.
pub type DragHandlers = (
    Callback<PointerEvent>,
    Callback<PointerEvent>,
    Callback<PointerEvent>,
);

/// Pointer handlers (down, move, up) for something draggable. Primary button (or touch/pen
/// contact) only.
pub fn drag_handlers(item: DragItem, on_msg: Callback<Msg>) -> DragHandlers {
    drag_handlers_for(move |_, _| Some(item.clone()), on_msg)
}

/// Pointer handlers for a container of draggables (the fleet view's canvas): `item_of` names
/// the item from the `[data-drag]` element pressed and the press (where on it), so thousands
/// of cells share one set.
pub fn drag_handlers_for(
    item_of: impl Fn(&Element, &PointerEvent) -> Option<DragItem> + 'static,
    on_msg: Callback<Msg>,
) -> DragHandlers {
    let down = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 || !e.is_primary() {
                return;
            }
            let Some(target) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            // Buttons inside a draggable (a chip's ×, a pod tile) keep their clicks.
            if target
                .closest("button, input, select, a")
                .ok()
                .flatten()
                .is_some()
            {
                return;
            }
            // Yew delegates events from its root, so `current_target` is not the draggable:
            // capture on the nearest `[data-drag]` element, so moves keep arriving at it.
            let Some(el) = target.closest("[data-drag]").ok().flatten() else {
                return;
            };
            let Some(item) = item_of(&el, &e) else {
                return;
            };
            let _ = el.set_pointer_capture(e.pointer_id());
            e.stop_propagation();
            on_msg.emit(Msg::PointerDown {
                pointer_id: e.pointer_id(),
                item,
                x: e.client_x() as f64,
                y: e.client_y() as f64,
            });
        })
    };
    let moved = {
        let on_msg = on_msg.clone();
        Callback::from(move |e: PointerEvent| {
            let (x, y) = (e.client_x() as f64, e.client_y() as f64);
            on_msg.emit(Msg::PointerMove {
                pointer_id: e.pointer_id(),
                x,
                y,
                over: drop_target_at(x, y),
            });
        })
    };
    let up = Callback::from(move |e: PointerEvent| {
        let (x, y) = (e.client_x() as f64, e.client_y() as f64);
        on_msg.emit(Msg::PointerUp {
            pointer_id: e.pointer_id(),
            over: drop_target_at(x, y),
        });
    });
    (down, moved, up)
}
