//! The page's one store and its pure update function.
//!
//! `update(&mut AppState, Msg) -> Vec<Effect>` changes the state and returns the effects
//! (focus, scrolling, announcements, storage) that the root component performs afterwards.
//! It never touches the DOM and never reads a clock: `Msg::Tick` carries the wall time the
//! ticker read. That keeps it testable natively, message by message.

use std::rc::Rc;

use dsp_core::time::SimTime;
use dsp_core::Simulation;
use dsp_kubectl::scenario::{article_manifest, starting_cluster, Scenario};
use dsp_kubectl::{Effect as ShellEffect, Input};

use crate::actions::UiAction;
use crate::drag::{DragItem, DragState, DropOutcome, DropTarget};
use crate::editor::EditorDiagnostic;
use crate::host::{self, TermLine, EDITOR_FILE};
use crate::session::{LogEntry, Session, TutorialProgress, FORMAT_VERSION};
use crate::tutorial;
/// Speeds offered by the clock control.
pub const SPEEDS: [f64; 7] = [0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0];
/// The terminal keeps this many lines; older ones scroll away for good.
pub(crate) const TERMINAL_CAP: usize = 2_000;
/// A tick never moves simulated time by more than this at once (a background tab that wakes
/// after an hour does not fast-forward an hour).
const MAX_TICK_WALL_MS: f64 = 250.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

