//! Dragging on the node board as a pure state machine (after tldraw's select tool).
//!
//! The DOM side feeds pointer input in — `pointer_down`, `pointer_move` with the drop target
//! under the pointer, `pointer_up`, `pointer_cancel` (`pointercancel`, `lostpointercapture`),
//! `cancel` (Escape) — and gets back a [`DropOutcome`] that says what
//! the gesture meant (relabel a node, reorder it, add or remove a label, or a plain click).
//! Nothing here touches the DOM or the cluster, so every gesture is unit-tested natively with
//! synthetic pointer sequences. The caller turns an outcome into the kubectl command it stands
//! for (architecture invariant 5).
//!
//! Invariants:
//! - one drag at a time: while a pointer is pressed or dragging, other pointer ids are ignored;
//! - a press becomes a drag only after the pointer travelled [`DRAG_THRESHOLD_PX`]; a release
//!   before that is a click, never a drop;
//! - a node dropped on its own lane is a reorder or nothing, never a relabel.

/// How far (CSS pixels, Euclidean) a pressed pointer must travel before the press is a drag.
/// Below it, jitter of a mouse click or a finger tap stays a click.
pub const DRAG_THRESHOLD_PX: f64 = 4.0;

/// A viewport position in CSS pixels (`clientX`, `clientY`).
pub type Point = (f64, f64);

/// One lane of the board: the nodes whose label `key` has `value` (`None`: the label is absent).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LaneRef {
    pub key: String,
    pub value: Option<String>,
}

impl LaneRef {
    pub fn new(key: impl Into<String>, value: Option<&str>) -> Self {
        LaneRef {
            key: key.into(),
            value: value.map(str::to_string),
        }
    }
}

/// What is being dragged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DragItem {
    /// A node card. `lane` is the lane the card sits in now (`None` when the board is not
    /// grouped); it is what makes "dropped on its own lane" recognisable without the cluster.
    Node { name: String, lane: Option<LaneRef> },
    /// A label chip: from the palette (`from_node: None`) or shown on a node.
    LabelChip {
        key: String,
        value: String,
        from_node: Option<String>,
    },
}

impl DragItem {
    /// A node card sitting in lane `key`=`value` (`value: None` for the "no value" lane).
    pub fn node(name: impl Into<String>, key: impl Into<String>, value: Option<&str>) -> Self {
        DragItem::Node {
            name: name.into(),
            lane: Some(LaneRef::new(key, value)),
        }
    }

    /// The node name, for a node item.
    pub fn node_name(&self) -> Option<&str> {
        match self {
            DragItem::Node { name, .. } => Some(name),
            DragItem::LabelChip { .. } => None,
        }
    }
}

/// What the pointer is over, as the DOM side reads it from `data-drop` attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DropTarget {
    /// The background of a lane.
    Lane { key: String, value: Option<String> },
    /// A node card; `before` is true over its upper half. `lane` is the lane that card sits in.
    NodeCard {
        name: String,
        before: bool,
        lane: Option<LaneRef>,
    },
    /// The label palette.
    Palette,
    /// The board outside any lane or card.
    Board,
}

/// What a finished gesture means. The caller maps each to one kubectl command (or a UI-only
/// reorder, or selection for a click).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DropOutcome {
    /// `kubectl label node NODE KEY=VALUE --overwrite` (or `KEY-` when `value` is `None`).
    /// `anchor` says where in the new lane the card was dropped, when it was dropped on a card.
    MoveNodeToLane {
        node: String,
        key: String,
        value: Option<String>,
        anchor: Option<Anchor>,
    },
    /// Within its lane: place `node` just before (or after) `anchor`. No cluster change.
    ReorderNode {
        node: String,
        anchor: String,
        before: bool,
    },
    /// `kubectl label node NODE KEY=VALUE --overwrite`.
    AddLabel {
        node: String,
        key: String,
        value: String,
    },
    /// `kubectl label node NODE KEY-`.
    RemoveLabel { node: String, key: String },
    /// Pressed and released without travelling the threshold.
    Click(DragItem),
    /// Released where it means nothing (outside any target, on itself, on its own lane).
    Cancelled,
}

