//! One lane of the fleet view: its nodes as cells on a canvas.
//!
//! A canvas because 5,000 DOM cells cost the browser 20 ms of paint and 30 ms of layout each
//! time a rollout changed a few hundred of them (measured, see ARCHITECTURE.md); the same
//! cells drawn here cost a couple of milliseconds. What the canvas cannot give is given by a
//! few elements over it: the lane is a `listbox` with one `option` for its active cell
//! (`aria-activedescendant`, moved by the arrow keys: roving focus without 5,000 elements), a
//! tooltip naming the cell under the pointer, and the cell being dragged.
//!
//! The geometry (`Grid`), the key moves and the paint plan (`plan`) are plain functions, tested
//! natively; the component only measures, draws and feeds messages.

use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{
    CanvasRenderingContext2d, Element, HtmlCanvasElement, KeyboardEvent, PointerEvent,
    ResizeObserver, ResizeObserverEntry,
};
use yew::prelude::*;

use super::pointer::drag_handlers_for;
use crate::drag::DragItem;
use crate::state::{Msg, Theme};
use crate::views::{FleetCell, PhaseKind};

/// Room around the cells for the outlines of the selected and changing cells (px).
pub const PAD: f64 = 3.0;

/// Cell size and gap (px) for a density class (`components::board::fleet_density`).
fn cell_size(density: usize) -> (f64, f64) {
    match density {
        0 => (22.0, 2.0),
        1 => (14.0, 2.0),
        2 => (9.0, 1.0),
        3 => (5.0, 1.0),
        // 5,000 nodes in one lane about 470 px wide at 1440 px: 93 columns, 54 rows, 270 px,
        // what the board shows above the terminal.
        _ => (4.0, 1.0),
    }
}

/// Where a lane's cells sit: rows of `cols` cells, left to right, top to bottom.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub cell: f64,
    pub gap: f64,
    pub cols: usize,
    pub count: usize,
}

impl Grid {
    /// The grid of `count` cells in a lane `width` px wide.
    pub fn new(density: usize, width: f64, count: usize) -> Grid {
        let (cell, gap) = cell_size(density);
        let room = (width - 2.0 * PAD + gap).max(0.0);
        let cols = ((room / (cell + gap)).floor() as usize).max(1);
        Grid {
            cell,
            gap,
            cols,
            count,
        }
    }

    pub fn step(&self) -> f64 {
        self.cell + self.gap
    }

    pub fn rows(&self) -> usize {
        self.count.div_ceil(self.cols)
    }

    /// The canvas height (px) that holds every row.
    pub fn height(&self) -> f64 {
        let rows = self.rows().max(1) as f64;
        2.0 * PAD + rows * self.step() - self.gap
    }

    /// The top-left corner of cell `i`.
    pub fn origin(&self, i: usize) -> (f64, f64) {
        let (row, col) = (i / self.cols, i % self.cols);
        (
            PAD + col as f64 * self.step(),
            PAD + row as f64 * self.step(),
        )
    }

    /// The cell under a point of the canvas (a gap counts as the cell before it).
    pub fn index_at(&self, x: f64, y: f64) -> Option<usize> {
        if !(x.is_finite() && y.is_finite()) || x < PAD || y < PAD {
            return None;
        }
        let col = ((x - PAD) / self.step()).floor() as usize;
        let row = ((y - PAD) / self.step()).floor() as usize;
        let i = row.checked_mul(self.cols)?.checked_add(col)?;
        (col < self.cols && i < self.count).then_some(i)
    }