/// Everything that is not the cluster.
pub struct UiState {
    pub editor_text: String,
    pub diagnostics: Rc<Vec<EditorDiagnostic>>,
    /// A notice above the editor ("applying this starts a rolling update").
    pub editor_notice: Option<String>,
    /// The editor holds legacy YAML: offer "Convert to apps/v1".
    pub editor_legacy: bool,
    /// The editor text that `kubectl edit` replaced, offered back so no work is lost.
    pub editor_backup: Option<String>,
    /// Shared with the terminal component, so a render passes a pointer instead of copying up
    /// to `TERMINAL_CAP` lines; changes go through `Rc::make_mut`.
    pub terminal: Rc<Vec<TermLine>>,
    /// How many terminal lines have scrolled away for good (cleared or over the cap): line `i`
    /// is the session's line `terminal_first + i`, a stable key for the DOM.
    pub terminal_first: u64,
    pub history: Vec<String>,
    pub history_cursor: Option<usize>,
    pub input: String,
    pub completions: Vec<String>,
    /// The label key the board is grouped by; `None` follows the DaemonSet's nodeSelector.
    pub lane_key: Option<String>,
    /// Node order chosen by dragging within a lane; nodes not listed follow by name.
    pub node_order: Vec<String>,
    pub selected_node: Option<String>,
    /// The pod whose panel is open (it takes the drawer over the node's inspector).
    pub selected_pod: Option<String>,
    /// Cards, the fleet view, or whichever suits the cluster's size.
    pub board_mode: BoardMode,
    /// The DaemonSet whose pods colour the fleet view (`None`: the one rolling out).
    pub fleet_ds: Option<String>,
    /// The board search (node name or `key=value` label).
    pub node_filter: String,
    pub playing: bool,
    pub speed: f64,
    pub last_wall_ms: Option<f64>,
    pub theme: Theme,
    pub announcement: String,
    pub drag: DragState,
    /// The simulation's pod churn totals (created, deleted) already announced.
    pub announced: (u64, u64),
    /// The seed and starting cluster of this session, and every line run so far (the session
    /// is this log: replaying it rebuilds the cluster).
    pub seed: u64,
    pub empty_start: bool,
    pub log: Vec<LogEntry>,
    /// A message above the page (a link that could not be opened, "link copied"…).
    pub banner: Option<Banner>,
    pub tutorial: TutorialProgress,
    /// Compact layout for iframes (`?embed`).
    pub embed: bool,
    /// (simulation generation, simulated second, current step) the tutorial checks last
    /// looked at.
    pub tutorial_checked: (u64, i64, usize),
    /// The current step's conditions and whether each holds (the pinned checklist).
    pub checklist: Rc<Vec<(&'static str, bool)>>,
    /// Invite a first-time visitor to the tutorial (until they answer, remembered).
    pub invite: bool,
    /// The editor text last applied and the generation each DaemonSet it holds had right after:
    /// when the text is unchanged but a DaemonSet's generation moved (`kubectl set image`),
    /// applying it again would undo that change, and the editor says so ([`AppState::drift`]).
    pub applied: Option<(String, Vec<(String, i64)>)>,
    /// Undone commands, the last undone last (Redo takes it back). Any new command clears it.
    pub redo: Vec<RedoStep>,
    /// Set while the page shows an earlier point of the timeline.
    pub rewound: Option<Rewound>,
    /// The timeline panel is open.
    pub timeline_open: bool,
    /// The scenario this session began as: its card is shown until dismissed.
    pub scenario: Option<String>,
    /// Where this cluster came from when it is not the tutorial's own ("the scenario …", "a
    /// shared link"): the tutorial says so, and that it leaves the cluster as it is.
    pub origin: Option<String>,
    /// The current step's expectations the cluster does not meet (empty once it is done).
    pub mismatches: Rc<Vec<&'static str>>,
    /// "Show me" in progress: (step, index of its show-me line now in the terminal's input).
    pub show_me: Option<(usize, usize)>,
    /// The editor text changed since its diagnostics were made: they are checked again after a
    /// pause in typing (`Msg::CheckEditor`), so a key press never waits for a check.
    pub editor_check_due: bool,
    /// A shared link or a scenario replaced the session this browser had saved, which is kept
    /// aside: the banner offers "Back to my own session".
    pub offer_own_session: bool,
}

/// An undone command, kept for Redo: the entry and the simulated time the page had before the
/// undo (Redo replays the log with it back to that instant, so it is the same cluster).
#[derive(Clone, Debug, PartialEq)]
pub struct RedoStep {
    pub entry: LogEntry,
    pub now_ms: i64,
}

/// The page rewound on the timeline: what "Return to now" brings back.
#[derive(Clone, Debug, PartialEq)]
pub struct Rewound {
    /// The whole log before the rewind.
    pub log: Vec<LogEntry>,
    pub now_ms: i64,
    /// The page shows the cluster just after this many of its commands.
    pub at: usize,
}

/// A page rebuilt by replaying a changed log (undo, redo, the timeline): the session to
/// replay and what the rebuilt page keeps of its history controls.
#[derive(Clone, Debug, PartialEq)]
pub struct Rebuild {
    pub session: Session,
    pub redo: Vec<RedoStep>,
    pub rewound: Option<Rewound>,
    /// Said in the terminal once it is rebuilt.
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Banner {
    pub error: bool,
    pub text: String,
}

pub struct AppState {
    pub sim: Simulation,
    pub ui: UiState,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The editor's text changed (a key press): kept at once, checked after a pause.
    EditorChanged(String),
    /// The pause after typing is over: check the editor text if it changed since its last check.
    CheckEditor,
    /// Reopen the session a shared link or a scenario replaced.
    BackToOwnSession,
    /// The first-visit invitation answered: start the tutorial (`true`) or not now.
    AnswerInvite(bool),
    /// Take back the last command (the cluster as it was just before it).
    Undo,
    /// Run the last undone command again.
    Redo,
    /// Show the cluster just after the first N commands of the log (the timeline).
    RewindTo(usize),
    /// Back from the timeline to the cluster as it is now.
    ReturnToNow,
    ToggleTimeline,
    /// The live DaemonSet changed since the editor's text was applied: load it into the editor.
    LoadLive(String),
    /// … or keep the editor's text (and stop saying so).
    KeepEditorText,
    /// Close the scenario's card.
    DismissScenarioCard,
    /// Put a tutorial command into the terminal's input.
    TutorialFill(String),
    /// Copy a tutorial command to the clipboard.
    TutorialCopy(String),
    Apply,
    ConvertLegacy,
    RestoreEditorBackup,
    TerminalInput(String),
    TerminalSubmit,
    /// The field descriptions `kubectl explain` asked for arrived (or failed to): run the
    /// line again, or say why not.
    DescriptionsLoaded(Result<(), String>, String),
    HistoryPrev,
    HistoryNext,
    Complete,
    Action(UiAction),
    /// Add this many nodes, named after the ones already there.
    AddNodes(u32),
    /// Wall time in milliseconds, as read by the ticker.
    Tick(f64),
    TogglePlay,
    SetSpeed(f64),
    StepToNextEvent,
    SelectNode(Option<String>),
    /// Open (or close) the pod panel.
    SelectPod(Option<String>),
    /// Close the drawer (pod panel or node inspector) and give focus back to what opened it.
    CloseDrawer,
    SetBoardMode(BoardMode),
    SetFleetDs(Option<String>),
    SetNodeFilter(String),
    /// Enter in the board search: open the first node that matches.
    OpenFirstMatch,
    SetLaneKey(Option<String>),
    /// Keyboard alternative to dragging: move a node one lane left (-1) or right (+1).
    MoveNode(String, i32),
    PointerDown {
        pointer_id: i32,
        item: DragItem,
        x: f64,
        y: f64,
    },
    PointerMove {
        pointer_id: i32,
        x: f64,
        y: f64,
        over: Option<DropTarget>,
    },
    PointerUp {
        pointer_id: i32,
        over: Option<DropTarget>,
    },
    CancelDrag,
    /// `pointercancel` or `lostpointercapture` of this pointer id.
    PointerCancel(i32),
    SetTheme(Theme),
    /// Put the session in the URL and on the clipboard.
    Share,
    /// Start over (the component asked for confirmation first).
    Reset,
    ExportManifests,
    ExportScript,
    DismissBanner,
    ShowBanner(Banner),
    ToggleTutorial,
    TutorialSelect(usize),
    /// Run a step's commands, echoed in the terminal.
    TutorialShowMe(usize),
    /// Rebuild the cluster as it is at the start of a step.
    TutorialReset(usize),
    /// The address bar's fragment changed (a share link pasted into this tab).
    OpenFragment(String),
    /// Open the scenario of this name from the gallery (it replaces the session).
    OpenScenario(String),
}

/// How the board draws nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BoardMode {
    /// Cards up to `FLEET_AUTO_NODES` nodes, the fleet view past it.
    #[default]
    Auto,
    Cards,
    Fleet,
}

/// Past this many nodes the board switches to the fleet view by itself.
pub const FLEET_AUTO_NODES: usize = 24;

impl BoardMode {
    /// Whether the board shows the fleet view for a cluster of `nodes` nodes.
    pub fn is_fleet(self, nodes: usize) -> bool {
        match self {
            BoardMode::Auto => nodes > FLEET_AUTO_NODES,
            BoardMode::Cards => false,
            BoardMode::Fleet => true,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Move focus to the first element matching this CSS selector, after the next render
    /// (what opened a closed drawer, a card that moved lanes).
    Focus(String),
    FocusEditor,
    FocusTerminal,
    /// Write the URL fragment (`#s=…`) and copy the full link to the clipboard.
    ShareLink(String),
    /// Offer a file download.
    Download {
        name: String,
        mime: String,
        content: String,
    },
    /// Forget the saved session (Reset).
    ClearSaved,
    /// Take the share link out of the address bar once it has been read.
    ClearFragment,
    /// Replay this shared session (`opening::Job`); the page stays as it is until it opened.
    /// The flag: the page's own session was kept aside (`Effect::KeepAside`), so the opened
    /// page offers it back.
    OpenSession(Box<Session>, bool),
    /// Send `Msg::CheckEditor` after a pause in typing (a later key press restarts the wait).
    CheckEditorSoon,
    /// Replay the session kept aside when a link or a scenario replaced it.
    OpenOwnSession,
    /// Put text on the clipboard.
    Copy(String),
    /// Fetch `descriptions.json`, then send `Msg::DescriptionsLoaded` with this line.
    LoadDescriptions(String),
    /// Remember that the first-visit invitation was answered.
    RememberInvite,
    /// Rebuild the page by replaying a changed log (`opening::Job`).
    Rebuild(Box<Rebuild>),
    /// Keep this session aside before something replaces it (a scenario, a pasted link, the
    /// tutorial's reset): the banner's "Back to my own session" replays it.
    KeepAside(Box<Session>),
}

impl AppState {
    /// The starting page: the article's two nodes, the article's DaemonSet in the editor.
    pub fn new(seed: u64) -> AppState {
        AppState::starting(seed, false)
    }

    /// A fresh page on [`starting_cluster`]`(seed, empty)`, the article's DaemonSet in the
    /// editor and nothing run yet.
    pub(crate) fn starting(seed: u64, empty: bool) -> AppState {
        let mut state = AppState {
            sim: starting_cluster(seed, empty),
            ui: UiState {
                editor_text: article_manifest().to_string(),
                diagnostics: Rc::new(Vec::new()),
                editor_notice: None,
                editor_legacy: false,
                editor_backup: None,
                terminal: Rc::new(vec![TermLine::note(WELCOME)]),
                terminal_first: 0,
                history: Vec::new(),
                history_cursor: None,
                input: String::new(),
                completions: Vec::new(),
                lane_key: None,
                node_order: Vec::new(),
                selected_node: None,
                selected_pod: None,
                board_mode: BoardMode::Auto,
                fleet_ds: None,
                node_filter: String::new(),
                playing: true,
                speed: 1.0,
                last_wall_ms: None,
                theme: Theme::System,
                announcement: String::new(),
                drag: DragState::default(),
                announced: (0, 0),
                seed,
                empty_start: empty,
                log: Vec::new(),
                banner: None,
                tutorial: TutorialProgress::default(),
                embed: false,
                tutorial_checked: (u64::MAX, 0, 0),
                checklist: Rc::new(Vec::new()),
                show_me: None,
                mismatches: Rc::new(Vec::new()),
                invite: false,
                applied: None,
                redo: Vec::new(),
                rewound: None,
                timeline_open: false,
                scenario: None,
                origin: None,
                editor_check_due: false,
                offer_own_session: false,
            },
        };
        state.ui.announced = churn_totals(&state.sim);
        refresh_editor_checks(&mut state);
        state
    }

    /// A DaemonSet the editor's text was applied to has changed since (by another command),
    /// while the text has not: its name and generations then and now.
    pub fn drift(&self) -> Option<(&str, i64, i64)> {
        let (text, names) = self.ui.applied.as_ref()?;
        if *text != self.ui.editor_text {
            return None;
        }
        names.iter().find_map(|(name, then)| {
            let now = self.sim.daemonset(name)?.generation;
            (now != *then).then_some((name.as_str(), *then, now))
        })
    }

    /// Everything needed to rebuild this page (share links, autosave).
    pub fn to_session(&self) -> Session {
        Session {
            v: FORMAT_VERSION,
            seed: self.ui.seed,
            empty: self.ui.empty_start,
            now_ms: self.sim.now().0,
            speed: self.ui.speed,
            playing: self.ui.playing,
            lane_key: self.ui.lane_key.clone(),
            node_order: self.ui.node_order.clone(),
            editor: self.ui.editor_text.clone(),
            log: self.ui.log.clone(),
            history: self.ui.history.clone(),
            tutorial: self.ui.tutorial.clone(),
            scenario: self.ui.scenario.clone(),
            origin: self.ui.origin.clone(),
        }
    }

    /// Rebuilds a page from a session by replaying its log in one go within the replay budget
    /// (`opening::SessionReplay` does it in slices): each entry runs through the shell at its
    /// simulated time with the editor text it read, as when it was typed.
    #[cfg(test)]
    pub fn from_session(session: &Session) -> Result<AppState, crate::session::SessionError> {
        crate::opening::replay_all(session)
    }

    /// What every way of opening a page ends with: the announcer's counts start from here and
    /// the editor text is checked.
    pub(crate) fn settle_after_open(&mut self) {
        self.ui.announced = churn_totals(&self.sim);
        refresh_editor_checks(self);
    }

    /// The page for how it starts when it is not a session (a session is replayed in slices
    /// by `opening::Job`): a scenario run (a scenario that fails to run leaves a fresh page with
    /// the error in the banner), or a fresh page.
    pub fn open(scenario: Option<&Scenario>, seed: u64) -> AppState {
        match scenario {
            Some(scenario) => AppState::from_scenario(scenario).unwrap_or_else(|e| {
                let mut state = AppState::new(seed);
                state.ui.banner = Some(Banner {
                    error: true,
                    text: format!("The scenario could not be opened: {e}."),
                });
                state
            }),
            None => AppState::new(seed),
        }
    }

    /// A page that starts as the scenario: its script run line by line through the shell,
    /// logged like typed lines (so the session replays it), the editor holding the last
    /// manifest the script passed as standard input.
    pub fn from_scenario(scenario: &Scenario) -> Result<AppState, String> {
        let inputs = dsp_kubectl::shell::parse_script(scenario.script)?;
        let mut state = AppState::starting(scenario.seed, scenario.empty);
        let mut effects = Vec::new();
        let mut editor = None;
        for input in inputs {
            let out = execute(&mut state, input, &mut effects);
            if out.exit_code != 0 {
                return Err(format!("`{}` failed", out.line));
            }
            if let Some(read) = out.reads.iter().rev().find(|r| r.path == "-") {
                editor = Some(read.text.clone());
            }
        }
        if let Some(text) = editor {
            state.ui.editor_text = text;
        }
        state.ui.scenario = Some(scenario.name.to_string());
        state.ui.origin = Some(format!("the scenario \"{}\"", scenario.title));
        state.ui.announced = churn_totals(&state.sim);
        refresh_editor_checks(&mut state);
        Ok(state)
    }
}

const WELCOME: &str =
    "Welcome to the DaemonSet Playground. Type kubectl commands here (try `kubectl get nodes`), \
`help` for what is supported, or use the board: every action shows up here as its command.";

/// Applies one message. Pure: no DOM, no clock, no storage.
pub fn update(state: &mut AppState, msg: Msg) -> Vec<Effect> {
    let mut effects = Vec::new();
    match msg {
        Msg::EditorChanged(text) => {
            state.ui.editor_text = text;
            state.ui.editor_check_due = true;
            effects.push(Effect::CheckEditorSoon);
        }
        Msg::CheckEditor => {
            if state.ui.editor_check_due {
                refresh_editor_checks(state);
            }
        }
        Msg::BackToOwnSession => {
            state.ui.offer_own_session = false;
            effects.push(Effect::OpenOwnSession);
        }
        Msg::Apply => {
            let line = format!("kubectl apply -f {EDITOR_FILE}");
            execute(state, Input::new(line), &mut effects);
            refresh_editor_checks(state);
        }
        Msg::ConvertLegacy => match dsp_core::manifest::convert_to_apps_v1(&state.ui.editor_text) {
            Ok(text) => {
                state.ui.editor_backup = Some(std::mem::replace(&mut state.ui.editor_text, text));
                refresh_editor_checks(state);
                effects.push(Effect::FocusEditor);
            }
            Err(diags) => {
                state.ui.diagnostics =
                    Rc::new(diags.iter().map(crate::editor_check::to_editor).collect());
            }
        },
        Msg::RestoreEditorBackup => {
            if let Some(text) = state.ui.editor_backup.take() {
                state.ui.editor_text = text;
                refresh_editor_checks(state);
            }
        }
        Msg::TerminalInput(text) => {
            state.ui.input = text;
            state.ui.completions.clear();
        }
        Msg::DescriptionsLoaded(result, line) => match result {
            Ok(()) => {
                execute(state, Input::new(&line), &mut effects);
            }
            Err(e) => Rc::make_mut(&mut state.ui.terminal).push(TermLine::note(&format!(
                "The field descriptions could not be loaded ({e}); kubectl explain needs them."
            ))),
        },
        Msg::TerminalSubmit => {
            let line = std::mem::take(&mut state.ui.input);
            state.ui.history_cursor = None;
            state.ui.completions.clear();
            let trimmed = line.trim();
            if !trimmed.is_empty() && state.ui.history.last().map(String::as_str) != Some(trimmed) {
                state.ui.history.push(trimmed.to_string());
            }
            if trimmed.is_empty() {
                Rc::make_mut(&mut state.ui.terminal).push(TermLine::command(""));
            } else {
                execute(state, Input::new(trimmed), &mut effects);
            }
            // "Show me" goes on with the step's next line, if the learner ran the one it gave.
            state.ui.show_me = state.ui.show_me.and_then(|(i, j)| {
                let lines = tutorial::steps().get(i)?.show_me;
                (lines.get(j).map(|l| l.trim()) == Some(trimmed) && j + 1 < lines.len())
                    .then_some((i, j + 1))
            });
            if let Some((i, j)) = state.ui.show_me {
                let lines = tutorial::steps()[i].show_me;
                state.ui.input = lines[j].to_string();
                Rc::make_mut(&mut state.ui.terminal).push(TermLine::note(&format!(
                    "Show me: press Enter for the next command ({} of {}).",
                    j + 1,
                    lines.len()
                )));
            }
            effects.push(Effect::FocusTerminal);
        }
        Msg::HistoryPrev => {
            if !state.ui.history.is_empty() {
                let i = match state.ui.history_cursor {
                    None => state.ui.history.len() - 1,
                    Some(i) => i.saturating_sub(1),
                };
                state.ui.history_cursor = Some(i);
                state.ui.input = state.ui.history[i].clone();
            }
        }
        Msg::HistoryNext => {
            if let Some(i) = state.ui.history_cursor {
                if i + 1 < state.ui.history.len() {
                    state.ui.history_cursor = Some(i + 1);
                    state.ui.input = state.ui.history[i + 1].clone();
                } else {
                    state.ui.history_cursor = None;
                    state.ui.input.clear();
                }
            }
        }
        Msg::Complete => {
            let candidates = dsp_kubectl::complete(&state.sim, &state.ui.input);
            complete_into(&mut state.ui, candidates);
        }
        Msg::Action(action) => {
            let line = action.command();
            if let UiAction::DeleteNode { node } = &action {
                if state.ui.selected_node.as_deref() == Some(node.as_str()) {
                    state.ui.selected_node = None;
                }
            }
            execute(state, Input::new(line), &mut effects);
        }
        Msg::AddNodes(count) => {
            let from = next_node_index(&state.sim);
            let line = UiAction::AddNodes { count, from }.command();
            execute(state, Input::new(line), &mut effects);
        }
        Msg::Tick(wall_ms) => {
            let last = state.ui.last_wall_ms.replace(wall_ms);
            if state.ui.playing {
                if let Some(last) = last {
                    let dt = (wall_ms - last).clamp(0.0, MAX_TICK_WALL_MS);
                    let sim_ms = (dt * state.ui.speed).round() as i64;
                    if sim_ms > 0 {
                        let target = SimTime(state.sim.now().0 + sim_ms);
                        state.sim.advance_to(target);
                        announce_pod_changes(state);
                    }
                }
            }
        }
        Msg::TogglePlay => state.ui.playing = !state.ui.playing,
        Msg::SetSpeed(speed) => {
            if speed.is_finite() && speed > 0.0 {
                state.ui.speed = speed.clamp(0.5, 60.0);
            }
        }
        Msg::StepToNextEvent => {
            if let Some(t) = state.sim.next_timer() {
                state.sim.advance_to(t);
                announce_pod_changes(state);
            }
        }
        Msg::SelectNode(node) => {
            state.ui.selected_pod = None;
            state.ui.selected_node = node;
        }
        Msg::SelectPod(pod) => {
            // The pod's node is selected with it: when the pod is gone, its node's inspector
            // takes the drawer.
            if let Some(node) = pod
                .as_deref()
                .and_then(|p| state.sim.pod(p))
                .and_then(|p| p.assigned_node())
            {
                state.ui.selected_node = Some(node.to_string());
            }
            state.ui.selected_pod = pod;
        }
        Msg::CloseDrawer => {
            let node = state.ui.selected_node.take();
            if let Some(pod) = state.ui.selected_pod.take() {
                effects.push(Effect::Focus(format!(
                    "[data-testid=\"pod-tile\"][data-pod=\"{pod}\"]"
                )));
            } else if let Some(node) = node {
                effects.push(Effect::Focus(node_selector(&node)));
            }
        }
        Msg::SetBoardMode(mode) => state.ui.board_mode = mode,
        Msg::SetFleetDs(ds) => state.ui.fleet_ds = ds,
        Msg::SetNodeFilter(text) => state.ui.node_filter = text,
        Msg::OpenFirstMatch => {
            let first = state
                .sim
                .nodes()
                .filter(|n| crate::views::node_matches(n, &state.ui.node_filter))
                .map(|n| n.name.clone())
                .min_by(|a, b| crate::views::natural_cmp(a, b));
            if let Some(name) = first {
                state.ui.selected_pod = None;
                state.ui.selected_node = Some(name);
            }
        }
        Msg::SetLaneKey(key) => state.ui.lane_key = key.filter(|k| !k.trim().is_empty()),
        Msg::MoveNode(node, direction) => {
            if let Some(action) = keyboard_move(state, &node, direction) {
                execute(state, Input::new(action.command()), &mut effects);
                // The card is drawn again in its new lane: keep the focus on it, so the next
                // arrow moves it on.
                effects.push(Effect::Focus(node_selector(&node)));
            }
        }
        Msg::PointerDown {
            pointer_id,
            item,
            x,
            y,
        } => state.ui.drag.pointer_down(pointer_id, item, (x, y)),
        Msg::PointerMove {
            pointer_id,
            x,
            y,
            over,
        } => state.ui.drag.pointer_move(pointer_id, (x, y), over),
        Msg::PointerUp { pointer_id, over } => {
            if let Some(outcome) = state.ui.drag.pointer_up(pointer_id, over) {
                drop_outcome(state, outcome, &mut effects);
            }
        }
        Msg::CancelDrag => state.ui.drag.cancel(),
        Msg::PointerCancel(pointer_id) => state.ui.drag.pointer_cancel(pointer_id),
        Msg::SetTheme(theme) => {
            state.ui.theme = theme;
        }
        Msg::Share => {
            effects.push(Effect::ShareLink(crate::session::encode_link(
                &state.to_session(),
            )));
            state.ui.banner = Some(Banner {
                error: false,
                text: "The link to this exact session is in the address bar and on your clipboard."
                    .into(),
            });
        }
        Msg::Reset => {
            let (theme, embed, seed) = (state.ui.theme, state.ui.embed, state.ui.seed);
            *state = AppState::new(seed);
            state.ui.theme = theme;
            state.ui.embed = embed;
            effects.push(Effect::ClearSaved);
            // A share link left in the address bar would bring the old session back on reload.
            effects.push(Effect::ClearFragment);
        }
        Msg::ExportManifests => effects.push(Effect::Download {
            name: "manifests.yaml".into(),
            mime: "application/yaml".into(),
            content: dsp_kubectl::export::manifests_yaml(&state.sim),
        }),
        Msg::ExportScript => {
            let lines: Vec<Input> = state.ui.log.iter().map(exportable).collect();
            effects.push(Effect::Download {
                name: "daemonset-playground-session.sh".into(),
                mime: "text/x-shellscript".into(),
                content: dsp_kubectl::export::kubectl_script(&lines, &state.sim),
            });
        }
        Msg::DismissBanner => {
            state.ui.banner = None;
            state.ui.offer_own_session = false;
        }
        Msg::ShowBanner(banner) => state.ui.banner = Some(banner),
        Msg::ToggleTutorial => {
            state.ui.tutorial.open = !state.ui.tutorial.open;
            if state.ui.invite {
                state.ui.invite = false;
                effects.push(Effect::RememberInvite);
            }
        }
        Msg::TutorialSelect(i) => {
            state.ui.tutorial.current = i.min(tutorial::steps().len().saturating_sub(1));
            state.ui.tutorial_checked = (u64::MAX, 0, 0);
        }
        Msg::TutorialShowMe(i) => {
            if let Some(step) = tutorial::steps().get(i) {
                state.ui.tutorial.current = i;
                if let Some(first) = step.show_me.first() {
                    state.ui.input = (*first).to_string();
                    state.ui.completions.clear();
                    state.ui.show_me = Some((i, 0));
                    let clock = if state.ui.playing {
                        ""
                    } else {
                        " The clock is paused: press Play to watch the cluster react."
                    };
                    Rc::make_mut(&mut state.ui.terminal).push(TermLine::note(&format!(
                        "Show me, step {}: press Enter to run the command below ({} of {}).{clock}",
                        i + 1,
                        1,
                        step.show_me.len()
                    )));
                    effects.push(Effect::FocusTerminal);
                }
            }
        }
        Msg::Undo => {
            if state.ui.rewound.is_none() {
                if let Some(last) = state.ui.log.last() {
                    let mut session = state.to_session();
                    session.log.pop();
                    session.now_ms = last.t;
                    let mut redo = state.ui.redo.clone();
                    redo.push(RedoStep {
                        entry: last.clone(),
                        now_ms: state.sim.now().0,
                    });
                    effects.push(Effect::Rebuild(Box::new(Rebuild {
                        session,
                        redo,
                        rewound: None,
                        note: format!("Undone: {} (Redo brings it back).", last.line),
                    })));
                }
            }
        }
        Msg::Redo => {
            if let (None, Some(step)) = (&state.ui.rewound, state.ui.redo.last()) {
                let mut session = state.to_session();
                session.log.push(step.entry.clone());
                session.now_ms = step.now_ms.max(step.entry.t);
                let mut redo = state.ui.redo.clone();
                redo.pop();
                effects.push(Effect::Rebuild(Box::new(Rebuild {
                    session,
                    redo,
                    rewound: None,
                    note: format!("Redone: {}", step.entry.line),
                })));
            }
        }
        Msg::RewindTo(n) => {
            let (log, now_ms) = match &state.ui.rewound {
                Some(r) => (r.log.clone(), r.now_ms),
                None => (state.ui.log.clone(), state.sim.now().0),
            };
            if n <= log.len() {
                let mut session = state.to_session();
                session.log = log[..n].to_vec();
                // Just after command n: time stops where the next command began.
                session.now_ms = log.get(n).map_or(now_ms, |e| e.t);
                let note = match n {
                    0 => "The timeline shows the cluster before any command.".to_string(),
                    _ => format!(
                        "The timeline shows the cluster just after command {n} of {}: {}",
                        log.len(),
                        log[n - 1].line
                    ),
                };
                let rewound = (n < log.len()).then_some(Rewound { log, now_ms, at: n });
                effects.push(Effect::Rebuild(Box::new(Rebuild {
                    session,
                    redo: state.ui.redo.clone(),
                    rewound,
                    note,
                })));
            }
        }
        Msg::ReturnToNow => {
            if let Some(r) = &state.ui.rewound {
                let mut session = state.to_session();
                session.log = r.log.clone();
                session.now_ms = r.now_ms;
                effects.push(Effect::Rebuild(Box::new(Rebuild {
                    session,
                    redo: state.ui.redo.clone(),
                    rewound: None,
                    note: "Back to now.".to_string(),
                })));
            }
        }
        Msg::ToggleTimeline => state.ui.timeline_open = !state.ui.timeline_open,
        Msg::LoadLive(name) => {
            execute(
                state,
                Input::new(format!("kubectl edit ds/{name}")),
                &mut effects,
            );
            state.ui.applied = None;
        }
        Msg::KeepEditorText => state.ui.applied = None,
        Msg::DismissScenarioCard => state.ui.scenario = None,
        Msg::AnswerInvite(start) => {
            state.ui.invite = false;
            if start {
                state.ui.tutorial.open = true;
            }
            effects.push(Effect::RememberInvite);
        }
        Msg::TutorialFill(line) => {
            state.ui.input = line;
            state.ui.completions.clear();
            state.ui.show_me = None;
            effects.push(Effect::FocusTerminal);
        }
        Msg::TutorialCopy(line) => effects.push(Effect::Copy(line)),
        Msg::TutorialReset(i) => {
            if i < tutorial::steps().len() {
                // The session it replaces is kept aside, with the banner's way back to it.
                let replaced = keep_aside(state, &mut effects);
                let keep = (
                    state.ui.theme,
                    state.ui.embed,
                    state.ui.seed,
                    state.ui.tutorial.clone(),
                    state.ui.history.clone(),
                    (state.ui.playing, state.ui.speed),
                );
                *state = AppState::new(keep.2);
                (state.ui.theme, state.ui.embed) = (keep.0, keep.1);
                state.ui.tutorial = keep.3;
                state.ui.history = keep.4;
                // The clock stays as the learner had it: a reset that paused it silently left
                // pods Pending with no word of why.
                (state.ui.playing, state.ui.speed) = keep.5;
                let replayed = tutorial::replay_to_step(i, |setup| match setup {
                    tutorial::Setup::Run(line) => {
                        let out = run_tutorial_line(state, line, &mut effects);
                        match out.exit_code {
                            0 => Ok(()),
                            _ => Err(out.text),
                        }
                    }
                    tutorial::Setup::Idle => {
                        state.sim.run_until_idle();
                        Ok(())
                    }
                });
                if let Err(e) = replayed {
                    Rc::make_mut(&mut state.ui.terminal).push(TermLine::note(&e));
                }
                let done = &mut state.ui.tutorial.done;
                done.resize(tutorial::steps().len(), false);
                for (j, d) in done.iter_mut().enumerate() {
                    *d = j < i;
                }
                state.ui.tutorial.current = i;
                state.ui.announced = churn_totals(&state.sim);
                let clock = if state.ui.playing {
                    ""
                } else {
                    " The clock is paused: press Play to let time run."
                };
                Rc::make_mut(&mut state.ui.terminal).push(TermLine::note(&format!(
                    "The cluster is now as it is at the start of step {}: \"{}\".{clock}",
                    i + 1,
                    tutorial::steps()[i].title
                )));
                if replaced {
                    state.ui.banner = Some(Banner {
                        error: false,
                        text: format!(
                            "The cluster was rebuilt for step {} of the tutorial.",
                            i + 1
                        ),
                    });
                    state.ui.offer_own_session = true;
                }
            }
        }
        Msg::OpenFragment(hash) => {
            if let Some(link) = crate::session::link_in(&hash) {
                match link {
                    Ok(session) => {
                        let kept = keep_aside(state, &mut effects);
                        effects.push(Effect::OpenSession(Box::new(session), kept))
                    }
                    Err(e) => {
                        state.ui.banner = Some(Banner {
                            error: true,
                            text: format!(
                            "This share link could not be opened: {e}. Your session is unchanged."
                        ),
                        })
                    }
                }
                effects.push(Effect::ClearFragment);
            }
        }
        Msg::OpenScenario(name) => {
            let opened = dsp_kubectl::scenario::by_name(&name)
                .ok_or_else(|| format!("there is no scenario \"{name}\""))
                .and_then(|s| AppState::from_scenario(&s));
            match opened {
                Ok(opened) => {
                    let replaced = keep_aside(state, &mut effects);
                    let (theme, embed) = (state.ui.theme, state.ui.embed);
                    *state = opened;
                    state.ui.theme = theme;
                    state.ui.embed = embed;
                    state.ui.banner = Some(Banner {
                        error: false,
                        text: format!("Opened the scenario \"{name}\"."),
                    });
                    state.ui.offer_own_session = replaced;
                }
                Err(e) => {
                    state.ui.banner = Some(Banner {
                        error: true,
                        text: format!("The scenario could not be opened: {e}."),
                    })
                }
            }
        }
    }
    refresh_tutorial(state);
    effects
}

/// Keeps the page's session aside before something replaces it, when it holds any work (a
/// command run); says whether it did.
fn keep_aside(state: &AppState, effects: &mut Vec<Effect>) -> bool {
    let work = !state.ui.log.is_empty();
    if work {
        effects.push(Effect::KeepAside(Box::new(state.to_session())));
    }
    work
}

/// Marks tutorial steps done when the cluster shows their goal. A step stays done once reached
/// (later steps change the cluster again); only the current step and earlier ones are checked,
/// so a coincidence cannot tick a step the learner has not reached.
fn refresh_tutorial(state: &mut AppState) {
    let steps = tutorial::steps();
    let upto = state.ui.tutorial.current.min(steps.len().saturating_sub(1));
    let key = (state.sim.resource_version(), state.sim.now().0 / 1000, upto);
    if state.ui.tutorial_checked == key {
        return;
    }
    state.ui.tutorial_checked = key;
    let t = &mut state.ui.tutorial;
    t.done.resize(steps.len(), false);
    for (i, step) in steps.iter().enumerate().take(upto + 1) {
        if !t.done[i] && step.check(&state.sim) {
            t.done[i] = true;
        }
    }
    // A done step stays done (later actions change the cluster again): its checklist shows the
    // conditions as they were met, all ticked, not a cross for what moved on since.
    let checklist: Vec<(&'static str, bool)> = if t.done[upto] {
        steps[upto]
            .conditions
            .iter()
            .map(|c| (c.text, true))
            .collect()
    } else {
        steps[upto].checklist(&state.sim)
    };
    if *state.ui.checklist != checklist {
        state.ui.checklist = Rc::new(checklist);
    }
    let mismatches = if t.done[upto] {
        Vec::new()
    } else {
        steps[upto].mismatches(&state.sim)
    };
    if *state.ui.mismatches != mismatches {
        state.ui.mismatches = Rc::new(mismatches);
    }
}

/// A tutorial line: the tutorial works on the article's DaemonSet, so a line that reads the
/// editor file reads the article's manifest, and the editor then shows it (whatever it held
/// is kept behind "Restore previous text").
fn run_tutorial_line(state: &mut AppState, line: &str, effects: &mut Vec<Effect>) -> Executed {
    let article = article_manifest();
    let out = execute_with_editor(state, Input::new(line), article, effects);
    if out.read_editor && state.ui.editor_text != article {
        state.ui.editor_backup = Some(std::mem::replace(
            &mut state.ui.editor_text,
            article.to_string(),
        ));
        refresh_editor_checks(state);
    }
    out
}

/// What [`execute`] tells its caller about the line it ran.
struct Executed {
    line: String,
    exit_code: i32,
    /// Everything the line printed.
    text: String,
    reads: Vec<dsp_kubectl::FileRead>,
    read_editor: bool,
}

/// Runs one line through the shell like a typed command: logged (with the editor text when
/// it read the editor file), echoed in the terminal with its output, its effects carried out.
fn execute(state: &mut AppState, input: Input, effects: &mut Vec<Effect>) -> Executed {
    let editor = state.ui.editor_text.clone();
    execute_with_editor(state, input, &editor, effects)
}

/// [`execute`] with `editor` as the editor file's text.
fn execute_with_editor(
    state: &mut AppState,
    input: Input,
    editor: &str,
    effects: &mut Vec<Effect>,
) -> Executed {
    let t = state.sim.now().0;
    // A new command starts a new history: nothing to redo, and a rewound page drops the
    // commands that came after the point it shows.
    state.ui.redo.clear();
    if let Some(r) = state.ui.rewound.take() {
        Rc::make_mut(&mut state.ui.terminal).push(TermLine::note(&format!(
            "You changed the cluster at an earlier point of the timeline: the {} commands that followed it are gone (Undo takes this one back).",
            r.log.len() - r.at
        )));
    }
    let (out, waits) = host::run_typed(&mut state.sim, &input, editor);
    let file = host::editor_read(&out).map(str::to_string);
    let terminal = Rc::make_mut(&mut state.ui.terminal);
    if out.effects.contains(&ShellEffect::ClearScreen) {
        state.ui.terminal_first += terminal.len() as u64;
        terminal.clear();
    } else {
        terminal.extend(host::lines(&input, &out));
    }
    if terminal.len() > TERMINAL_CAP {
        let excess = terminal.len() - TERMINAL_CAP;
        terminal.drain(..excess);
        state.ui.terminal_first += excess as u64;
    }
    if out.effects.contains(&ShellEffect::LoadDescriptions) && host::start_loading_descriptions() {
        effects.push(Effect::LoadDescriptions(input.line.clone()));
    }
    for effect in &out.effects {
        if let ShellEffect::OpenEditor { yaml, .. } = effect {
            if *yaml != state.ui.editor_text {
                state.ui.editor_backup =
                    Some(std::mem::replace(&mut state.ui.editor_text, yaml.clone()));
            }
            refresh_editor_checks(state);
            effects.push(Effect::FocusEditor);
        }
    }
    if let Some(node) = &state.ui.selected_node {
        if state.sim.node(node).is_none() {
            state.ui.selected_node = None;
        }
    }
    if let Some(pod) = &state.ui.selected_pod {
        if state.sim.pod(pod).is_none() {
            state.ui.selected_pod = None;
        }
    }
    announce_pod_changes(state);
    if let (Some(text), 0) = (&file, out.exit_code) {
        let names: Vec<(String, i64)> = dsp_core::manifest::check_manifests(text)
            .parsed
            .documents
            .iter()
            .filter_map(|d| match &d.object {
                Some(dsp_core::manifest::Manifest::DaemonSet(ds)) => ds.metadata.name.clone(),
                _ => None,
            })
            .filter_map(|name| Some((name.clone(), state.sim.daemonset(&name)?.generation)))
            .collect();
        state.ui.applied = (!names.is_empty()).then(|| (text.clone(), names));
    }
    let executed = Executed {
        line: input.line.clone(),
        exit_code: out.exit_code,
        text: out.text(),
        read_editor: file.is_some(),
        reads: out.reads,
    };
    state.ui.log.push(LogEntry {
        t,
        line: input.line,
        stdin: input.stdin,
        file,
        waits,
    });
    executed
}

/// A logged line as a real cluster would take it: the editor file becomes standard input.
fn exportable(entry: &LogEntry) -> Input {
    match &entry.file {
        Some(text) => {
            let line = entry
                .line
                .split_whitespace()
                .map(|w| if w == EDITOR_FILE { "-" } else { w })
                .collect::<Vec<_>>()
                .join(" ");
            Input {
                line,
                stdin: Some(text.clone()),
            }
        }
        None => entry.input(),
    }
}

/// Re-parses the editor text for diagnostics and the "this starts a rollout" notice.
fn refresh_editor_checks(state: &mut AppState) {
    state.ui.editor_check_due = false;
    let check = crate::editor_check::check(&state.sim, &state.ui.editor_text);
    state.ui.diagnostics = Rc::new(check.diagnostics);
    state.ui.editor_notice = check.notice;
    state.ui.editor_legacy = check.legacy;
}

/// Completes the terminal input: one candidate replaces the last word; several are listed and
/// their common prefix is filled in.
fn complete_into(ui: &mut UiState, candidates: Vec<String>) {
    let start = ui.input.rfind(' ').map_or(0, |i| i + 1);
    let word = ui.input[start..].to_string();
    let matching: Vec<String> = candidates
        .into_iter()
        .filter(|c| c.starts_with(&word))
        .collect();
    match matching.len() {
        0 => ui.completions.clear(),
        1 => {
            ui.input.truncate(start);
            ui.input.push_str(&matching[0]);
            ui.input.push(' ');
            ui.completions.clear();
        }
        _ => {
            let prefix = common_prefix(&matching);
            if prefix.len() > word.len() {
                ui.input.truncate(start);
                ui.input.push_str(&prefix);
            }
            ui.completions = matching;
        }
    }
}

fn common_prefix(words: &[String]) -> String {
    let mut prefix: &str = words.first().map_or("", |w| w.as_str());
    for w in &words[1..] {
        let n = prefix
            .chars()
            .zip(w.chars())
            .take_while(|(a, b)| a == b)
            .map(|(a, _)| a.len_utf8())
            .sum();
        prefix = &prefix[..n];
    }
    prefix.to_string()
}

/// Announces pod creations and terminations to screen readers. It reads the simulation's
/// running totals, not the event log: like a cluster's, the log folds similar events together
/// and drops some (client-go's correlator).
fn announce_pod_changes(state: &mut AppState) {
    let churn = state.sim.pod_churn();
    let (created, deleted) = state.ui.announced;
    let text = announcement(
        churn.created.saturating_sub(created),
        &churn.last_created,
        churn.deleted.saturating_sub(deleted),
        &churn.last_deleted,
    );
    state.ui.announced = churn_totals(&state.sim);
    if !text.is_empty() {
        state.ui.announcement = text;
    }
}

fn churn_totals(sim: &dsp_core::Simulation) -> (u64, u64) {
    let churn = sim.pod_churn();
    (churn.created, churn.deleted)
}

fn announcement(created: u64, last_created: &str, deleted: u64, last_deleted: &str) -> String {
    let part = |verb: &str, n: u64, last: &str| match n {
        0 => None,
        1 => Some(format!("Pod {last} {verb}.")),
        n => Some(format!("{n} pods {verb}.")),
    };
    [
        part("created", created, last_created),
        part("terminating", deleted, last_deleted),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ")
}

/// The lane key in effect: the user's choice, else the first key of the first DaemonSet's
/// nodeSelector, else `app` (the article's key).
/// The CSS selector of a node's card or fleet cell.
/// Where a node is on the board, to give it the focus back: its card, or the fleet lane whose
/// active cell it is.
pub fn node_selector(node: &str) -> String {
    format!("[data-drag=\"node\"][data-node=\"{node}\"], .fleet[data-active-node=\"{node}\"]")
}

pub fn effective_lane_key(state: &AppState) -> String {
    if let Some(k) = &state.ui.lane_key {
        return k.clone();
    }
    state
        .sim
        .daemonsets()
        .find_map(|ds| ds.template.node_selector.keys().next().cloned())
        .unwrap_or_else(|| "app".to_string())
}

/// The lane values for a key, in order: values DaemonSets select on, then values nodes carry
/// (sorted), then `None` ("no value").
pub fn lane_values(state: &AppState, key: &str) -> Vec<Option<String>> {
    let on_nodes: std::collections::BTreeSet<&str> = state
        .sim
        .nodes()
        .filter_map(|n| n.labels.get(key).map(String::as_str))
        .collect();
    crate::views::lane_order(&state.sim, key, on_nodes)
}

fn keyboard_move(state: &AppState, node_name: &str, direction: i32) -> Option<UiAction> {
    let node_name = node_name.to_string();
    let node = state.sim.node(&node_name)?;
    let key = effective_lane_key(state);
    let lanes = lane_values(state, &key);
    let current = node.labels.get(&key).cloned();
    let idx = lanes.iter().position(|v| *v == current)? as i32;
    let next = idx + direction.signum();
    if next < 0 || next as usize >= lanes.len() {
        return None;
    }
    Some(UiAction::MoveNodeToLane {
        node: node_name,
        key,
        value: lanes[next as usize].clone(),
    })
}

fn drop_outcome(state: &mut AppState, outcome: DropOutcome, effects: &mut Vec<Effect>) {
    let action = match outcome {
        DropOutcome::MoveNodeToLane {
            node,
            key,
            value,
            anchor,
        } => {
            if let Some(anchor) = anchor {
                reorder(state, &node, &anchor.node, anchor.before);
            }
            let current = state
                .sim
                .node(&node)
                .and_then(|n| n.labels.get(&key).cloned());
            (current != value).then_some(UiAction::MoveNodeToLane { node, key, value })
        }
        DropOutcome::ReorderNode {
            node,
            anchor,
            before,
        } => {
            reorder(state, &node, &anchor, before);
            None
        }
        DropOutcome::AddLabel { node, key, value } => Some(UiAction::AddLabel { node, key, value }),
        DropOutcome::RemoveLabel { node, key } => Some(UiAction::RemoveLabel { node, key }),
        DropOutcome::Click(DragItem::Node { name, .. }) => {
            let again = state.ui.selected_node.as_deref() == Some(name.as_str())
                && state.ui.selected_pod.is_none();
            state.ui.selected_pod = None;
            state.ui.selected_node = if again { None } else { Some(name) };
            None
        }
        DropOutcome::Click(_) | DropOutcome::Cancelled => None,
    };
    if let Some(action) = action {
        execute(state, Input::new(action.command()), effects);
    }
}

/// The first index `i` such that no node `node-i` or later exists.
fn next_node_index(sim: &Simulation) -> u32 {
    sim.nodes()
        .filter_map(|n| n.name.strip_prefix("node-")?.parse::<u32>().ok())
        .max()
        .map_or(0, |m| m + 1)
}

/// Moves `node` next to `anchor` in the board order (every node gets a place first).
fn reorder(state: &mut AppState, node: &str, anchor: &str, before: bool) {
    let mut order: Vec<String> = state.ui.node_order.clone();
    for n in state.sim.nodes() {
        if !order.iter().any(|o| o == &n.name) {
            order.push(n.name.clone());
        }
    }
    order.retain(|n| n != node && state.sim.node(n).is_some());
    let at = order
        .iter()
        .position(|n| n == anchor)
        .map_or(order.len(), |i| if before { i } else { i + 1 });
    order.insert(at, node.to_string());
    state.ui.node_order = order;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drag::LaneRef;

    fn type_line(s: &mut AppState, line: &str) {
        update(s, Msg::TerminalInput(line.into()));
        update(s, Msg::TerminalSubmit);
    }

    fn paused() -> AppState {
        let mut s = AppState::new(7);
        s.ui.playing = false;
        s
    }

    fn terminal_text(s: &AppState) -> String {
        s.ui.terminal
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn drag_node(s: &mut AppState, node: &str, from: Option<&str>, to: Option<&str>) {
        let item = DragItem::node(node, "app", from);
        update(
            s,
            Msg::PointerDown {
                pointer_id: 1,
                item,
                x: 10.0,
                y: 10.0,
            },
        );
        let over = Some(DropTarget::Lane {
            key: "app".into(),
            value: to.map(str::to_string),
        });
        update(
            s,
            Msg::PointerMove {
                pointer_id: 1,
                x: 40.0,
                y: 60.0,
                over: over.clone(),
            },
        );
        update(
            s,
            Msg::PointerUp {
                pointer_id: 1,
                over,
            },
        );
    }

    #[test]
    fn the_page_starts_with_the_articles_nodes_and_daemonset() {
        let s = paused();
        let names: Vec<&str> = s.sim.nodes().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["10.0.10.5", "10.0.10.7"]);
        assert!(s.ui.editor_text.contains("extensions/v1beta1"));
        assert!(s.sim.daemonsets().next().is_none());
    }

    #[test]
    fn apply_runs_kubectl_apply_on_the_editor_file_and_echoes_it() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        let text = terminal_text(&s);
        assert!(text.contains("kubectl apply -f manifest.yaml"), "{text}");
        assert!(text.contains("daemonset.apps/frontend created"), "{text}");
        assert!(s.sim.daemonset("frontend").is_some());
    }

    #[test]
    fn dragging_a_node_into_the_selector_lane_labels_it_and_creates_its_pod() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        drag_node(&mut s, "10.0.10.5", None, Some("frontend-node"));
        assert!(terminal_text(&s).contains("$ kubectl label node 10.0.10.5 app=frontend-node --overwrite")
            || s.ui.terminal.iter().any(|l| l.text == "kubectl label node 10.0.10.5 app=frontend-node --overwrite"));
        assert_eq!(
            s.sim
                .node("10.0.10.5")
                .unwrap()
                .labels
                .get("app")
                .map(String::as_str),
            Some("frontend-node")
        );
        assert_eq!(
            s.sim
                .pods()
                .filter(|p| p.assigned_node() == Some("10.0.10.5"))
                .count(),
            1
        );
    }

    #[test]
    fn dropping_a_node_on_its_own_lane_runs_no_command() {
        let mut s = paused();
        let before = s.ui.terminal.len();
        drag_node(&mut s, "10.0.10.7", None, None);
        assert_eq!(s.ui.terminal.len(), before);
    }

    #[test]
    fn a_click_without_travel_selects_the_node_and_a_second_click_deselects_it() {
        let mut s = paused();
        let item = DragItem::Node {
            name: "10.0.10.5".into(),
            lane: Some(LaneRef::new("app", None)),
        };
        update(
            &mut s,
            Msg::PointerDown {
                pointer_id: 1,
                item: item.clone(),
                x: 5.0,
                y: 5.0,
            },
        );
        update(
            &mut s,
            Msg::PointerUp {
                pointer_id: 1,
                over: None,
            },
        );
        assert_eq!(s.ui.selected_node.as_deref(), Some("10.0.10.5"));
        update(
            &mut s,
            Msg::PointerDown {
                pointer_id: 1,
                item,
                x: 5.0,
                y: 5.0,
            },
        );
        update(
            &mut s,
            Msg::PointerUp {
                pointer_id: 1,
                over: None,
            },
        );
        assert_eq!(s.ui.selected_node, None);
    }

    #[test]
    fn arrow_keys_move_a_node_to_the_neighbouring_lane() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        // Lanes for key app: [frontend-node, <no value>]; the node sits in "no value".
        update(&mut s, Msg::MoveNode("10.0.10.7".into(), -1));
        assert_eq!(
            s.sim
                .node("10.0.10.7")
                .unwrap()
                .labels
                .get("app")
                .map(String::as_str),
            Some("frontend-node")
        );
        update(&mut s, Msg::MoveNode("10.0.10.7".into(), 1));
        assert_eq!(s.sim.node("10.0.10.7").unwrap().labels.get("app"), None);
    }