/// A place next to another node card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anchor {
    pub node: String,
    pub before: bool,
}

/// The drag gesture in progress.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum DragState {
    #[default]
    Idle,
    /// Pointer down on an item, not yet past the threshold.
    Pressed {
        item: DragItem,
        origin: Point,
        pointer_id: i32,
    },
    /// Past the threshold: the item follows the pointer.
    Dragging {
        item: DragItem,
        origin: Point,
        current: Point,
        pointer_id: i32,
        over: Option<DropTarget>,
    },
}

impl DragState {
    /// A pointer went down on `item`. Ignored while another gesture is active (a second finger,
    /// a pen next to a mouse) or when the position is not a finite number.
    pub fn pointer_down(&mut self, pointer_id: i32, item: DragItem, pos: Point) {
        if self.is_active() || !finite(pos) {
            return;
        }
        *self = DragState::Pressed {
            item,
            origin: pos,
            pointer_id,
        };
    }

    /// The pointer moved to `pos`, over `over`. A press turns into a drag once it has travelled
    /// the threshold; after that it stays a drag even when the pointer comes back.
    pub fn pointer_move(&mut self, pointer_id: i32, pos: Point, over: Option<DropTarget>) {
        if self.active_pointer() != Some(pointer_id) || !finite(pos) {
            return;
        }
        let next = match std::mem::take(self) {
            DragState::Pressed {
                item,
                origin,
                pointer_id,
            } if past_threshold(origin, pos) => DragState::Dragging {
                item,
                origin,
                current: pos,
                pointer_id,
                over,
            },
            pressed @ DragState::Pressed { .. } => pressed,
            DragState::Dragging {
                item,
                origin,
                pointer_id,
                ..
            } => DragState::Dragging {
                item,
                origin,
                current: pos,
                pointer_id,
                over,
            },
            DragState::Idle => DragState::Idle,
        };
        *self = next;
    }

    /// The pointer was released over `over`. Returns what the gesture meant, or `None` when this
    /// pointer had no gesture (then nothing changes).
    pub fn pointer_up(&mut self, pointer_id: i32, over: Option<DropTarget>) -> Option<DropOutcome> {
        if self.active_pointer() != Some(pointer_id) {
            return None;
        }
        match std::mem::take(self) {
            DragState::Idle => None,
            DragState::Pressed { item, .. } => Some(DropOutcome::Click(item)),
            DragState::Dragging { item, .. } => Some(resolve_drop(&item, over.as_ref())),
        }
    }

    /// Escape: drop the gesture, change nothing.
    pub fn cancel(&mut self) {
        *self = DragState::Idle;
    }

    /// `pointercancel` / `lostpointercapture` for one pointer: cancels only that pointer's
    /// gesture (no drop, no click), so a second finger lifting off cannot cancel the first
    /// finger's drag. Browsers report the capture lost right after every `pointerup` too; the
    /// gesture is over by then, so that changes nothing.
    pub fn pointer_cancel(&mut self, pointer_id: i32) {
        if self.active_pointer() == Some(pointer_id) {
            self.cancel();
        }
    }

    /// A gesture (pressed or dragging) is in progress.
    pub fn is_active(&self) -> bool {
        !matches!(self, DragState::Idle)
    }

    /// The pointer that owns the gesture in progress.
    pub fn active_pointer(&self) -> Option<i32> {
        match self {
            DragState::Idle => None,
            DragState::Pressed { pointer_id, .. } | DragState::Dragging { pointer_id, .. } => {
                Some(*pointer_id)
            }
        }
    }

    /// How far the dragged item has moved from where it was picked up (for `translate`).
    pub fn offset(&self) -> Point {
        match self {
            DragState::Dragging {
                origin, current, ..
            } => (current.0 - origin.0, current.1 - origin.1),
            _ => (0.0, 0.0),
        }
    }
}