    /// Where a key moves the active cell from `from`: arrows by one cell or one row, Home and
    /// End to the ends, Page Up and Down by ten rows. `None` for other keys.
    pub fn moved(&self, from: usize, key: &str) -> Option<usize> {
        let last = self.count.checked_sub(1)?;
        let from = from.min(last);
        let page = self.cols.saturating_mul(10);
        Some(match key {
            "ArrowRight" => (from + 1).min(last),
            "ArrowLeft" => from.saturating_sub(1),
            "ArrowDown" if from + self.cols <= last => from + self.cols,
            "ArrowDown" => from,
            "ArrowUp" => from.checked_sub(self.cols).unwrap_or(from),
            "PageDown" => from.saturating_add(page).min(last),
            "PageUp" => from.saturating_sub(page),
            "Home" => 0,
            "End" => last,
            _ => return None,
        })
    }
}

/// A colour of the style sheet the canvas paints with (read from its custom properties, so
/// the canvas follows the theme).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Colour {
    /// `--rev-N`: a revision's colour slot (8: unknown).
    Rev(u8),
    Bad,
    Warn,
    Border,
    Text,
    Focus,
}

impl Colour {
    fn var(self) -> String {
        match self {
            Colour::Rev(n) => format!("--rev-{n}"),
            Colour::Bad => "--bad".into(),
            Colour::Warn => "--warn".into(),
            Colour::Border => "--border".into(),
            Colour::Text => "--text".into(),
            Colour::Focus => "--focus".into(),
        }
    }
}

/// One drawing operation of the plan: every rectangle of one colour and opacity is filled or
/// stroked in one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stroke {
    Fill,
    /// A line this many px wide along the rectangle.
    Line(u8),
    /// A diagonal line corner to corner (a NotReady node).
    Slash(u8),
    /// Two short diagonal hatches (a cordoned node).
    Hatch,
    /// A cross through the cell (a taint keeps the DaemonSet's pod off the node).
    Cross,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Paint {
    pub stroke: Stroke,
    pub colour: Colour,
    /// Opacity in percent.
    pub alpha: u8,
}

pub type Rect = (f64, f64, f64, f64);

/// What to draw for a lane's cells, grouped by paint. The shapes follow the pod tiles': no pod
/// is an empty box, Pending an outline, Creating half filled, Running solid, Not ready and
/// Terminating faded, an error in the error colour; a NotReady node is struck through, a
/// cordoned one hatched, one a taint keeps the pod off crossed; changing nodes are outlined, the selected one ringed; cells the search
/// does not match are faint.
pub fn plan(cells: &[FleetCell], grid: &Grid, selected: Option<usize>) -> Vec<(Paint, Vec<Rect>)> {
    let mut ops: BTreeMap<Paint, Vec<Rect>> = BTreeMap::new();
    let s = grid.cell;
    let mut add = |stroke, colour, alpha, r: Rect| {
        ops.entry(Paint {
            stroke,
            colour,
            alpha,
        })
        .or_default()
        .push(r);
    };
    for (i, c) in cells.iter().enumerate() {
        let (x, y) = grid.origin(i);
        let faint = |a: u8| if c.matched { a } else { 12 };
        match c.pod {
            None => add(Stroke::Line(1), Colour::Border, faint(100), (x, y, s, s)),
            Some((kind, slot)) => {
                let rev = Colour::Rev(slot.min(8) as u8);
                match kind {
                    PhaseKind::Pending => add(Stroke::Line(1), rev, faint(100), (x, y, s, s)),
                    PhaseKind::Creating => {
                        add(Stroke::Line(1), rev, faint(100), (x, y, s, s));
                        add(Stroke::Fill, rev, faint(100), (x, y + s / 2.0, s, s / 2.0));
                    }
                    PhaseKind::Error => add(Stroke::Fill, Colour::Bad, faint(100), (x, y, s, s)),
                    PhaseKind::NotReady => add(Stroke::Fill, rev, faint(60), (x, y, s, s)),
                    PhaseKind::Terminating => add(Stroke::Fill, rev, faint(30), (x, y, s, s)),
                    PhaseKind::Running | PhaseKind::Done => {
                        add(Stroke::Fill, rev, faint(100), (x, y, s, s))
                    }
                }
            }
        }
        if !c.ready {
            add(Stroke::Slash(2), Colour::Bad, faint(100), (x, y, s, s));
        }
        if c.cordoned {
            add(Stroke::Hatch, Colour::Warn, faint(100), (x, y, s, s));
        }
        if c.excluded {
            add(Stroke::Cross, Colour::Warn, faint(100), (x, y, s, s));
        }
        if c.changing && c.matched {
            add(
                Stroke::Line(1),
                Colour::Text,
                100,
                (x - 1.0, y - 1.0, s + 2.0, s + 2.0),
            );
        }
    }
    if let Some(i) = selected.filter(|&i| i < cells.len()) {
        let (x, y) = grid.origin(i);
        add(
            Stroke::Line(2),
            Colour::Focus,
            100,
            (x - 2.0, y - 2.0, s + 4.0, s + 4.0),
        );
    }
    ops.into_iter().collect()
}

