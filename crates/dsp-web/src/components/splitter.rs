//! Handles that resize the page's regions: drag them, or focus one and use the arrow keys.
//! The sizes are purely visual, so they live in CSS custom properties on the layout element
//! (`--editor-w`, `--cluster-w`, `--term-h`), not in the app's state.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

/// Which edge a handle moves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Edge {
    /// The editor column's right edge.
    EditorWidth,
    /// The cluster column's left edge.
    ClusterWidth,
    /// The terminal's top edge.
    TerminalHeight,
}

impl Edge {
    fn var(self) -> &'static str {
        match self {
            Edge::EditorWidth => "--editor-w",
            Edge::ClusterWidth => "--cluster-w",
            Edge::TerminalHeight => "--term-h",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Edge::EditorWidth => "Resize the editor (left and right arrow keys)",
            Edge::ClusterWidth => "Resize the cluster panel (left and right arrow keys)",
            Edge::TerminalHeight => "Resize the terminal (up and down arrow keys)",
        }
    }

    fn vertical(self) -> bool {
        !matches!(self, Edge::TerminalHeight)
    }
}

/// The new size in pixels for a pointer at (x, y), clamped to sensible bounds.
pub fn size_for(edge: Edge, layout: (f64, f64, f64, f64), x: f64, y: f64) -> f64 {
    let (left, top, width, height) = layout;
    let (size, min, max) = match edge {
        Edge::EditorWidth => (x - left, 220.0, width * 0.6),
        Edge::ClusterWidth => (left + width - x, 200.0, width * 0.5),
        Edge::TerminalHeight => (top + height - y, 100.0, height * 0.8),
    };
    size.clamp(min, max.max(min))
}

fn layout_of(el: &Element) -> Option<HtmlElement> {
    el.closest(".layout")
        .ok()
        .flatten()?
        .dyn_into::<HtmlElement>()
        .ok()
}

fn rect(el: &HtmlElement) -> (f64, f64, f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left(), r.top(), r.width(), r.height())
}

fn current_size(edge: Edge, layout: &HtmlElement) -> f64 {
    let selector = match edge {
        Edge::EditorWidth => ".editor-pane",
        Edge::ClusterWidth => ".cluster-pane",
        Edge::TerminalHeight => ".terminal-pane",
    };
    layout
        .query_selector(selector)
        .ok()
        .flatten()
        .map(|p| {
            let r = p.get_bounding_client_rect();
            if edge.vertical() {
                r.width()
            } else {
                r.height()
            }
        })
        .unwrap_or(300.0)
}

fn set(layout: &HtmlElement, edge: Edge, px: f64) {
    let _ = layout
        .style()
        .set_property(edge.var(), &format!("{px:.0}px"));
}

#[derive(Properties, PartialEq)]
pub struct SplitterProps {
    pub edge: Edge,
}

#[function_component(Splitter)]
pub fn splitter(props: &SplitterProps) -> Html {
    let edge = props.edge;
    let dragging = use_state(|| false);
    let down = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            e.prevent_default();
            dragging.set(true);
        })
    };
    let moved = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if !*dragging {
                return;
            }
            let Some(layout) = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .and_then(|t| layout_of(&t))
            else {
                return;
            };
            let px = size_for(
                edge,
                rect(&layout),
                e.client_x() as f64,
                e.client_y() as f64,
            );
            set(&layout, edge, px);
        })
    };
    let up = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(false))
    };
    let key = Callback::from(move |e: KeyboardEvent| {
        let step = if e.shift_key() { 64.0 } else { 16.0 };
        let delta = match (edge, e.key().as_str()) {
            (Edge::EditorWidth, "ArrowRight")
            | (Edge::ClusterWidth, "ArrowLeft")
            | (Edge::TerminalHeight, "ArrowUp") => step,
            (Edge::EditorWidth, "ArrowLeft")
            | (Edge::ClusterWidth, "ArrowRight")
            | (Edge::TerminalHeight, "ArrowDown") => -step,
            _ => return,
        };
        e.prevent_default();
        let Some(layout) = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| layout_of(&t))
        else {
            return;
        };
        let (_, _, w, h) = rect(&layout);
        let (min, max) = match edge {
            Edge::EditorWidth => (220.0, w * 0.6),
            Edge::ClusterWidth => (200.0, w * 0.5),
            Edge::TerminalHeight => (100.0, h * 0.8),
        };
        let px = (current_size(edge, &layout) + delta).clamp(min, max.max(min));
        set(&layout, edge, px);
    });
    let class = classes!(
        "splitter",
        if edge.vertical() {
            "splitter-v"
        } else {
            "splitter-h"
        },
        match edge {
            Edge::EditorWidth => "splitter-editor",
            Edge::ClusterWidth => "splitter-cluster",
            Edge::TerminalHeight => "splitter-terminal",
        },
        dragging.then_some("active")
    );
    html! {
        <div {class} role="separator" tabindex="0" aria-label={edge.label()}
            aria-orientation={if edge.vertical() { "vertical" } else { "horizontal" }}
            onpointerdown={down} onpointermove={moved} onpointerup={up.clone()} onpointercancel={up}
            onkeydown={key}></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_the_pointer_within_bounds() {
        let layout = (0.0, 50.0, 1400.0, 800.0);
        assert_eq!(size_for(Edge::EditorWidth, layout, 400.0, 0.0), 400.0);
        assert_eq!(size_for(Edge::EditorWidth, layout, 10.0, 0.0), 220.0);
        assert_eq!(size_for(Edge::EditorWidth, layout, 1300.0, 0.0), 840.0);
        assert_eq!(size_for(Edge::ClusterWidth, layout, 1000.0, 0.0), 400.0);
        assert_eq!(size_for(Edge::TerminalHeight, layout, 0.0, 550.0), 300.0);
    }
}