/// The meaning of dropping `item` on `over` (`None`: outside any drop target).
pub fn resolve_drop(item: &DragItem, over: Option<&DropTarget>) -> DropOutcome {
    match item {
        DragItem::Node { name, lane } => resolve_node_drop(name, lane.as_ref(), over),
        DragItem::LabelChip {
            key,
            value,
            from_node,
        } => resolve_chip_drop(key, value, from_node.as_deref(), over),
    }
}

fn resolve_node_drop(node: &str, home: Option<&LaneRef>, over: Option<&DropTarget>) -> DropOutcome {
    match over {
        Some(DropTarget::Lane { key, value }) => {
            let target = LaneRef {
                key: key.clone(),
                value: value.clone(),
            };
            if home == Some(&target) {
                // Its own lane's background: the card goes back where it was.
                DropOutcome::Cancelled
            } else {
                DropOutcome::MoveNodeToLane {
                    node: node.to_string(),
                    key: target.key,
                    value: target.value,
                    anchor: None,
                }
            }
        }
        Some(DropTarget::NodeCard { name, before, lane }) => {
            if name == node {
                return DropOutcome::Cancelled;
            }
            match lane {
                // A card in another lane: relabel into that lane, next to that card.
                Some(target) if home != Some(target) => DropOutcome::MoveNodeToLane {
                    node: node.to_string(),
                    key: target.key.clone(),
                    value: target.value.clone(),
                    anchor: Some(Anchor {
                        node: name.clone(),
                        before: *before,
                    }),
                },
                // Same lane (or an ungrouped board): only the order changes.
                _ => DropOutcome::ReorderNode {
                    node: node.to_string(),
                    anchor: name.clone(),
                    before: *before,
                },
            }
        }
        Some(DropTarget::Palette) | Some(DropTarget::Board) | None => DropOutcome::Cancelled,
    }
}

fn resolve_chip_drop(
    key: &str,
    value: &str,
    from_node: Option<&str>,
    over: Option<&DropTarget>,
) -> DropOutcome {
    match (from_node, over) {
        // Onto a node (its own card is a no-op): add the label there. From another node this
        // copies the label; removing it from the source takes a drag off that node.
        (from, Some(DropTarget::NodeCard { name, .. })) => {
            if from == Some(name.as_str()) {
                DropOutcome::Cancelled
            } else {
                DropOutcome::AddLabel {
                    node: name.clone(),
                    key: key.to_string(),
                    value: value.to_string(),
                }
            }
        }
        // Dragged off its node onto the board, a lane or the palette: remove it.
        (Some(node), Some(DropTarget::Lane { .. } | DropTarget::Board | DropTarget::Palette)) => {
            DropOutcome::RemoveLabel {
                node: node.to_string(),
                key: key.to_string(),
            }
        }
        // A palette chip dropped anywhere but a node, or any chip outside the board.
        (None, Some(_)) | (_, None) => DropOutcome::Cancelled,
    }
}

fn finite(p: Point) -> bool {
    p.0.is_finite() && p.1.is_finite()
}