/// What a cell says to a screen reader and in its tooltip.
pub fn cell_label(c: &FleetCell) -> String {
    let mut label = c.name.to_string();
    match c.pod {
        Some((kind, _)) => {
            label.push_str(", ");
            label.push_str(kind.legend());
        }
        None => label.push_str(", no pod"),
    }
    if !c.ready {
        label.push_str(", NotReady");
    }
    if c.cordoned {
        label.push_str(", cordoned");
    }
    if c.excluded {
        label.push_str(", excluded by a taint");
    }
    if c.changing {
        label.push_str(", changing now");
    }
    label
}

/// The classes that name a cell's state on the elements over the canvas (what tests and style
/// read).
fn cell_classes(c: &FleetCell) -> Classes {
    let (kind, slot) = match c.pod {
        Some((kind, slot)) => (kind.class(), Some(format!("rev-{slot}"))),
        None => ("st-none", None),
    };
    classes!(
        kind,
        slot,
        c.changing.then_some("changing"),
        (!c.ready).then_some("not-ready"),
        c.cordoned.then_some("cordoned"),
        c.excluded.then_some("excluded")
    )
}

#[derive(Properties, PartialEq)]
pub struct FleetProps {
    pub cells: Rc<Vec<FleetCell>>,
    /// The lane's index on the board (for element ids).
    pub lane: usize,
    pub lane_key: String,
    pub lane_value: Option<String>,
    pub title: AttrValue,
    pub density: usize,
    /// The selected node, if it is in this lane.
    pub selected: Option<AttrValue>,
    /// The dragged node and its offset, if it is in this lane.
    pub dragging: Option<(AttrValue, (f64, f64))>,
    /// The chosen theme: the canvas is drawn again in its colours.
    pub theme: Theme,
    pub on_msg: Callback<Msg>,
}

/// What a draw depends on (drawn again only when one of these changes).
#[derive(Clone, PartialEq)]
struct DrawInput {
    cells: Rc<Vec<FleetCell>>,
    grid: Grid,
    /// The lane's width (px), as the resize observer last measured it.
    width: f64,
    selected: Option<usize>,
    theme: Theme,
    /// Bumped when the system colour scheme changes.
    scheme: u32,
}