    #[test]
    fn lanes_list_selector_values_first_then_node_values_then_no_value() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        update(
            &mut s,
            Msg::Action(UiAction::AddLabel {
                node: "10.0.10.7".into(),
                key: "app".into(),
                value: "backend".into(),
            }),
        );
        assert_eq!(
            lane_values(&s, "app"),
            vec![
                Some("frontend-node".to_string()),
                Some("backend".to_string()),
                None
            ]
        );
        assert_eq!(effective_lane_key(&s), "app");
    }

    #[test]
    fn ticks_advance_simulated_time_by_wall_time_times_speed_only_while_playing() {
        let mut s = paused();
        update(&mut s, Msg::Tick(1_000.0));
        update(&mut s, Msg::Tick(1_100.0));
        assert_eq!(s.sim.now(), SimTime(0));
        update(&mut s, Msg::TogglePlay);
        update(&mut s, Msg::SetSpeed(10.0));
        update(&mut s, Msg::Tick(1_200.0));
        assert_eq!(s.sim.now(), SimTime(1_000));
        // A long gap (a background tab) is clamped instead of fast-forwarding.
        update(&mut s, Msg::Tick(100_000.0));
        assert_eq!(s.sim.now(), SimTime(1_000 + 2_500));
    }

    #[test]
    fn step_jumps_to_the_next_timer_and_the_pod_becomes_running() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        update(
            &mut s,
            Msg::Action(UiAction::AddLabel {
                node: "10.0.10.5".into(),
                key: "app".into(),
                value: "frontend-node".into(),
            }),
        );
        for _ in 0..20 {
            if s.sim
                .pods()
                .any(|p| p.assigned_node() == Some("10.0.10.5") && p.kubectl_status() == "Running")
            {
                return;
            }
            update(&mut s, Msg::StepToNextEvent);
        }
        panic!("the pod never became Running");
    }

    #[test]
    fn history_walks_back_and_forward_through_submitted_commands() {
        let mut s = paused();
        for cmd in ["kubectl get nodes", "kubectl get pods"] {
            update(&mut s, Msg::TerminalInput(cmd.into()));
            update(&mut s, Msg::TerminalSubmit);
        }
        update(&mut s, Msg::HistoryPrev);
        assert_eq!(s.ui.input, "kubectl get pods");
        update(&mut s, Msg::HistoryPrev);
        assert_eq!(s.ui.input, "kubectl get nodes");
        update(&mut s, Msg::HistoryNext);
        assert_eq!(s.ui.input, "kubectl get pods");
        update(&mut s, Msg::HistoryNext);
        assert_eq!(s.ui.input, "");
    }

    #[test]
    fn clear_empties_the_terminal_and_help_lists_commands() {
        let mut s = paused();
        update(&mut s, Msg::TerminalInput("help".into()));
        update(&mut s, Msg::TerminalSubmit);
        assert!(terminal_text(&s).contains("kubectl apply -f manifest.yaml"));
        update(&mut s, Msg::TerminalInput("clear".into()));
        update(&mut s, Msg::TerminalSubmit);
        assert!(s.ui.terminal.is_empty());
    }

    #[test]
    fn tab_completes_a_unique_verb() {
        let mut s = paused();
        update(&mut s, Msg::TerminalInput("kubectl desc".into()));
        update(&mut s, Msg::Complete);
        assert_eq!(s.ui.input, "kubectl describe ");
    }

    #[test]
    fn kubectl_edit_opens_the_object_in_the_editor_and_keeps_the_old_text() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        let original = s.ui.editor_text.clone();
        update(
            &mut s,
            Msg::TerminalInput("kubectl edit ds/frontend".into()),
        );
        update(&mut s, Msg::TerminalSubmit);
        assert!(
            s.ui.editor_text.contains("apiVersion: apps/v1"),
            "{}",
            s.ui.editor_text
        );
        assert_eq!(s.ui.editor_backup.as_deref(), Some(original.as_str()));
        update(&mut s, Msg::RestoreEditorBackup);
        assert_eq!(s.ui.editor_text, original);
    }

    #[test]
    fn an_object_opened_by_kubectl_edit_applies_back_with_the_change() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        update(
            &mut s,
            Msg::TerminalInput("kubectl edit ds/frontend".into()),
        );
        update(&mut s, Msg::TerminalSubmit);
        assert!(
            s.ui.editor_text.contains("image: nginx"),
            "{}",
            s.ui.editor_text
        );
        let edited = s.ui.editor_text.replace("image: nginx", "image: httpd");
        update(&mut s, Msg::EditorChanged(edited));
        update(&mut s, Msg::CheckEditor);
        update(&mut s, Msg::Apply);
        let text = terminal_text(&s);
        assert!(
            text.contains("daemonset.apps/frontend configured"),
            "{text}"
        );
        assert_eq!(
            s.sim.daemonset("frontend").map(|d| d.images()),
            Some("httpd".to_string())
        );
    }

    #[test]
    fn a_template_change_in_the_editor_is_announced_before_applying() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        assert_eq!(s.ui.editor_notice, None);
        let changed = s.ui.editor_text.replace("image: nginx", "image: httpd");
        update(&mut s, Msg::EditorChanged(changed));
        update(&mut s, Msg::CheckEditor);
        let notice = s.ui.editor_notice.clone().unwrap_or_default();
        assert!(notice.contains("OnDelete"), "{notice}");
    }

    #[test]
    fn a_yaml_error_in_the_editor_becomes_a_diagnostic_at_its_line() {
        let mut s = paused();
        let before = s.ui.diagnostics.clone();
        update(
            &mut s,
            Msg::EditorChanged("kind: DaemonSet\nmetadata: [\n".into()),
        );
        assert_eq!(s.ui.diagnostics, before, "checked before the pause");
        update(&mut s, Msg::CheckEditor);
        assert!(
            s.ui.diagnostics.iter().any(|d| d.line >= 2),
            "{:?}",
            s.ui.diagnostics
        );
    }

    #[test]
    fn adding_nodes_twice_continues_the_numbering() {
        let mut s = paused();
        update(&mut s, Msg::AddNodes(2));
        update(&mut s, Msg::AddNodes(1));
        let names: Vec<&str> = s
            .sim
            .nodes()
            .map(|n| n.name.as_str())
            .filter(|n| n.starts_with("node-"))
            .collect();
        assert_eq!(names, ["node-0", "node-1", "node-2"]);
        assert!(terminal_text(&s).contains("sim add-nodes 1 --from 2"));
    }

    #[test]
    fn a_shared_session_rebuilds_the_same_board_pod_names_and_clock() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        update(&mut s, Msg::TogglePlay);
        update(&mut s, Msg::Tick(0.0));
        update(
            &mut s,
            Msg::Action(UiAction::AddLabel {
                node: "10.0.10.5".into(),
                key: "app".into(),
                value: "frontend-node".into(),
            }),
        );
        for i in 1..40 {
            update(&mut s, Msg::Tick(i as f64 * 97.0));
        }
        update(&mut s, Msg::AddNodes(3));
        update(
            &mut s,
            Msg::Action(UiAction::AddLabel {
                node: "node-1".into(),
                key: "app".into(),
                value: "frontend-node".into(),
            }),
        );
        update(&mut s, Msg::EditorChanged("kind: Unfinished\n".into()));
        update(&mut s, Msg::CheckEditor);
        for i in 40..90 {
            update(&mut s, Msg::Tick(i as f64 * 97.0));
        }
        let link = crate::session::encode_link(&s.to_session());
        let restored =
            AppState::from_session(&crate::session::decode_link(&link).expect("link decodes"))
                .expect("replays");
        let pods = |st: &AppState| {
            st.sim
                .pods()
                .map(|p| (p.name.clone(), p.kubectl_status()))
                .collect::<Vec<_>>()
        };
        assert_eq!(pods(&restored), pods(&s));
        assert_eq!(restored.sim.now(), s.sim.now());
        assert_eq!(restored.ui.editor_text, "kind: Unfinished\n");
        let labels = |st: &AppState| {
            st.sim
                .nodes()
                .map(|n| (n.name.clone(), n.labels.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(labels(&restored), labels(&s));
        assert_eq!(restored.ui.log, s.ui.log);
    }

    #[test]
    fn reset_starts_fresh_and_forgets_the_saved_session() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        let effects = update(&mut s, Msg::Reset);
        assert!(effects.contains(&Effect::ClearSaved));
        assert!(effects.contains(&Effect::ClearFragment));
        assert!(s.sim.daemonsets().next().is_none());
        assert!(s.ui.log.is_empty());
    }

    #[test]
    fn the_export_script_carries_the_editor_text_as_a_heredoc() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        let effects = update(&mut s, Msg::ExportScript);
        let Some(Effect::Download { content, .. }) = effects.first() else {
            panic!("no download: {effects:?}")
        };
        assert!(content.contains("kubectl apply -f -"), "{content}");
        assert!(content.contains("app: frontend-webserver"), "{content}");
    }

    /// Carries out the effects as the page does for the history controls: a rebuild replays
    /// the changed log (in one go here) and replaces the page.
    fn rebuild(s: &mut AppState, effects: Vec<Effect>) {
        for effect in effects {
            if let Effect::Rebuild(r) = effect {
                let Rebuild {
                    session,
                    redo,
                    rewound,
                    note,
                } = *r;
                let mut job = crate::opening::Job {
                    history: Some(crate::opening::History {
                        redo,
                        rewound,
                        note,
                    }),
                    ..crate::opening::Job::new(session, crate::opening::Source::Rebuild)
                };
                let outcome = loop {
                    if let Some(o) = job.replay.step(u64::MAX, usize::MAX) {
                        break o;
                    }
                };
                match job.end(Some(outcome), "aside") {
                    crate::opening::Ended::Opened(state) => *s = *state,
                    _ => panic!("the rebuild failed"),
                }
            }
        }
    }

    fn pod_names(s: &AppState) -> Vec<String> {
        s.sim.pods().map(|p| p.name.clone()).collect()
    }

    #[test]
    fn the_editor_says_when_the_live_daemonset_changed_since_its_text_was_applied() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        assert_eq!(s.drift(), None);
        type_line(&mut s, "kubectl set image ds/frontend webserver=httpd");
        assert_eq!(s.drift(), Some(("frontend", 1, 2)));
        // Load it: the editor holds the live object, with httpd.
        update(&mut s, Msg::LoadLive("frontend".into()));
        assert_eq!(s.drift(), None);
        assert!(
            s.ui.editor_text.contains("image: httpd"),
            "{}",
            s.ui.editor_text
        );
        // Keep mine: the notice goes and the text stays.
        let mut s = paused();
        update(&mut s, Msg::Apply);
        type_line(&mut s, "kubectl set image ds/frontend webserver=httpd");
        let text = s.ui.editor_text.clone();
        update(&mut s, Msg::KeepEditorText);
        assert_eq!((s.drift(), &s.ui.editor_text), (None, &text));
    }

    #[test]
    fn undo_takes_a_label_back_and_redo_brings_the_same_cluster_back() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        type_line(&mut s, "kubectl label node 10.0.10.7 app=frontend-node");
        type_line(&mut s, "sleep 30s");
        type_line(&mut s, "kubectl label node 10.0.10.5 app=frontend-node");
        type_line(&mut s, "sleep 30s");
        let now = (s.to_session(), pod_names(&s));
        assert_eq!(s.sim.pods().count(), 2);

        // Undo twice: the sleep, then the label.
        let effects = update(&mut s, Msg::Undo);
        rebuild(&mut s, effects);
        let effects = update(&mut s, Msg::Undo);
        rebuild(&mut s, effects);
        assert_eq!(s.ui.redo.len(), 2);
        assert!(s
            .sim
            .node("10.0.10.5")
            .is_some_and(|n| !n.labels.contains_key("app")));
        assert_eq!(s.sim.pods().count(), 1);
        assert!(
            terminal_text(&s).contains("Undone: kubectl label node 10.0.10.5 app=frontend-node")
        );

        // Redo twice: the very same cluster, pod names and clock included.
        for _ in 0..2 {
            let effects = update(&mut s, Msg::Redo);
            rebuild(&mut s, effects);
        }
        assert!(s.ui.redo.is_empty());
        assert_eq!((s.to_session(), pod_names(&s)), now);

        // A new command after an undo: nothing is left to redo.
        let effects = update(&mut s, Msg::Undo);
        rebuild(&mut s, effects);
        type_line(&mut s, "kubectl get pods");
        assert!(s.ui.redo.is_empty());
    }

    #[test]
    fn rewinding_on_the_timeline_and_returning_to_now_gives_the_same_cluster() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        type_line(&mut s, "kubectl label node 10.0.10.7 app=frontend-node");
        type_line(&mut s, "sleep 1m");
        type_line(&mut s, "kubectl set image ds/frontend webserver=httpd");
        type_line(&mut s, "sleep 1m");
        let now = (s.to_session(), pod_names(&s));
        // Just after the label: the pod has not started yet.
        let effects = update(&mut s, Msg::RewindTo(2));
        rebuild(&mut s, effects);
        assert_eq!(s.ui.rewound.as_ref().map(|r| r.at), Some(2));
        assert_eq!(s.ui.log.len(), 2);
        assert!(s
            .sim
            .daemonset("frontend")
            .is_some_and(|d| d.images() == "nginx"));
        // Undo and Redo wait while rewound.
        assert!(update(&mut s, Msg::Undo).is_empty());
        let effects = update(&mut s, Msg::ReturnToNow);
        rebuild(&mut s, effects);
        assert_eq!(s.ui.rewound, None);
        assert_eq!((s.to_session(), pod_names(&s)), now);

        // Changing the cluster while rewound drops the later commands.
        let effects = update(&mut s, Msg::RewindTo(1));
        rebuild(&mut s, effects);
        type_line(&mut s, "kubectl label node 10.0.10.5 app=frontend-node");
        assert_eq!(s.ui.rewound, None);
        assert_eq!(s.ui.log.len(), 2);
        assert!(terminal_text(&s).contains("the 4 commands that followed it are gone"));
    }

    #[test]
    fn show_me_fills_the_input_and_stops_when_the_learner_goes_their_own_way() {
        let mut s = paused();
        let i = tutorial::steps()
            .iter()
            .position(|st| st.show_me.len() >= 2)
            .expect("a step with two lines");
        let before = s.ui.log.len();
        let effects = update(&mut s, Msg::TutorialShowMe(i));
        assert!(effects.contains(&Effect::FocusTerminal));
        // Nothing ran: the first line waits in the input.
        assert_eq!(s.ui.log.len(), before);
        assert_eq!(s.ui.input, tutorial::steps()[i].show_me[0]);
        assert!(terminal_text(&s).contains("press Enter to run the command below (1 of"));
        assert!(terminal_text(&s).contains("The clock is paused"));
        s.ui.input = "kubectl get nodes".into();
        update(&mut s, Msg::TerminalSubmit);
        assert_eq!(s.ui.show_me, None);
        assert!(s.ui.input.is_empty());
    }

    #[test]
    fn show_me_on_every_step_in_order_completes_the_tutorial_by_itself() {
        let mut s = paused();
        update(&mut s, Msg::ToggleTutorial);
        let n = tutorial::steps().len();
        for i in 0..n {
            update(&mut s, Msg::TutorialShowMe(i));
            // Show me fills each line into the terminal; the learner presses Enter.
            let lines = tutorial::steps()[i].show_me;
            for line in lines {
                assert_eq!(s.ui.input, *line, "step {}", i + 1);
                update(&mut s, Msg::TerminalSubmit);
            }
            assert_eq!(s.ui.show_me, None);
            assert!(s.ui.input.is_empty());
            for _ in 0..500 {
                if s.ui.tutorial.done[i] {
                    break;
                }
                update(&mut s, Msg::StepToNextEvent);
            }
            assert!(
                s.ui.tutorial.done[i],
                "step {} ({}) did not turn done",
                i + 1,
                tutorial::steps()[i].title
            );
        }
        assert_eq!(tutorial::done_count(&s.ui.tutorial.done), n);
    }

    #[test]
    fn reset_to_a_step_rebuilds_the_cluster_and_marks_earlier_steps_done() {
        let mut s = paused();
        update(&mut s, Msg::TutorialReset(4));
        assert_eq!(s.ui.tutorial.current, 4);
        assert_eq!(&s.ui.tutorial.done[..5], &[true, true, true, true, false]);
        assert!(s.sim.pods().any(|p| p.assigned_node() == Some("10.0.10.5")));
        // The reset is in the log, so a share link of it rebuilds the same cluster.
        let restored = AppState::from_session(&s.to_session()).expect("replays");
        let names = |st: &AppState| st.sim.pods().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&restored), names(&s));
    }

    #[test]
    fn a_scenario_says_where_it_came_from_and_the_tutorial_reset_keeps_it_aside() {
        let scenario = dsp_kubectl::scenario::by_name("taints-and-tolerations").expect("scenario");
        let mut s = AppState::from_scenario(&scenario).expect("opens");
        let origin = format!("the scenario \"{}\"", scenario.title);
        assert_eq!(s.ui.origin.as_deref(), Some(origin.as_str()));
        // The origin travels with the session (a reload, a share link).
        let session = s.to_session();
        let reopened = AppState::from_session(&session).expect("replays");
        assert_eq!(reopened.ui.origin.as_deref(), Some(origin.as_str()));

        let effects = update(&mut s, Msg::TutorialReset(1));
        let aside: Vec<&Session> = effects
            .iter()
            .filter_map(|e| match e {
                Effect::KeepAside(kept) => Some(&**kept),
                _ => None,
            })
            .collect();
        assert_eq!(
            aside,
            [&session],
            "the scenario's session is kept aside as it was"
        );
        assert!(s.ui.offer_own_session);
        assert!(s
            .ui
            .banner
            .as_ref()
            .is_some_and(|b| b.text.contains("step 2")));
        assert_eq!(
            s.ui.origin, None,
            "the rebuilt cluster is the tutorial's own"
        );

        // A fresh page with nothing done has nothing to keep.
        let mut fresh = paused();
        let effects = update(&mut fresh, Msg::TutorialReset(1));
        assert!(!effects.iter().any(|e| matches!(e, Effect::KeepAside(_))));
        assert!(!fresh.ui.offer_own_session);
    }

    #[test]
    fn opening_a_scenario_over_work_keeps_the_work_aside() {
        let mut s = paused();
        type_line(&mut s, "kubectl label node 10.0.10.5 app=frontend-node");
        let before = s.to_session();
        let effects = update(&mut s, Msg::OpenScenario("article".into()));
        assert!(effects
            .iter()
            .any(|e| matches!(e, Effect::KeepAside(kept) if **kept == before)));
        assert!(s.ui.offer_own_session);
        assert!(s.ui.origin.is_some());
    }

    #[test]
    fn reset_to_a_step_leaves_the_clock_running_and_set_image_then_completes_it() {
        let i = tutorial::steps()
            .iter()
            .position(|s| s.id == "rolling-update")
            .expect("step");
        let mut s = AppState::new(7);
        assert!(s.ui.playing);
        update(&mut s, Msg::TutorialReset(i));
        assert!(s.ui.playing, "the reset paused the clock");
        let check = |sim: &Simulation| tutorial::steps()[i].check(sim);
        assert!(!check(&s.sim));
        for line in tutorial::steps()[i].how.iter().take(2) {
            type_line(&mut s, line);
        }
        // Only the running clock, as a learner who types and waits.
        let mut wall = 0.0;
        while !check(&s.sim) && wall < 600_000.0 {
            wall += 100.0;
            update(&mut s, Msg::Tick(wall));
        }
        assert!(check(&s.sim), "not done after {wall} ms of wall time");

        // Paused before the reset: it stays paused and the terminal says so.
        let mut s = paused();
        update(&mut s, Msg::TutorialReset(i));
        assert!(!s.ui.playing);
        assert!(terminal_text(&s).contains("The clock is paused: press Play to let time run."));
    }

    #[test]
    fn a_crowded_lane_shows_a_capped_number_of_cards_and_sums_up_the_rest() {
        use crate::components::board::{board_view, layout, LANE_CARD_CAP};
        let mut s = paused();
        update(&mut s, Msg::SetBoardMode(BoardMode::Cards));
        update(&mut s, Msg::AddNodes(300));
        update(&mut s, Msg::SelectNode(Some("node-299".into())));
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        let board = board_view(&s, &cluster);
        let lane = board
            .lanes
            .iter()
            .find(|l| l.value.is_none())
            .expect("no-value lane");
        assert_eq!(
            lane.nodes.len(),
            LANE_CARD_CAP + 1,
            "the cap plus the selected node"
        );
        assert!(lane.nodes.iter().any(|n| n.name == "node-299"));
        assert_eq!(lane.nodes.len() + lane.hidden.nodes, 302);
    }

    #[test]
    fn past_two_dozen_nodes_every_node_is_a_fleet_cell_in_board_order() {
        use crate::components::board::{board_view, layout};
        use crate::views::CHANGING_SHOWN;
        let mut s = paused();
        update(&mut s, Msg::Apply);
        type_line(&mut s, "sim add-nodes 300 --label app=frontend-node");
        assert!(layout(&s).fleet, "302 nodes: the fleet view by itself");
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        let board = board_view(&s, &cluster);
        let lane = board
            .lanes
            .iter()
            .find(|l| l.value.as_deref() == Some("frontend-node"))
            .expect("frontend-node lane");
        let names: Vec<&str> = lane.cells.iter().map(|cell| cell.name.as_str()).collect();
        assert_eq!(names.len(), 300);
        assert_eq!(&names[..3], ["node-0", "node-1", "node-2"]);
        assert_eq!(names[299], "node-299");
        assert!(lane.nodes.is_empty(), "no cards in fleet lanes");
        // Every new pod is on its way in: all 300 nodes change, a dozen are shown as cards.
        assert_eq!(board.changing_total, 300);
        assert_eq!(board.changing.len(), CHANGING_SHOWN);
        let cell = &lane.cells[0];
        assert_eq!(
            cell.pod.map(|p| p.0),
            Some(crate::views::PhaseKind::Pending)
        );
        assert_eq!(board.colour_by.as_deref(), Some("frontend"));
        // Asked for cards, the same cluster gets cards again.
        update(&mut s, Msg::SetBoardMode(BoardMode::Cards));
        assert!(!layout(&s).fleet);
    }

    #[test]
    fn a_cell_shows_the_new_pod_of_a_surge_over_the_old_one_it_replaces() {
        use crate::components::board::layout;
        use crate::views::PhaseKind;
        let mut s = paused();
        type_line(&mut s, "sim add-nodes 30 --label app=frontend-node");
        let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  updateStrategy:\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      containers:\n      - name: agent\n        image: nginx\n";
        update(&mut s, Msg::EditorChanged(ds.into()));
        update(&mut s, Msg::CheckEditor);
        update(&mut s, Msg::Apply);
        type_line(&mut s, "sleep 1m");
        type_line(&mut s, "kubectl set image ds/agent agent=httpd");
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        let cells: Vec<_> = cluster
            .fleet
            .iter()
            .flat_map(|(_, cells)| cells.iter().cloned())
            .collect();
        assert_eq!(cells.len(), 32);
        let new_pod = cells
            .iter()
            .filter(|c| {
                c.pod
                    .is_some_and(|(k, slot)| k != PhaseKind::Running && slot == 1)
            })
            .count();
        assert_eq!(
            new_pod, 1,
            "one surge pod, drawn over the old pod on its node"
        );
        assert_eq!(cells.iter().filter(|c| c.changing).count(), 1);
        assert_eq!(
            cells
                .iter()
                .filter(|c| c.pod == Some((PhaseKind::Running, 0)))
                .count(),
            31
        );
    }

    #[test]
    fn the_board_search_counts_matches_and_enter_opens_the_first() {
        use crate::components::board::layout;
        let mut s = paused();
        type_line(&mut s, "sim add-nodes 40 --label zone=east");
        update(&mut s, Msg::SetNodeFilter("node-3".into()));
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        // node-3 and node-30 … node-39
        assert_eq!(cluster.matches, 11);
        let dimmed = cluster
            .fleet
            .iter()
            .flat_map(|(_, c)| c.iter())
            .filter(|c| !c.matched)
            .count();
        assert_eq!(dimmed, 42 - 11);
        update(&mut s, Msg::OpenFirstMatch);
        assert_eq!(s.ui.selected_node.as_deref(), Some("node-3"));
        // A label matches too, whatever its case.
        update(&mut s, Msg::SetNodeFilter("ZONE=EAST".into()));
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        assert_eq!(cluster.matches, 40);
    }

    #[test]
    fn a_node_the_selector_picks_but_a_taint_keeps_out_is_marked_excluded() {
        use crate::components::board::layout;
        let mut s = paused();
        update(&mut s, Msg::Apply);
        type_line(&mut s, "kubectl taint node 10.0.10.5 gpu=yes:NoSchedule");
        type_line(
            &mut s,
            "kubectl label node 10.0.10.5 10.0.10.7 app=frontend-node",
        );
        type_line(&mut s, "sleep 10s");
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        let card = |name: &str| cluster.nodes.iter().find(|n| n.name == name).cloned();
        let tainted = card("10.0.10.5").expect("card");
        assert_eq!(
            tainted.excluded,
            [("frontend".to_string(), "gpu=yes:NoSchedule".to_string())]
        );
        assert!(tainted.pods.is_empty());
        assert!(card("10.0.10.7").expect("card").excluded.is_empty());
        // In the fleet view the cell says so too.
        update(&mut s, Msg::SetBoardMode(BoardMode::Fleet));
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        let excluded: Vec<&str> = cluster
            .fleet
            .iter()
            .flat_map(|(_, cells)| cells.iter())
            .filter(|c| c.excluded)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(excluded, ["10.0.10.5"]);
        // Tolerated, it is no longer excluded.
        type_line(&mut s, "kubectl taint node 10.0.10.5 gpu-");
        let cluster = crate::views::build(&s.sim, &layout(&s), None);
        assert!(cluster
            .fleet
            .iter()
            .flat_map(|(_, c)| c.iter())
            .all(|c| !c.excluded));
    }

    #[test]
    fn views_kept_between_updates_equal_views_built_afresh() {
        use crate::components::board::layout;
        use crate::views::{build, ViewCache};
        let mut s = paused();
        let mut cache = ViewCache::default();
        let mut checks = 0;
        let mut look = |s: &AppState, what: &str| {
            let kept = cache.update(&s.sim, &layout(s), None);
            assert_eq!(kept, build(&s.sim, &layout(s), None), "after {what}");
            checks += 1;
        };
        look(&s, "the start");
        let ds = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent\nspec:\n  selector:\n    matchLabels:\n      app: agent\n  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 3\n  template:\n    metadata:\n      labels:\n        app: agent\n    spec:\n      nodeSelector:\n        pool: a\n      containers:\n      - name: agent\n        image: nginx\n";
        let script: &[&str] = &[
            "sim add-nodes 40 --label pool=a",
            "EDITOR",
            "sleep 1s",
            "sleep 2s",
            "sleep 5s",
            "kubectl label node node-3 pool=b --overwrite",
            "sleep 1s",
            "kubectl label node node-4 pool-",
            "kubectl label node node-5 zone=east",
            "kubectl cordon node-6",
            "kubectl taint node node-7 gpu=yes:NoExecute",
            "sleep 3s",
            "kubectl set image ds/agent agent=httpd",
            "sleep 1s",
            "sleep 1s",
            "sleep 2s",
            "sleep 4s",
            "SEARCH node-1",
            "sleep 2s",
            "SEARCH",
            "MODE cards",
            "sleep 2s",
            "MODE fleet",
            "SELECT node-12",
            "sleep 3s",
            "kubectl rollout undo ds/agent",
            "sleep 1s",
            "sleep 3s",
            "kubectl delete node node-9",
            "sleep 2s",
            "kubectl apply -f manifest.yaml",
            "LANES zone",
            "sleep 2s",
            "LANES",
            "sim add-nodes 3",
            "kubectl label node node-40 pool=a",
            "sleep 10s",
            "kubectl delete pod -l app=agent",
            "sleep 1s",
            "sleep 5s",
            "kubectl delete ds agent --cascade=orphan",
            "sleep 2s",
            "kubectl delete ds frontend",
            "sleep 5s",
        ];
        for line in script {
            let msg = match line.split_once(' ').unwrap_or((line, "")) {
                ("EDITOR", _) => {
                    update(&mut s, Msg::EditorChanged(ds.into()));
                    update(&mut s, Msg::CheckEditor);
                    Msg::Apply
                }
                ("SEARCH", text) => Msg::SetNodeFilter(text.into()),
                ("MODE", "cards") => Msg::SetBoardMode(BoardMode::Cards),
                ("MODE", _) => Msg::SetBoardMode(BoardMode::Fleet),
                ("SELECT", node) => Msg::SelectNode(Some(node.into())),
                ("LANES", key) => Msg::SetLaneKey((!key.is_empty()).then(|| key.into())),
                _ => {
                    type_line(&mut s, line);
                    look(&s, line);
                    continue;
                }
            };
            update(&mut s, msg);
            look(&s, line);
        }
        assert_eq!(checks, script.len() + 1);
    }

    #[test]
    fn the_pod_panel_opens_with_its_node_and_closing_gives_focus_back() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        type_line(&mut s, "kubectl label node 10.0.10.5 app=frontend-node");
        let pod = s.sim.pods().next().expect("a pod").name.clone();
        update(&mut s, Msg::SelectPod(Some(pod.clone())));
        let view = crate::components::pod_panel::pod_panel_view(&s, &pod).expect("panel");
        assert_eq!(view.conditions, [("PodScheduled", false)]);
        type_line(&mut s, "sleep 5s");
        assert_eq!(s.ui.selected_node.as_deref(), Some("10.0.10.5"));
        let view = crate::components::pod_panel::pod_panel_view(&s, &pod).expect("panel");
        assert_eq!(view.ds, "frontend");
        assert_eq!(view.node, "10.0.10.5");
        assert_eq!(view.conditions[0], ("PodReadyToStartContainers", true));
        assert_eq!(view.conditions[1], ("Initialized", true));
        assert!(view.events.iter().any(|e| e.reason == "Scheduled"));
        let effects = update(&mut s, Msg::CloseDrawer);
        assert_eq!(
            effects,
            [Effect::Focus(format!(
                "[data-testid=\"pod-tile\"][data-pod=\"{pod}\"]"
            ))]
        );
        assert_eq!(
            (s.ui.selected_pod.as_ref(), s.ui.selected_node.as_ref()),
            (None, None)
        );
        // A deleted pod's panel gives the drawer to its node.
        update(&mut s, Msg::SelectPod(Some(pod.clone())));
        type_line(&mut s, &format!("kubectl delete pod {pod}"));
        type_line(&mut s, "sleep 1m");
        assert_eq!(s.ui.selected_pod, None);
        assert_eq!(s.ui.selected_node.as_deref(), Some("10.0.10.5"));
        let effects = update(&mut s, Msg::CloseDrawer);
        assert_eq!(effects, [Effect::Focus(node_selector("10.0.10.5"))]);
    }

    #[test]
    fn deleting_the_selected_node_closes_the_inspector() {
        let mut s = paused();
        update(&mut s, Msg::SelectNode(Some("10.0.10.5".into())));
        update(
            &mut s,
            Msg::Action(UiAction::DeleteNode {
                node: "10.0.10.5".into(),
            }),
        );
        assert_eq!(s.ui.selected_node, None);
        assert!(s.sim.node("10.0.10.5").is_none());
    }

    #[test]
    fn pod_creation_is_announced_to_screen_readers() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        let effects = update(
            &mut s,
            Msg::Action(UiAction::AddLabel {
                node: "10.0.10.5".into(),
                key: "app".into(),
                value: "frontend-node".into(),
            }),
        );
        assert!(s.ui.announcement.contains("created"), "{effects:?}");
    }

    #[test]
    fn a_large_wave_is_announced_as_a_count_though_the_event_log_combines_it() {
        let mut s = paused();
        for line in [
            "sim add-nodes 30 --prefix w- --label app=frontend-node",
            "kubectl label node 10.0.10.5 app=frontend-node",
        ] {
            update(&mut s, Msg::TerminalInput(line.into()));
            update(&mut s, Msg::TerminalSubmit);
        }
        assert_eq!(s.ui.announcement, "");
        update(&mut s, Msg::Apply);
        assert_eq!(s.ui.announcement, "31 pods created.");
        let creates = s
            .sim
            .events()
            .iter()
            .filter(|e| e.reason == "SuccessfulCreate")
            .count();
        assert_eq!(creates, 10, "nine single events and one combined event");
    }

    #[test]
    fn terminal_lines_keep_their_numbers_when_earlier_ones_go() {
        let mut s = paused();
        for line in ["kubectl get nodes", "clear", "kubectl get ds"] {
            update(&mut s, Msg::TerminalInput(line.into()));
            update(&mut s, Msg::TerminalSubmit);
        }
        // The welcome note, the first command and its three lines went with `clear`.
        assert_eq!(s.ui.terminal_first, 5);
        assert_eq!(s.ui.terminal[0].text, "kubectl get ds");
        for _ in 0..TERMINAL_CAP {
            update(&mut s, Msg::TerminalInput("kubectl get ds".into()));
            update(&mut s, Msg::TerminalSubmit);
        }
        assert_eq!(s.ui.terminal.len(), TERMINAL_CAP);
        // Every command printed two lines: all but the newest TERMINAL_CAP are gone, counted.
        let printed = 5 + 2 * (TERMINAL_CAP as u64 + 1);
        assert_eq!(s.ui.terminal_first + TERMINAL_CAP as u64, printed);
    }

    #[test]
    fn no_template_notice_when_applying_keeps_a_restart_annotation() {
        let mut s = paused();
        update(&mut s, Msg::Apply);
        update(
            &mut s,
            Msg::TerminalInput("kubectl rollout restart ds/frontend".into()),
        );
        update(&mut s, Msg::TerminalSubmit);
        // The editor still holds the applied text; `kubectl apply` merges three ways and keeps
        // the restart annotation it lacks, so applying it changes no template.
        let same = s.ui.editor_text.clone();
        update(&mut s, Msg::EditorChanged(same));
        update(&mut s, Msg::CheckEditor);
        assert_eq!(s.ui.editor_notice, None);
        let changed = s.ui.editor_text.replace("image: nginx", "image: httpd");
        update(&mut s, Msg::EditorChanged(changed));
        update(&mut s, Msg::CheckEditor);
        assert!(s.ui.editor_notice.is_some());
    }

    #[test]
    fn a_watch_prints_its_rows_and_ends_with_a_note_not_an_error() {
        use crate::host::LineKind;
        let mut s = paused();
        update(&mut s, Msg::Apply);
        for line in [
            "kubectl label node 10.0.10.5 app=frontend-node",
            "kubectl get pods -w",
        ] {
            update(&mut s, Msg::TerminalInput(line.into()));
            update(&mut s, Msg::TerminalSubmit);
        }
        let tail: Vec<(LineKind, &str)> =
            s.ui.terminal
                .iter()
                .rev()
                .take(2)
                .map(|l| (l.kind, l.text.as_str()))
                .collect();
        assert!(tail[1].1.contains("Running"), "{tail:?}");
        assert_eq!(tail[0].0, LineKind::Note, "{tail:?}");
        assert!(
            tail[0].1.starts_with("(nothing is left to happen"),
            "{tail:?}"
        );
    }

    /// The web terminal and `dsplay run` take the same call: one script typed line by line
    /// into the page gives, line for line and stream for stream, what the CLI gives.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_script_typed_into_the_page_prints_what_dsplay_run_prints() {
        let script = "kubectl get nodes