fn past_threshold(origin: Point, pos: Point) -> bool {
    let (dx, dy) = (pos.0 - origin.0, pos.1 - origin.1);
    dx * dx + dy * dy >= DRAG_THRESHOLD_PX * DRAG_THRESHOLD_PX
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUSE: i32 = 1;
    const FINGER: i32 = 7;

    fn lane(value: Option<&str>) -> DropTarget {
        DropTarget::Lane {
            key: "app".into(),
            value: value.map(str::to_string),
        }
    }

    fn card(name: &str, before: bool, value: Option<&str>) -> DropTarget {
        DropTarget::NodeCard {
            name: name.into(),
            before,
            lane: Some(LaneRef::new("app", value)),
        }
    }

    fn node_in(name: &str, value: Option<&str>) -> DragItem {
        DragItem::node(name, "app", value)
    }

    fn palette_chip(key: &str, value: &str) -> DragItem {
        DragItem::LabelChip {
            key: key.into(),
            value: value.into(),
            from_node: None,
        }
    }

    fn chip_on(node: &str, key: &str, value: &str) -> DragItem {
        DragItem::LabelChip {
            key: key.into(),
            value: value.into(),
            from_node: Some(node.into()),
        }
    }

    /// Presses `item` at the origin, drags it 40 px right over `over`, releases over `over`.
    fn drag_and_drop(item: DragItem, over: Option<DropTarget>) -> Option<DropOutcome> {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, item, (100.0, 100.0));
        s.pointer_move(MOUSE, (120.0, 100.0), None);
        s.pointer_move(MOUSE, (140.0, 100.0), over.clone());
        s.pointer_up(MOUSE, over)
    }

    #[test]
    fn press_and_release_without_moving_is_a_click() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("10.0.10.5", None), (10.0, 10.0));
        assert_eq!(
            s.pointer_up(MOUSE, Some(lane(Some("frontend-node")))),
            Some(DropOutcome::Click(node_in("10.0.10.5", None)))
        );
        assert_eq!(s, DragState::Idle);
    }

    #[test]
    fn jitter_under_the_threshold_stays_a_click() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("a", None), (10.0, 10.0));
        s.pointer_move(MOUSE, (12.0, 12.0), Some(lane(Some("x")))); // 2.83 px
        s.pointer_move(MOUSE, (13.9, 10.0), Some(lane(Some("x")))); // 3.9 px
        assert!(matches!(s, DragState::Pressed { .. }));
        assert_eq!(
            s.pointer_up(MOUSE, Some(lane(Some("x")))),
            Some(DropOutcome::Click(node_in("a", None)))
        );
    }

    #[test]
    fn travelling_the_threshold_starts_a_drag() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("a", None), (10.0, 10.0));
        s.pointer_move(MOUSE, (10.0, 14.0), Some(DropTarget::Board));
        match &s {
            DragState::Dragging {
                item,
                current,
                over,
                pointer_id,
                origin,
            } => {
                assert_eq!(*item, node_in("a", None));
                assert_eq!(*current, (10.0, 14.0));
                assert_eq!(*origin, (10.0, 10.0));
                assert_eq!(*pointer_id, MOUSE);
                assert_eq!(*over, Some(DropTarget::Board));
            }
            other => panic!("expected a drag, got {other:?}"),
        }
        assert_eq!(s.offset(), (0.0, 4.0));
    }

    #[test]
    fn coming_back_to_the_origin_after_dragging_is_a_drop_not_a_click() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("a", Some("backend")), (10.0, 10.0));
        s.pointer_move(MOUSE, (50.0, 10.0), Some(lane(Some("frontend"))));
        s.pointer_move(MOUSE, (10.0, 10.0), Some(lane(Some("frontend"))));
        assert!(matches!(s, DragState::Dragging { .. }));
        let outcome = s.pointer_up(MOUSE, Some(lane(Some("frontend"))));
        assert!(
            matches!(outcome, Some(DropOutcome::MoveNodeToLane { .. })),
            "{outcome:?}"
        );
    }

    #[test]
    fn node_dropped_on_another_lane_is_relabelled() {
        let outcome = drag_and_drop(
            node_in("10.0.10.5", None),
            Some(lane(Some("frontend-node"))),
        );
        assert_eq!(
            outcome,
            Some(DropOutcome::MoveNodeToLane {
                node: "10.0.10.5".into(),
                key: "app".into(),
                value: Some("frontend-node".into()),
                anchor: None
            })
        );
    }

    #[test]
    fn node_dropped_on_the_no_value_lane_loses_the_label() {
        let outcome = drag_and_drop(node_in("n1", Some("frontend-node")), Some(lane(None)));
        assert_eq!(
            outcome,
            Some(DropOutcome::MoveNodeToLane {
                node: "n1".into(),
                key: "app".into(),
                value: None,
                anchor: None
            })
        );
    }

    #[test]
    fn node_dropped_on_its_own_lane_background_changes_nothing() {
        assert_eq!(
            drag_and_drop(node_in("n1", Some("web")), Some(lane(Some("web")))),
            Some(DropOutcome::Cancelled)
        );
        assert_eq!(
            drag_and_drop(node_in("n1", None), Some(lane(None))),
            Some(DropOutcome::Cancelled)
        );
    }

    #[test]
    fn node_dropped_on_a_card_in_its_own_lane_is_a_reorder_not_a_relabel() {
        let outcome = drag_and_drop(
            node_in("n1", Some("web")),
            Some(card("n2", false, Some("web"))),
        );
        assert_eq!(
            outcome,
            Some(DropOutcome::ReorderNode {
                node: "n1".into(),
                anchor: "n2".into(),
                before: false
            })
        );
        let outcome = drag_and_drop(node_in("n3", None), Some(card("n2", true, None)));
        assert_eq!(
            outcome,
            Some(DropOutcome::ReorderNode {
                node: "n3".into(),
                anchor: "n2".into(),
                before: true
            })
        );
    }

    #[test]
    fn node_dropped_on_a_card_in_another_lane_moves_there_next_to_it() {
        let outcome = drag_and_drop(
            node_in("n1", Some("web")),
            Some(card("n2", true, Some("db"))),
        );
        assert_eq!(
            outcome,
            Some(DropOutcome::MoveNodeToLane {
                node: "n1".into(),
                key: "app".into(),
                value: Some("db".into()),
                anchor: Some(Anchor {
                    node: "n2".into(),
                    before: true
                })
            })
        );
    }

    #[test]
    fn node_dropped_on_itself_is_cancelled() {
        assert_eq!(
            drag_and_drop(
                node_in("n1", Some("web")),
                Some(card("n1", true, Some("web")))
            ),
            Some(DropOutcome::Cancelled)
        );
    }

    #[test]
    fn node_dropped_outside_any_target_or_on_board_or_palette_is_cancelled() {
        for over in [None, Some(DropTarget::Board), Some(DropTarget::Palette)] {
            assert_eq!(
                drag_and_drop(node_in("n1", Some("web")), over.clone()),
                Some(DropOutcome::Cancelled),
                "{over:?}"
            );
        }
    }

    #[test]
    fn node_on_an_ungrouped_board_dropped_on_a_card_reorders() {
        let item = DragItem::Node {
            name: "n1".into(),
            lane: None,
        };
        let over = DropTarget::NodeCard {
            name: "n2".into(),
            before: true,
            lane: None,
        };
        assert_eq!(
            drag_and_drop(item, Some(over)),
            Some(DropOutcome::ReorderNode {
                node: "n1".into(),
                anchor: "n2".into(),
                before: true
            })
        );
    }

    #[test]
    fn release_uses_the_target_under_the_pointer_at_release_not_the_last_hovered() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(MOUSE, (30.0, 0.0), Some(lane(Some("web"))));
        assert_eq!(s.pointer_up(MOUSE, None), Some(DropOutcome::Cancelled));
    }

    #[test]
    fn palette_chip_dropped_on_a_node_adds_the_label() {
        let outcome = drag_and_drop(
            palette_chip("app", "frontend-node"),
            Some(card("10.0.10.6", false, None)),
        );
        assert_eq!(
            outcome,
            Some(DropOutcome::AddLabel {
                node: "10.0.10.6".into(),
                key: "app".into(),
                value: "frontend-node".into()
            })
        );
    }

    #[test]
    fn palette_chip_dropped_anywhere_but_a_node_does_nothing() {
        for over in [
            None,
            Some(DropTarget::Board),
            Some(DropTarget::Palette),
            Some(lane(Some("web"))),
        ] {
            assert_eq!(
                drag_and_drop(palette_chip("app", "web"), over.clone()),
                Some(DropOutcome::Cancelled),
                "{over:?}"
            );
        }
    }

    #[test]
    fn chip_dragged_off_its_node_removes_the_label() {
        for over in [
            DropTarget::Board,
            DropTarget::Palette,
            lane(Some("web")),
            lane(None),
        ] {
            assert_eq!(
                drag_and_drop(chip_on("n1", "app", "web"), Some(over.clone())),
                Some(DropOutcome::RemoveLabel {
                    node: "n1".into(),
                    key: "app".into()
                }),
                "{over:?}"
            );
        }
    }

    #[test]
    fn chip_dropped_back_on_its_own_node_or_outside_the_board_changes_nothing() {
        assert_eq!(
            drag_and_drop(chip_on("n1", "app", "web"), Some(card("n1", true, None))),
            Some(DropOutcome::Cancelled)
        );
        assert_eq!(
            drag_and_drop(chip_on("n1", "app", "web"), None),
            Some(DropOutcome::Cancelled)
        );
    }

    #[test]
    fn chip_dropped_on_another_node_copies_the_label_there() {
        assert_eq!(
            drag_and_drop(chip_on("n1", "disk", "ssd"), Some(card("n2", true, None))),
            Some(DropOutcome::AddLabel {
                node: "n2".into(),
                key: "disk".into(),
                value: "ssd".into()
            })
        );
    }

    #[test]
    fn a_pressed_chip_released_without_moving_is_a_click_on_the_chip() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, chip_on("n1", "app", "web"), (5.0, 5.0));
        assert_eq!(
            s.pointer_up(MOUSE, Some(DropTarget::Board)),
            Some(DropOutcome::Click(chip_on("n1", "app", "web")))
        );
    }

    #[test]
    fn cancel_during_a_drag_returns_to_idle_and_the_release_does_nothing() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(MOUSE, (40.0, 0.0), Some(lane(Some("web"))));
        s.cancel();
        assert_eq!(s, DragState::Idle);
        s.pointer_move(MOUSE, (50.0, 0.0), Some(lane(Some("web"))));
        assert_eq!(s, DragState::Idle);
        assert_eq!(s.pointer_up(MOUSE, Some(lane(Some("web")))), None);
    }

    #[test]
    fn cancel_while_pressed_means_no_click() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.cancel();
        assert_eq!(s.pointer_up(MOUSE, None), None);
    }

    #[test]
    fn pointer_cancel_of_another_pointer_keeps_the_drag() {
        let mut s = DragState::default();
        s.pointer_down(FINGER, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(FINGER, (0.0, 30.0), Some(lane(Some("web"))));
        s.pointer_cancel(FINGER + 1);
        assert!(matches!(s, DragState::Dragging { .. }));
        s.pointer_cancel(FINGER);
        assert_eq!(s, DragState::Idle);
    }

    #[test]
    fn pointercancel_mid_drag_ends_it_without_a_drop() {
        // The browser took the touch over (a scroll, a system gesture): `pointercancel`, and
        // the pointer's later events, if any, change nothing.
        let mut s = DragState::default();
        s.pointer_down(FINGER, node_in("n1", Some("db")), (0.0, 0.0));
        s.pointer_move(FINGER, (0.0, 40.0), Some(lane(Some("web"))));
        s.pointer_cancel(FINGER);
        assert_eq!(s, DragState::Idle);
        s.pointer_move(FINGER, (0.0, 50.0), Some(lane(Some("web"))));
        assert_eq!(s, DragState::Idle);
        assert_eq!(s.pointer_up(FINGER, Some(lane(Some("web")))), None);
        assert_eq!(s.offset(), (0.0, 0.0));
    }

    #[test]
    fn lost_capture_while_pressed_is_no_click_and_mid_drag_no_drop() {
        // `lostpointercapture` before the release: the element lost the pointer (capture
        // released by script, the element left the page).
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_cancel(MOUSE);
        assert_eq!(
            s.pointer_up(MOUSE, None),
            None,
            "a lost press became a click"
        );

        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(MOUSE, (30.0, 0.0), Some(lane(Some("web"))));
        s.pointer_cancel(MOUSE);
        assert_eq!(s.pointer_up(MOUSE, Some(lane(Some("web")))), None);
        // A new press starts a gesture as usual.
        s.pointer_down(MOUSE, node_in("n2", None), (5.0, 5.0));
        assert_eq!(s.active_pointer(), Some(MOUSE));
    }

    #[test]
    fn lost_capture_after_the_release_changes_nothing() {
        // Browsers release the capture after every `pointerup` and report it: the drop has
        // happened, and the next gesture must not be affected.
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(MOUSE, (30.0, 0.0), Some(lane(Some("web"))));
        assert!(matches!(
            s.pointer_up(MOUSE, Some(lane(Some("web")))),
            Some(DropOutcome::MoveNodeToLane { .. })
        ));
        s.pointer_cancel(MOUSE);
        assert_eq!(s, DragState::Idle);
    }

    #[test]
    fn a_second_pointer_is_ignored_while_a_drag_is_active() {
        let mut s = DragState::default();
        s.pointer_down(FINGER, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(FINGER, (30.0, 0.0), Some(lane(Some("web"))));
        let before = s.clone();
        // A second finger lands on another node, moves and lifts: nothing changes.
        s.pointer_down(FINGER + 1, node_in("n2", None), (200.0, 200.0));
        s.pointer_move(FINGER + 1, (300.0, 300.0), Some(lane(Some("db"))));
        assert_eq!(s.pointer_up(FINGER + 1, Some(lane(Some("db")))), None);
        assert_eq!(s, before);
        // The first finger still finishes its own drop.
        assert_eq!(
            s.pointer_up(FINGER, Some(lane(Some("web")))),
            Some(DropOutcome::MoveNodeToLane {
                node: "n1".into(),
                key: "app".into(),
                value: Some("web".into()),
                anchor: None
            })
        );
    }

    #[test]
    fn a_second_pointer_cannot_start_a_press_while_one_is_pressed() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_down(FINGER, node_in("n2", None), (9.0, 9.0));
        assert_eq!(s.active_pointer(), Some(MOUSE));
        assert_eq!(
            s.pointer_up(MOUSE, None),
            Some(DropOutcome::Click(node_in("n1", None)))
        );
    }

    #[test]
    fn moves_of_the_same_pointer_update_position_and_target() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(MOUSE, (10.0, 0.0), Some(lane(Some("web"))));
        s.pointer_move(MOUSE, (25.0, -5.0), Some(lane(Some("db"))));
        assert_eq!(s.offset(), (25.0, -5.0));
        assert!(
            matches!(&s, DragState::Dragging { over: Some(o), .. } if *o == lane(Some("db"))),
            "{s:?}"
        );
    }

    #[test]
    fn non_finite_positions_are_ignored() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (f64::NAN, 0.0));
        assert_eq!(s, DragState::Idle);
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(MOUSE, (f64::INFINITY, 0.0), Some(lane(Some("web"))));
        assert!(matches!(s, DragState::Pressed { .. }));
    }

    #[test]
    fn idle_state_ignores_moves_and_releases() {
        let mut s = DragState::default();
        s.pointer_move(MOUSE, (10.0, 10.0), None);
        assert_eq!(s.pointer_up(MOUSE, None), None);
        assert!(!s.is_active());
        assert_eq!(s.offset(), (0.0, 0.0));
    }

    #[test]
    fn a_new_gesture_can_start_after_a_drop() {
        let mut s = DragState::default();
        s.pointer_down(MOUSE, node_in("n1", None), (0.0, 0.0));
        s.pointer_move(MOUSE, (30.0, 0.0), None);
        assert_eq!(s.pointer_up(MOUSE, None), Some(DropOutcome::Cancelled));
        s.pointer_down(FINGER, node_in("n2", None), (0.0, 0.0));
        assert_eq!(s.active_pointer(), Some(FINGER));
    }
}