#[function_component(Fleet)]
pub fn fleet(props: &FleetProps) -> Html {
    let container = use_node_ref();
    let canvas = use_node_ref();
    let width = use_state_eq(|| 0.0_f64);
    let active = use_state_eq(|| 0_usize);
    let hover = use_state_eq(|| None::<usize>);
    let scheme = use_state_eq(|| 0_u32);
    let cells = &props.cells;
    let grid = Grid::new(props.density, *width, cells.len());
    let index_of = |name: &AttrValue| cells.iter().position(|c| c.name == *name);
    let selected = props.selected.as_ref().and_then(index_of);

    // The lane's width, measured by the browser after its layout (no forced layout here).
    {
        let container = container.clone();
        let set_width = width.setter();
        use_effect_with((), move |_| {
            let callback =
                Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    if let Ok(entry) = entries.get(0).dyn_into::<ResizeObserverEntry>() {
                        set_width.set(entry.content_rect().width());
                    }
                });
            let observer = ResizeObserver::new(callback.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, container.cast::<Element>()) {
                o.observe(&el);
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(callback);
            }
        });
    }
    // A change of the system's colour scheme redraws in the new colours.
    {
        let scheme = scheme.clone();
        use_effect_with((), move |_| {
            let query = web_sys::window()
                .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
            let listener = query.map(|q| {
                gloo_events::EventListener::new(&q, "change", move |_| scheme.set(*scheme + 1))
            });
            move || drop(listener)
        });
    }
    // The active cell follows the selected node (a search's Enter, a click), and stays in the lane.
    {
        let active = active.clone();
        let count = cells.len();
        use_effect_with((selected, count), move |(selected, count)| {
            if let Some(i) = selected {
                active.set(*i);
            } else if *active >= *count {
                active.set(count.saturating_sub(1));
            }
        });
    }
    // Draw when the cells, the geometry, the selection or the colours changed.
    let palette = use_mut_ref(Palette::default);
    {
        let canvas = canvas.clone();
        let input = DrawInput {
            cells: cells.clone(),
            grid,
            width: *width,
            selected,
            theme: props.theme,
            scheme: *scheme,
        };
        use_effect_with(input, move |input| {
            if let Some(canvas) = canvas.cast::<HtmlCanvasElement>() {
                draw(&canvas, input, &mut palette.borrow_mut());
            }
        });
    }

    let (down, moved, up) = {
        let (key, value) = (props.lane_key.clone(), props.lane_value.clone());
        let cells = cells.clone();
        drag_handlers_for(
            move |_: &Element, e: &PointerEvent| {
                let name = cells.get(cell_at(&grid, e)?)?.name.to_string();
                Some(DragItem::node(name, key.clone(), value.as_deref()))
            },
            props.on_msg.clone(),
        )
    };
    let onpointermove = {
        let hover = hover.clone();
        let dragging = props.dragging.is_some();
        Callback::from(move |e: PointerEvent| {
            hover.set(if dragging || e.buttons() != 0 {
                None
            } else {
                cell_at(&grid, &e)
            });
            moved.emit(e);
        })
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    let onkeydown = {
        let active = active.clone();
        let hover = hover.clone();
        let on_msg = props.on_msg.clone();
        let cells = cells.clone();
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" || key == " " {
                if let Some(c) = cells.get(*active) {
                    e.prevent_default();
                    on_msg.emit(Msg::SelectNode(Some(c.name.to_string())));
                }
                return;
            }
            if let Some(next) = grid.moved(*active, &key) {
                e.prevent_default();
                hover.set(None);
                active.set(next);
            }
        })
    };

    let id = format!("fleet-{}-active", props.lane);
    let active_cell = cells.get((*active).min(cells.len().saturating_sub(1)));
    let at = |i: usize, extra: &str| {
        let (x, y) = grid.origin(i);
        format!(
            "left: {x}px; top: {y}px; width: {s}px; height: {s}px;{extra}",
            s = grid.cell
        )
    };
    let changing = cells.iter().filter(|c| c.changing).count();
    let dragged = props
        .dragging
        .as_ref()
        .and_then(|(name, offset)| Some((index_of(name)?, *offset)));
    html! {
        <div ref={container.clone()} class="fleet" role="listbox" aria-label={format!("Nodes in lane {}", props.title)}
            tabindex={(!cells.is_empty()).then_some("0")}
            aria-activedescendant={active_cell.map(|_| id.clone())}
            data-testid="fleet" data-count={cells.len().to_string()} data-cols={grid.cols.to_string()}
            data-step={grid.step().to_string()} data-pad={PAD.to_string()} data-changing={changing.to_string()}
            data-active-node={active_cell.map(|c| c.name.clone())}
            onpointerdown={down} {onpointermove} onpointerup={up} {onpointerleave} {onkeydown}>
            <canvas ref={canvas} data-drag="node" aria-hidden="true"
                style={format!("width: {}px; height: {}px", (*width).max(0.0), grid.height())}></canvas>
            if let Some(c) = active_cell {
                <div id={id} class={classes!("fleet-active", cell_classes(c))} role="option"
                    aria-selected={(Some(*active) == selected).to_string()} aria-label={cell_label(c)}
                    aria-posinset={(*active + 1).to_string()} aria-setsize={cells.len().to_string()}
                    data-testid="fleet-cell" data-node={c.name.clone()} data-idx={active.to_string()}
                    style={at(*active, "")}></div>
            }
            if let Some(c) = (*hover).and_then(|i| cells.get(i).map(|c| (i, c))) {
                <div class="fleet-tip" role="tooltip" data-testid="fleet-hover" data-node={c.1.name.clone()}
                    style={tip_style(&grid, c.0, *width)}>{ cell_label(c.1) }</div>
            }
            if let Some((i, (dx, dy))) = dragged {
                <div class={classes!("fleet-ghost", "dragging", cell_classes(&cells[i]))} aria-hidden="true"
                    style={at(i, &format!(" transform: translate({dx}px, {dy}px)"))}></div>
            }
            if cells.is_empty() {
                <p class="lane-empty">{ "Drop a node here" }</p>
            }
        </div>
    }
}