kubectl apply -f manifest.yaml
kubectl label node 10.0.10.5 app=frontend-node
sleep 30s
kubectl get pods -w
kubectl get ds nope
sim add-nodes 1 --label app=frontend-node
kubectl rollout status ds/frontend
kubectl describe ds frontend
";
        let dir = std::env::temp_dir().join(format!("dsp-one-shell-{}", std::process::id()));
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join(EDITOR_FILE), article_manifest()));
        assert!(written.is_ok(), "{written:?}");
        let opts = dsp_cli::RunOptions::default();
        let cli = dsp_cli::run_script_outputs(script, &dir, &opts);
        let _ = std::fs::remove_dir_all(&dir);
        let (_, outputs) = cli.unwrap_or_else(|e| panic!("{e}"));
        let inputs = dsp_kubectl::shell::parse_script(script).unwrap_or_default();
        assert_eq!(outputs.len(), inputs.len());
        let expected: Vec<TermLine> = inputs
            .iter()
            .zip(&outputs)
            .flat_map(|(input, out)| host::lines(input, out))
            .collect();

        let mut page = AppState::new(opts.seed);
        page.ui.playing = false;
        let welcome = page.ui.terminal.len();
        for input in &inputs {
            update(&mut page, Msg::TerminalInput(input.line.clone()));
            update(&mut page, Msg::TerminalSubmit);
        }
        assert_eq!(page.ui.terminal[welcome..], expected[..]);
        // Every stream is there: a warning, an error, a note.
        use crate::host::LineKind;
        for kind in [LineKind::Stdout, LineKind::Stderr, LineKind::Note] {
            assert!(expected.iter().any(|l| l.kind == kind), "no {kind:?} line");
        }
    }
}