/// The cell under the pointer, when it is over the canvas.
fn cell_at(grid: &Grid, e: &PointerEvent) -> Option<usize> {
    e.target()?.dyn_into::<HtmlCanvasElement>().ok()?;
    grid.index_at(f64::from(e.offset_x()), f64::from(e.offset_y()))
}

/// The tooltip above the cell (below it on the first row), kept inside the lane.
fn tip_style(grid: &Grid, i: usize, width: f64) -> String {
    let (x, y) = grid.origin(i);
    let left = x.min((width - 180.0).max(0.0));
    if i < grid.cols {
        format!("left: {left}px; top: {}px", y + grid.cell + 4.0)
    } else {
        format!("left: {left}px; bottom: calc(100% - {}px)", y - 4.0)
    }
}

/// The style sheet's colours as last read, and for which theme (reading them is a style
/// computation: once per theme, not once per frame).
#[derive(Default)]
struct Palette {
    theme: Option<(Theme, u32)>,
    colours: BTreeMap<Colour, String>,
}

/// Draws the plan on the canvas, sized for the device's pixels.
fn draw(canvas: &HtmlCanvasElement, input: &DrawInput, palette: &mut Palette) {
    let Some(window) = web_sys::window() else {
        return;
    };
    // The observed width, not the element's: reading a size here would force a layout.
    let css_width = input.width;
    let css_height = input.grid.height();
    if css_width <= 0.0 {
        return;
    }
    let dpr = window.device_pixel_ratio().clamp(1.0, 4.0);
    let (w, h) = (
        (css_width * dpr).round() as u32,
        (css_height * dpr).round() as u32,
    );
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    let Some(ctx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, css_width, css_height);
    if palette.theme != Some((input.theme, input.scheme)) {
        palette.theme = Some((input.theme, input.scheme));
        palette.colours.clear();
    }
    let style = std::cell::OnceCell::new();
    let mut colour = |c: Colour| -> String {
        palette
            .colours
            .entry(c)
            .or_insert_with(|| {
                style
                    .get_or_init(|| window.get_computed_style(canvas).ok().flatten())
                    .as_ref()
                    .and_then(|s: &web_sys::CssStyleDeclaration| {
                        s.get_property_value(&c.var()).ok()
                    })
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "#888".into())
            })
            .clone()
    };
    for (paint, rects) in plan(&input.cells, &input.grid, input.selected) {
        let c = colour(paint.colour);
        ctx.set_global_alpha(f64::from(paint.alpha) / 100.0);
        ctx.begin_path();
        match paint.stroke {
            Stroke::Fill => {
                for (x, y, w, h) in &rects {
                    ctx.rect(*x, *y, *w, *h);
                }
                ctx.set_fill_style_str(&c);
                ctx.fill();
            }
            Stroke::Line(width) => {
                let half = f64::from(width) / 2.0;
                for (x, y, w, h) in &rects {
                    ctx.rect(x + half, y + half, w - 2.0 * half, h - 2.0 * half);
                }
                ctx.set_line_width(f64::from(width));
                ctx.set_stroke_style_str(&c);
                ctx.stroke();
            }
            Stroke::Slash(width) => {
                for (x, y, w, h) in &rects {
                    ctx.move_to(*x, y + h);
                    ctx.line_to(x + w, *y);
                }
                ctx.set_line_width(f64::from(width));
                ctx.set_stroke_style_str(&c);
                ctx.stroke();
            }
            Stroke::Cross => {
                for (x, y, w, h) in &rects {
                    let (i, j) = (w * 0.2, h * 0.2);
                    ctx.move_to(x + i, y + j);
                    ctx.line_to(x + w - i, y + h - j);
                    ctx.move_to(x + w - i, y + j);
                    ctx.line_to(x + i, y + h - j);
                }
                ctx.set_line_width(1.5);
                ctx.set_stroke_style_str(&c);
                ctx.stroke();
            }
            Stroke::Hatch => {
                for (x, y, w, h) in &rects {
                    for t in [0.35, 0.7] {
                        ctx.move_to(*x, y + h * t);
                        ctx.line_to(x + w * t, *y);
                    }
                }
                ctx.set_line_width(1.0);
                ctx.set_stroke_style_str(&c);
                ctx.stroke();
            }
        }
    }
    ctx.set_global_alpha(1.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(name: &str, pod: Option<(PhaseKind, usize)>) -> FleetCell {
        FleetCell {
            name: name.to_string().into(),
            pod,
            changing: false,
            matched: true,
            ready: true,
            cordoned: false,
            excluded: false,
        }
    }

    #[test]
    fn cells_fill_the_width_in_rows_and_a_point_finds_its_cell() {
        // 5 px cells and 1 px gaps: (200 - 6 + 1) / 6 = 32 columns.
        let g = Grid::new(3, 200.0, 5000);
        assert_eq!(g.cols, 32);
        assert_eq!(g.rows(), 157);
        assert_eq!(g.height(), 2.0 * PAD + 157.0 * 6.0 - 1.0);
        assert_eq!(g.origin(33), (PAD + 6.0, PAD + 6.0));
        assert_eq!(g.index_at(PAD + 6.5, PAD + 6.5), Some(33));
        assert_eq!(g.index_at(PAD + 0.5, PAD + 0.5), Some(0));
        assert_eq!(g.index_at(1.0, 10.0), None, "left of the first column");
        let right = PAD + 32.0 * 6.0 + 1.0;
        assert_eq!(g.index_at(right, 10.0), None, "right of the last column");
        assert_eq!(
            g.index_at(10.0, g.height() + 10.0),
            None,
            "below the last row"
        );
        assert_eq!(g.index_at(f64::NAN, 10.0), None);
        // A lane too narrow for one cell still has one column.
        assert_eq!(Grid::new(0, 5.0, 3).cols, 1);
    }

    #[test]
    fn keys_move_by_a_cell_a_row_a_page_and_to_the_ends() {
        let g = Grid::new(3, 200.0, 100); // 32 columns
        assert_eq!(g.moved(0, "ArrowRight"), Some(1));
        assert_eq!(g.moved(0, "ArrowLeft"), Some(0));
        assert_eq!(g.moved(3, "ArrowDown"), Some(35));
        assert_eq!(g.moved(80, "ArrowDown"), Some(80), "no row below");
        assert_eq!(g.moved(35, "ArrowUp"), Some(3));
        assert_eq!(g.moved(3, "ArrowUp"), Some(3));
        assert_eq!(g.moved(5, "End"), Some(99));
        assert_eq!(g.moved(99, "ArrowRight"), Some(99));
        assert_eq!(g.moved(50, "Home"), Some(0));
        assert_eq!(g.moved(0, "PageDown"), Some(99));
        assert_eq!(
            g.moved(500, "ArrowLeft"),
            Some(98),
            "an index past the end is clamped"
        );
        assert_eq!(g.moved(0, "a"), None);
        assert_eq!(Grid::new(3, 200.0, 0).moved(0, "ArrowRight"), None);
    }

    #[test]
    fn the_plan_draws_each_phase_its_own_way_in_few_operations() {
        let mut cells = vec![
            cell("a", None),
            cell("b", Some((PhaseKind::Pending, 0))),
            cell("c", Some((PhaseKind::Creating, 1))),
            cell("d", Some((PhaseKind::Running, 1))),
            cell("e", Some((PhaseKind::Terminating, 0))),
            cell("f", Some((PhaseKind::Error, 1))),
        ];
        cells[5].ready = false;
        cells[4].cordoned = true;
        cells[0].excluded = true;
        cells[2].changing = true;
        cells[3].matched = false;
        let g = Grid::new(0, 400.0, cells.len());
        let ops = plan(&cells, &g, Some(3));
        let find = |stroke, colour, alpha| {
            ops.iter()
                .find(|(p, _)| {
                    *p == Paint {
                        stroke,
                        colour,
                        alpha,
                    }
                })
                .map(|(_, r)| r.clone())
                .unwrap_or_default()
        };
        let s = g.cell;
        let (x, y) = g.origin(2);
        // One rectangle in each of these paints.
        for (stroke, colour, alpha, what) in [
            (Stroke::Line(1), Colour::Border, 100, "no pod: a box"),
            (Stroke::Line(1), Colour::Rev(0), 100, "pending: an outline"),
            (Stroke::Fill, Colour::Rev(1), 12, "unmatched: faint"),
            (Stroke::Fill, Colour::Rev(0), 30, "terminating: faded"),
            (Stroke::Fill, Colour::Bad, 100, "error colour"),
            (Stroke::Slash(2), Colour::Bad, 100, "NotReady node"),
            (Stroke::Hatch, Colour::Warn, 100, "cordoned node"),
            (Stroke::Cross, Colour::Warn, 100, "excluded by a taint"),
            (Stroke::Line(1), Colour::Text, 100, "changing"),
            (Stroke::Line(2), Colour::Focus, 100, "selected"),
        ] {
            assert_eq!(find(stroke, colour, alpha).len(), 1, "{what}");
        }
        assert_eq!(
            find(Stroke::Fill, Colour::Rev(1), 100),
            vec![(x, y + s / 2.0, s, s / 2.0)],
            "creating: half filled"
        );
        // 5,000 cells of two kinds are still a handful of operations.
        let many: Vec<FleetCell> = (0..5000)
            .map(|i| cell("n", Some((PhaseKind::Running, i % 2))))
            .collect();
        assert_eq!(plan(&many, &Grid::new(3, 600.0, 5000), None).len(), 2);
    }

    #[test]
    fn a_cell_names_its_node_and_state() {
        let mut c = cell("node-7", Some((PhaseKind::Creating, 2)));
        c.changing = true;
        c.cordoned = true;
        assert_eq!(cell_label(&c), "node-7, Creating, cordoned, changing now");
        let mut c = cell("node-8", None);
        c.ready = false;
        assert_eq!(cell_label(&c), "node-8, no pod, NotReady");
    }
}
