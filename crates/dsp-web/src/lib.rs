//! dsp-web: the DaemonSet Playground page, a Yew app over dsp-core and dsp-kubectl.
//!
//! Start at [`App`]: the root component owns the one store (`state::AppState`), feeds every
//! message through the pure `state::update`, performs the effects it returns, and renders
//! view-model snapshots (`views`) through function components (`components`). The ticker
//! (`ticker`) is the only code that reads wall time; `autosave` decides when the session is
//! saved. Window and document events come in through gloo listeners held by [`App`].

pub(crate) mod actions;
pub(crate) mod autosave;
pub(crate) mod components;
pub(crate) mod crash;
pub(crate) mod drag;
pub(crate) mod editor;
pub(crate) mod editor_check;
pub(crate) mod host;
pub(crate) mod opening;
pub(crate) mod platform;
pub(crate) mod scenario_cards;
pub(crate) mod session;
pub(crate) mod state;
pub(crate) mod ticker;
pub(crate) mod tutorial;
pub(crate) mod views;

use std::rc::Rc;

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement, KeyboardEvent, PointerEvent};
use yew::prelude::*;

use autosave::{Autosave, Change};

use components::board::{board_view, Board};
use components::cluster::ClusterPanel;
use components::drawer::Drawer;
use components::header::Header;
use components::inspector::{inspector_view, Inspector};
use components::pod_panel::{pod_panel_view, PodPanel};
use components::splitter::{Edge, Splitter};
use components::terminal::Terminal;
use editor::ManifestEditor;
use state::{update, AppState, Effect, Msg, Theme};
use views::{clock_text, ClusterView};

/// The default seed: a plain page load is reproducible.
pub const DEFAULT_SEED: u64 = 20_170_301;

/// Mounts the app on the document body.
pub fn start() {
    let key = platform::session_key(&platform::location().0);
    crash::install(platform::unreadable_key(&key), key);
    yew::Renderer::<App>::new().render();
}

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    #[prop_or(DEFAULT_SEED)]
    pub seed: u64,
    /// Start the clock running (tests mount it paused and step it).
    #[prop_or(true)]
    pub autoplay: bool,
    /// Read the URL and the saved session at start, and autosave (tests mount without).
    #[prop_or(true)]
    pub persist: bool,
}

impl Default for AppProps {
    fn default() -> Self {
        AppProps {
            seed: DEFAULT_SEED,
            autoplay: true,
            persist: true,
        }
    }
}

/// The root component's messages: the store's, and the autosave timer's.
pub enum AppMsg {
    /// A message for `state::update`.
    Ui(Msg),
    /// Save the session now if it changed since the last save (the autosave timer fired, or
    /// the page is being hidden or left).
    Save,
    /// Stop opening the session being replayed (the progress dialog's Cancel).
    CancelOpening,
}

impl From<Msg> for AppMsg {
    fn from(msg: Msg) -> Self {
        AppMsg::Ui(msg)
    }
}

pub struct App {
    state: AppState,
    views: ClusterView,
    /// Keeps the view models between builds: only the nodes that changed are built again.
    view_cache: views::ViewCache,
    /// The board's view, built again only after a user message or a rebuild of the views (a
    /// tick that only moved the clock draws the same board, and the same `Rc` lets Yew skip it).
    board: Rc<components::board::BoardView>,
    views_generation: u64,
    views_layout: views::Layout,
    /// Wall time (ms) of the last event-stream redraw while the clock runs, and whether the
    /// stream shown is older than the simulation.
    events_refreshed: f64,
    events_stale: bool,
    clock: String,
    /// Dropped with the component, which cancels its next frame.
    _ticker: Option<ticker::Ticker>,
    terminal_input: NodeRef,
    /// `None` when the app does not persist (tests).
    autosave: Option<Autosave>,
    scenarios: Rc<Vec<(String, String)>>,
    /// Window and document listeners, removed when dropped.
    _listeners: Vec<EventListener>,
    /// One callback for every component's messages, made once: memoised components compare
    /// their props, and a callback made in each `view` would never compare equal.
    on_msg: Callback<Msg>,
    /// A CSS selector to focus once the next render is on the page (`Effect::Focus`).
    pending_focus: Option<String>,
    /// Wall time (ms) of the last board rebuild on a tick (see `BOARD_REFRESH_MS`).
    board_refreshed: f64,
    /// The session being opened (replayed a slice per frame behind a progress dialog); the
    /// page ignores everything else meanwhile and does not save.
    opening: Option<opening::Job>,
    /// Whether the clock runs on a page that opens fresh (tests mount it paused).
    autoplay: bool,
    /// Sends `Msg::CheckEditor` once typing pauses; replaced (so cancelled) by each key press.
    editor_check: Option<gloo_timers::callback::Timeout>,
    link: yew::html::Scope<App>,
    /// The localStorage key of this page's session (`platform::session_key`: an embed has its
    /// own).
    storage_key: String,
}

/// How long typing must pause before the editor text is checked again (ms).
const EDITOR_CHECK_DELAY_MS: u32 = 180;

/// The progress dialog's Cancel button, focused while a session opens.
const OPENING_CANCEL: &str = "[data-testid=\"opening-cancel\"]";

/// The wall time one frame spends replaying a session being opened.
const OPENING_FRAME_MS: f64 = 12.0;

/// While the clock runs, the event stream is redrawn at most this often (wall time, ms).
const EVENTS_REFRESH_MS: f64 = 250.0;

/// Past this many nodes, while the clock runs, the board is rebuilt at most every
/// `BOARD_REFRESH_MS` of wall time: a rebuild of 5,000 fleet cells costs more than a frame,
/// and five a second still show a rollout sweeping. User actions rebuild at once.
const LARGE_BOARD_NODES: usize = 1000;
const BOARD_REFRESH_MS: f64 = 200.0;

/// The page's first state (a scenario, or a fresh start), and the session to replay over it
/// (a shared link or the saved session).
fn initial_state(props: &AppProps) -> (AppState, Option<opening::Job>, String) {
    use opening::{Job, Source};
    use session::Opening;
    if !props.persist {
        let mut state = AppState::new(props.seed);
        state.ui.playing = props.autoplay;
        return (state, None, platform::SESSION_KEY.to_string());
    }
    let (search, hash) = platform::location();
    let embed = platform::query_param(&search, "embed").is_some();
    // An embed keeps a session of its own per scenario: once it has one, a reload shows it
    // rather than running the scenario again over the reader's changes.
    let key = platform::session_key(&search);
    let aside = platform::unreadable_key(&key);
    let saved = platform::load(&key);
    let search = if embed && saved.is_some() {
        platform::without_param(&search, "scenario")
    } else {
        search
    };
    let start = session::choose_start(&search, &hash, saved.as_deref(), &aside);
    if let Some(text) = &start.keep_unreadable {
        platform::save(&aside, text);
    }
    // Take the link out of the address bar before replaying it: should it be hostile enough to
    // stall the page, a reload does not open it again.
    if hash.starts_with("#s=") {
        platform::clear_fragment();
    }
    // A link or a scenario over a saved session: that session is kept aside, and the page
    // offers to go back to it.
    let replaces_saved = matches!(start.opening, Some(Opening::Link(_) | Opening::Scenario(_)))
        && saved
            .as_deref()
            .is_some_and(|text| session::from_json(text).is_ok());
    if let (true, Some(text)) = (replaces_saved, &saved) {
        platform::save(&platform::before_key(&key), text);
    }
    let (mut state, job) = match start.opening {
        Some(Opening::Scenario(scenario)) => {
            // Once loaded, the scenario leaves the address bar: a reload restores the saved
            // session (the scenario and what was done since), never the scenario over it.
            if !embed {
                platform::drop_query_param("scenario");
            }
            let mut state = AppState::open(Some(&scenario), props.seed);
            if replaces_saved && state.ui.banner.is_none() {
                state.ui.banner = Some(state::Banner {
                    error: false,
                    text: format!("You opened the scenario \"{}\".", scenario.title),
                });
                state.ui.offer_own_session = true;
            }
            (state, None)
        }
        Some(Opening::Link(session)) => {
            let job = Job {
                banner: start.banner,
                fallback: start.fallback,
                offer_own_session: replaces_saved,
                ..Job::new(session, Source::Link)
            };
            (AppState::new(props.seed), Some(job))
        }
        Some(Opening::Saved(session)) => {
            let job = Job {
                banner: start.banner,
                ..Job::new(session, Source::Saved)
            };
            (AppState::new(props.seed), Some(job))
        }
        None => {
            let mut state = AppState::open(None, props.seed);
            state.ui.playing = props.autoplay;
            // A first visit: nothing saved, no link, no scenario, and never answered before.
            state.ui.invite = start.banner.is_none()
                && saved.is_none()
                && !embed
                && platform::load(platform::INVITED_KEY).is_none();
            state.ui.banner = start.banner;
            (state, None)
        }
    };
    if job.is_some() {
        state.ui.playing = false;
    }
    state.ui.embed = embed;
    (state, job, key)
}

impl Component for App {
    type Message = AppMsg;
    type Properties = AppProps;

    fn create(ctx: &Context<Self>) -> Self {
        let (state, opening, storage_key) = initial_state(ctx.props());
        let views_layout = components::board::layout(&state);
        let mut view_cache = views::ViewCache::default();
        let views = view_cache.update(&state.sim, &views_layout, None);
        let board = Rc::new(board_view(&state, &views));
        let link = ctx.link().clone();
        let ticker = ticker::Ticker::start(move |now| link.send_message(Msg::Tick(now)));
        let persist = ctx.props().persist;
        let mut app = App {
            views_generation: state.sim.resource_version(),
            views_layout,
            events_refreshed: f64::NEG_INFINITY,
            events_stale: false,
            clock: clock_text(state.sim.now().0),
            state,
            views,
            view_cache,
            board,
            _ticker: ticker,
            terminal_input: NodeRef::default(),
            autosave: persist.then(|| {
                let link = ctx.link().clone();
                Autosave::new(move || link.send_message(AppMsg::Save))
            }),
            _listeners: listeners(ctx.link(), persist),
            on_msg: ctx.link().callback(|m: Msg| m),
            pending_focus: None,
            board_refreshed: f64::NEG_INFINITY,
            opening,
            autoplay: ctx.props().autoplay,
            editor_check: None,
            link: ctx.link().clone(),
            storage_key,
            scenarios: Rc::new(
                dsp_kubectl::scenario::all()
                    .into_iter()
                    .map(|s| (s.name.to_string(), s.title))
                    .collect(),
            ),
        };
        // An ordinary session replays within the first slice: it opens before the first
        // render, and the progress dialog only ever shows for a long one.
        if app.opening.is_some() {
            app.replay_a_frame(0.0);
        }
        if app.opening.is_some() {
            app.pending_focus = Some(OPENING_CANCEL.to_string());
        }
        app
    }

    fn update(&mut self, _ctx: &Context<Self>, msg: AppMsg) -> bool {
        let msg = match msg {
            AppMsg::Ui(msg) => msg,
            AppMsg::Save => {
                if self.opening.is_none() {
                    self.save_if_due();
                }
                return false;
            }
            AppMsg::CancelOpening => {
                if let Some(job) = self.opening.take() {
                    self.end_opening(job, None);
                }
                return true;
            }
        };
        if self.opening.is_some() {
            // Only the frames move on while a session opens: they replay it.
            if let Msg::Tick(now) = msg {
                self.replay_a_frame(now);
                return true;
            }
            return false;
        }
        let tick_wall = match msg {
            Msg::Tick(now) => Some(now),
            _ => None,
        };
        let is_tick = tick_wall.is_some();
        let sim_time = self.state.sim.now();
        let effects = update(&mut self.state, msg);
        for effect in effects {
            self.run_effect(effect);
        }
        if let Some(autosave) = &mut self.autosave {
            autosave.note(match tick_wall {
                None => Change::User,
                Some(_) if self.state.sim.now() != sim_time => Change::Clock,
                Some(_) => Change::None,
            });
        }
        let generation = self.state.sim.resource_version();
        // A large board on a tick waits for its turn; the change is drawn by a later tick.
        let board_waits = tick_wall.is_some_and(|now| {
            now - self.board_refreshed < BOARD_REFRESH_MS
                && self.views.node_count > LARGE_BOARD_NODES
        });
        let sim_changed = generation != self.views_generation && !board_waits;
        if let (true, Some(now)) = (sim_changed, tick_wall) {
            self.board_refreshed = now;
        }
        // The layout only changes on user actions; ticks skip rebuilding it.
        let layout_changed = !is_tick && {
            let layout = components::board::layout(&self.state);
            let changed = layout != self.views_layout;
            self.views_layout = layout;
            changed
        };
        // While the clock runs, the event stream is redrawn at most every EVENTS_REFRESH_MS of
        // wall time: a wave of a large rollout brings dozens of events at once, and redrawing
        // the list in the same frame as the wave's pod tiles made that frame late.
        let events_due =
            tick_wall.is_none_or(|now| now - self.events_refreshed >= EVENTS_REFRESH_MS);
        let mut events_changed = false;
        let mut events_redrawn = false;
        if sim_changed || layout_changed {
            let kept = (!events_due).then(|| self.views.events.clone());
            self.views = self
                .view_cache
                .update(&self.state.sim, &self.views_layout, kept);
            self.views_generation = generation;
            events_redrawn = events_due;
            self.events_stale = !events_due;
        } else if self.events_stale && events_due {
            self.views.events = views::events(&self.state.sim);
            self.events_stale = false;
            events_changed = true;
            events_redrawn = true;
        }
        if let (true, Some(now)) = (events_redrawn, tick_wall) {
            self.events_refreshed = now;
        }
        if !is_tick || sim_changed || layout_changed {
            let board = board_view(&self.state, &self.views);
            if *self.board != board {
                self.board = Rc::new(board);
            }
        }
        let clock = clock_text(self.state.sim.now().0);
        let clock_changed = clock != self.clock;
        self.clock = clock;
        !is_tick || sim_changed || clock_changed || events_changed
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first_render: bool) {
        if let Some(selector) = self.pending_focus.take() {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(&selector).ok().flatten())
                .and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let on_msg = self.on_msg.clone();
        let ui = &self.state.ui;
        let board = self.board.clone();
        let pod_panel = ui
            .selected_pod
            .as_deref()
            .and_then(|name| pod_panel_view(&self.state, name));
        let inspector = ui
            .selected_node
            .as_ref()
            .and_then(|name| self.views.node(name))
            .map(|n| Rc::new(inspector_view(&self.state, n.clone())));
        let drawer = match (pod_panel, inspector) {
            (Some(view), _) => html! {
                <Drawer title={format!("Pod {}", view.name)} subject={format!("pod:{}", view.name)} on_msg={on_msg.clone()}>
                    <PodPanel {view} on_msg={on_msg.clone()} />
                </Drawer>
            },
            (None, Some(view)) => html! {
                <Drawer title={format!("Node {}", view.node.name)} subject={format!("node:{}", view.node.name)} on_msg={on_msg.clone()}>
                    <Inspector {view} on_msg={on_msg.clone()} />
                </Drawer>
            },
            (None, None) => html! {},
        };
        let on_change = ctx.link().callback(Msg::EditorChanged);
        let on_apply = ctx.link().callback(|_| Msg::Apply);
        let legacy = ui.editor_legacy;
        let theme = match ui.theme {
            Theme::System => None,
            Theme::Light => Some("light"),
            Theme::Dark => Some("dark"),
        };
        let send = |m: Msg| ctx.link().callback(move |_: MouseEvent| m.clone());
        let anim_scale = format!("--anim-scale: {:.3}", 1.0 / ui.speed.max(0.5));
        let inert = self.opening.is_some();
        html! {
            <>
            <div class={classes!("app", ui.embed.then_some("embed"))} data-theme={theme} style={anim_scale} {inert}>
                <Header playing={ui.playing} speed={ui.speed} time={AttrValue::from(self.clock.clone())}
                    has_next={self.state.sim.next_timer().is_some()} theme={ui.theme}
                    scenarios={self.scenarios.clone()} has_work={!ui.log.is_empty()}
                    tutorial_open={ui.tutorial.open} embed={ui.embed}
                    can_undo={ui.rewound.is_none() && !ui.log.is_empty()}
                    can_redo={ui.rewound.is_none() && !ui.redo.is_empty()}
                    timeline_open={ui.timeline_open} on_msg={on_msg.clone()} />
                if let Some(r) = &ui.rewound {
                    <div class="banner rewound" data-testid="rewound" role="status">
                        <span>{ format!("You are looking at the cluster just after command {} of {}. The later commands are kept until you change something here.", r.at, r.log.len()) }</span>
                        <button class="primary" data-testid="return-to-now" onclick={send(Msg::ReturnToNow)}>{ "Return to now" }</button>
                    </div>
                }
                if ui.timeline_open && !ui.embed {
                    { timeline(ui, &on_msg) }
                }
                if let Some(banner) = &ui.banner {
                    <div class={classes!("banner", banner.error.then_some("banner-error"))} data-testid="banner"
                        role={if banner.error { "alert" } else { "status" }}>
                        <span>{ banner.text.clone() }</span>
                        if ui.offer_own_session {
                            <span class="banner-offer">{ "Your own session is kept in this browser." }</span>
                            <button data-testid="back-to-own-session" onclick={send(Msg::BackToOwnSession)}>{ "Back to my own session" }</button>
                        }
                        <button class="icon" onclick={send(Msg::DismissBanner)} aria-label="Dismiss this message">{ "×" }</button>
                    </div>
                }
                if ui.invite && !ui.tutorial.open {
                    <section class="invite" data-testid="tutorial-invite" aria-label="The tutorial">
                        <p>
                            <strong>{ "New to DaemonSets? " }</strong>
                            { format!("The tutorial walks you through them in {} short steps on this cluster: create one, label nodes into it and out of it, roll out a new image, and see what taints and a surge change.", tutorial::steps().len()) }
                        </p>
                        <button class="primary" data-testid="tutorial-invite-start" onclick={send(Msg::AnswerInvite(true))}>{ "Start the tutorial" }</button>
                        <button data-testid="tutorial-invite-dismiss" onclick={send(Msg::AnswerInvite(false))}>{ "Not now" }</button>
                    </section>
                }
                <main class={classes!("layout", (ui.tutorial.open && !ui.embed).then_some("with-tutorial"))}>
                    if ui.tutorial.open && !ui.embed {
                        <section class="pane tutorial-pane" aria-label="Tutorial">
                            <tutorial::panel::TutorialPanel current={ui.tutorial.current}
                                done={Rc::new(ui.tutorial.done.clone())}
                                checklist={ui.checklist.clone()}
                                mismatches={ui.mismatches.clone()}
                                origin={ui.origin.clone().map(AttrValue::from)}
                                on_fill={ctx.link().callback(Msg::TutorialFill)}
                                on_copy={ctx.link().callback(Msg::TutorialCopy)}
                                on_select={ctx.link().callback(Msg::TutorialSelect)}
                                on_show_me={ctx.link().callback(Msg::TutorialShowMe)}
                                on_reset={ctx.link().callback(Msg::TutorialReset)}
                                on_close={ctx.link().callback(|_| Msg::ToggleTutorial)} />
                        </section>
                    }
                    <section class="pane editor-pane" aria-label="Manifest editor">
                        <div class="pane-head">
                            <h2>{ "Manifest" }</h2>
                            <div class="pane-actions">
                                if legacy {
                                    <button onclick={send(Msg::ConvertLegacy)} data-testid="convert"
                                        title="Rewrite the legacy YAML as modern apps/v1">{ "Convert to apps/v1" }</button>
                                }
                                if ui.editor_backup.is_some() {
                                    <button onclick={send(Msg::RestoreEditorBackup)} title="Bring back the text the editor held before">{ "Restore previous text" }</button>
                                }
                                <button class="primary" data-testid="apply" onclick={send(Msg::Apply)}
                                    title="kubectl apply -f manifest.yaml (Ctrl+Enter)">{ "Apply" }</button>
                            </div>
                        </div>
                        if let Some((name, then, now)) = self.state.drift() {
                            <div class="notice drift" role="status" data-testid="editor-drift">
                                <p>{ format!("ds/{name} has changed since this text was applied (generation {then} → {now}, by another command). Applying the text now would undo that change.") }</p>
                                <button data-testid="editor-drift-load" onclick={send(Msg::LoadLive(name.to_string()))}>{ "Load the live DaemonSet" }</button>
                                <button data-testid="editor-drift-keep" onclick={send(Msg::KeepEditorText)}>{ "Keep my text" }</button>
                            </div>
                        }
                        if let Some(notice) = &ui.editor_notice {
                            <p class="notice" role="status" data-testid="editor-notice">{ notice.clone() }</p>
                        }
                        <ManifestEditor value={AttrValue::from(ui.editor_text.clone())} diagnostics={ui.diagnostics.clone()}
                            {on_change} {on_apply} label={AttrValue::from("Manifest YAML (the file manifest.yaml)")} />
                    </section>
                    <section class="pane board-pane">
                        if !ui.embed {
                            <Splitter edge={Edge::EditorWidth} />
                            <Splitter edge={Edge::ClusterWidth} />
                        }
                        <Board view={board} on_msg={on_msg.clone()} />
                    </section>
                    <section class="pane cluster-pane">
                        if let Some(card) = ui.scenario.as_deref().and_then(scenario_cards::card) {
                            { scenario_card(card, &self.state.sim, &on_msg) }
                        }
                        <ClusterPanel daemonsets={self.views.daemonsets.clone()} events={self.views.events.clone()} stored={self.views.stored.clone()} on_msg={on_msg.clone()} />
                    </section>
                    <section class="pane terminal-pane">
                        <Splitter edge={Edge::TerminalHeight} />
                        <Terminal lines={ui.terminal.clone()} first={ui.terminal_first} input={AttrValue::from(ui.input.clone())}
                            completions={Rc::new(ui.completions.clone())} on_msg={on_msg}
                            input_ref={self.terminal_input.clone()} />
                    </section>
                </main>
                { drawer }
                <div class="sr-only" aria-live="polite" role="status" data-testid="announcer">{ ui.announcement.clone() }</div>
            </div>
            if let Some(job) = &self.opening {
                { opening_dialog(job, ctx.link().callback(|_: MouseEvent| AppMsg::CancelOpening)) }
            }
            </>
        }
    }
}

/// A scenario's card: what it shows, what to watch for, and what to try (commands to paste).
fn scenario_card(
    card: &'static scenario_cards::Card,
    sim: &dsp_core::Simulation,
    on_msg: &Callback<Msg>,
) -> Html {
    let scenario = dsp_kubectl::scenario::by_name(card.scenario);
    let (title, description) = scenario
        .as_ref()
        .map_or((card.scenario.to_string(), String::new()), |s| {
            (s.title.clone(), s.description.clone())
        });
    let send = |m: Msg| {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(m.clone()))
    };
    html! {
        <section class="scenario-card" data-testid="scenario-card" data-scenario={card.scenario} aria-labelledby="scenario-card-title">
            <header>
                <h2 id="scenario-card-title">{ title }</h2>
                <button class="icon" onclick={send(Msg::DismissScenarioCard)} aria-label="Close the scenario's card">{ "×" }</button>
            </header>
            <p>{ description }</p>
            <p class="scenario-watch" data-testid="scenario-watch"><strong>{ "Watch for: " }</strong>{ card.watch }</p>
            if let Some(now) = card.now {
                <p class="scenario-now" data-testid="scenario-now" aria-live="polite"><strong>{ "Now: " }</strong>{ now(sim) }</p>
            }
            if let Some(goal) = &card.goal {
                <div class="scenario-goal" data-testid="scenario-goal">
                    <p><strong>{ "Goal: " }</strong>{ goal.text }</p>
                    <ul class="tutorial-checklist">
                        { for goal.checklist(sim).into_iter().map(|(text, holds)| html! {
                            <li class={classes!(holds.then_some("holds"))} data-holds={holds.to_string()}>
                                <span class="tutorial-check" aria-hidden="true">{ if holds { "✓" } else { "✗" } }</span>
                                { text }
                                <span class="sr-only">{ if holds { ": yes" } else { ": not yet" } }</span>
                            </li>
                        }) }
                    </ul>
                </div>
            }
            <h3>{ "Try this" }</h3>
            <ul class="scenario-tries">
                { for card.tries.iter().map(|t| html! {
                    <li>
                        <span>{ t.text }</span>
                        if let Some(command) = t.command {
                            <span class="tutorial-how-cmd">
                                <code class="tutorial-cmd">{ command }</code>
                                <button data-testid="scenario-try" onclick={send(Msg::TutorialFill(command.to_string()))}
                                    aria-label={format!("Paste into the terminal: {command}")}>{ "Paste" }</button>
                            </span>
                        }
                    </li>
                }) }
            </ul>
        </section>
    }
}

/// The timeline: every command of the session with its simulated time; choosing one shows the
/// cluster just after it (a replay of the log up to there), "Now" the whole log.
fn timeline(ui: &state::UiState, on_msg: &Callback<Msg>) -> Html {
    /// The most entries listed: the latest ones (a session may hold 20,000).
    const SHOWN: usize = 300;
    let (log, at) = match &ui.rewound {
        Some(r) => (&r.log, r.at),
        None => (&ui.log, ui.log.len()),
    };
    let first = log.len().saturating_sub(SHOWN);
    let pick = |n: usize| {
        let on_msg = on_msg.clone();
        Callback::from(move |_: MouseEvent| {
            on_msg.emit(if n == usize::MAX {
                Msg::ReturnToNow
            } else {
                Msg::RewindTo(n)
            })
        })
    };
    html! {
        <section class="timeline" id="timeline" data-testid="timeline" aria-label="Timeline of this session's commands">
            <h2>{ "Timeline" }</h2>
            if log.is_empty() {
                <p class="muted">{ "No commands yet: everything you do (typed, or on the board) is listed here." }</p>
            } else {
                <ol start={(first + 1).to_string()}>
                    if first > 0 {
                        <li class="muted">{ format!("… {first} earlier commands") }</li>
                    }
                    <li>
                        <button class="timeline-entry" data-testid="timeline-entry" data-n="0" aria-current={(at == 0).then_some("step")}
                            onclick={pick(0)}>
                            <time>{ "00:00:00" }</time><span>{ "the start" }</span>
                        </button>
                    </li>
                    { for log.iter().enumerate().skip(first).map(|(i, e)| html! {
                        <li>
                            <button class="timeline-entry" data-testid="timeline-entry" data-n={(i + 1).to_string()}
                                aria-current={(at == i + 1).then_some("step")} onclick={pick(i + 1)}>
                                <time>{ clock_text(e.t) }</time><code>{ e.line.clone() }</code>
                            </button>
                        </li>
                    }) }
                </ol>
                if ui.rewound.is_some() {
                    <button class="primary" data-testid="timeline-now" onclick={pick(usize::MAX)}>{ "Return to now" }</button>
                }
            }
        </section>
    }
}

/// The dialog over the page while a session opens: what is replayed, how far, and Cancel.
fn opening_dialog(job: &opening::Job, on_cancel: Callback<MouseEvent>) -> Html {
    let (done, total) = job.replay.progress();
    let title = match job.source {
        opening::Source::Link => "Opening the shared session",
        opening::Source::Saved => "Restoring your saved session",
        opening::Source::KeptAside => "Bringing back your own session",
        opening::Source::Rebuild => "Rebuilding the cluster",
    };
    let at = clock_text(job.replay.sim_now().0);
    html! {
        <div class="opening-backdrop">
            <div class="opening" role="dialog" aria-modal="true" aria-labelledby="opening-title"
                aria-describedby="opening-what" data-testid="opening">
                <h2 id="opening-title">{ title }</h2>
                <p id="opening-what">{ format!("The playground rebuilds it by running its {total} commands again on a fresh cluster.") }</p>
                <progress max={total.max(1).to_string()} value={done.to_string()} aria-label="Commands replayed"></progress>
                <p class="opening-count" data-testid="opening-progress">
                    { format!("{done} of {total} commands replayed, simulated time {at}") }
                </p>
                <button data-testid="opening-cancel" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        </div>
    }
}

impl App {
    /// Replays the session being opened for about `OPENING_FRAME_MS` of wall time (one slice
    /// where there is no wall clock), then lets the frame be drawn.
    fn replay_a_frame(&mut self, frame_start: f64) {
        let started = ticker::now_ms().unwrap_or(frame_start);
        loop {
            let Some(job) = &mut self.opening else {
                return;
            };
            if let Some(outcome) = job
                .replay
                .step(opening::SLICE_TIMERS, opening::SLICE_ENTRIES)
            {
                if let Some(job) = self.opening.take() {
                    self.end_opening(job, Some(outcome));
                }
                return;
            }
            if ticker::now_ms().is_none_or(|now| now - started > OPENING_FRAME_MS) {
                return;
            }
        }
    }

    /// A replay finished, was refused or was cancelled (`outcome` `None`).
    fn end_opening(
        &mut self,
        job: opening::Job,
        outcome: Option<Result<(), session::SessionError>>,
    ) {
        let aside = platform::unreadable_key(&self.storage_key);
        match job.end(outcome, &aside) {
            opening::Ended::Opened(state) => {
                let (theme, embed) = (self.state.ui.theme, self.state.ui.embed);
                let timeline_open = self.state.ui.timeline_open;
                self.state = *state;
                self.state.ui.theme = theme;
                self.state.ui.embed = embed;
                self.state.ui.timeline_open = timeline_open;
                self.rebuild_views();
                if let Some(autosave) = &mut self.autosave {
                    autosave.note(Change::User);
                }
            }
            opening::Ended::Kept {
                banner,
                keep_unreadable,
            } => {
                if keep_unreadable {
                    if let Some(text) = platform::load(&self.storage_key) {
                        platform::save(&aside, &text);
                    }
                }
                self.state.ui.banner = Some(banner);
                self.state.ui.playing = self.autoplay;
            }
            opening::Ended::Next { banner, mut job } => {
                job.banner = Some(banner);
                self.opening = Some(*job);
                self.pending_focus = Some(OPENING_CANCEL.to_string());
            }
        }
    }

    /// Builds every view model afresh (a new simulation replaced the old one).
    fn rebuild_views(&mut self) {
        self.views_layout = components::board::layout(&self.state);
        self.view_cache = views::ViewCache::default();
        self.views = self
            .view_cache
            .update(&self.state.sim, &self.views_layout, None);
        self.views_generation = self.state.sim.resource_version();
        self.board = Rc::new(board_view(&self.state, &self.views));
        self.clock = clock_text(self.state.sim.now().0);
        self.events_stale = false;
    }

    /// Writes the session to localStorage if it changed since the last save.
    fn save_if_due(&mut self) {
        if self.autosave.as_mut().is_some_and(Autosave::take_due) {
            platform::save(
                &self.storage_key,
                &session::to_json(&self.state.to_session()),
            );
        }
    }

    fn run_effect(&mut self, effect: Effect) {
        match effect {
            Effect::LoadDescriptions(line) => {
                let link = self.link.clone();
                yew::platform::spawn_local(async move {
                    let result = fetch_descriptions().await;
                    match result {
                        Ok(d) => {
                            host::set_descriptions(d);
                            link.send_message(Msg::DescriptionsLoaded(Ok(()), line));
                        }
                        Err(e) => {
                            host::descriptions_failed();
                            link.send_message(Msg::DescriptionsLoaded(Err(e), line));
                        }
                    }
                });
            }
            Effect::Focus(selector) => self.pending_focus = Some(selector),
            Effect::FocusTerminal => focus(&self.terminal_input),
            Effect::FocusEditor => {
                if let Some(el) = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| {
                        d.query_selector("[data-testid=\"manifest-editor\"]")
                            .ok()
                            .flatten()
                    })
                    .and_then(|e| e.dyn_into::<HtmlTextAreaElement>().ok())
                {
                    let _ = el.focus();
                }
            }
            Effect::Copy(text) => platform::copy(&text),
            Effect::Rebuild(rebuild) => {
                let state::Rebuild {
                    session,
                    redo,
                    rewound,
                    note,
                } = *rebuild;
                self.opening = Some(opening::Job {
                    history: Some(opening::History {
                        redo,
                        rewound,
                        note,
                    }),
                    ..opening::Job::new(session, opening::Source::Rebuild)
                });
                // An ordinary log replays at once: no dialog, no frame without the page.
                self.replay_a_frame(0.0);
                if self.opening.is_some() {
                    self.pending_focus = Some(OPENING_CANCEL.to_string());
                }
            }
            Effect::RememberInvite => {
                platform::save(platform::INVITED_KEY, "1");
            }
            Effect::ShareLink(fragment) => {
                platform::share(&fragment);
            }
            Effect::Download {
                name,
                mime,
                content,
            } => platform::download(&name, &mime, &content),
            Effect::ClearSaved => platform::remove(&self.storage_key),
            Effect::OpenOwnSession => {
                let kept = platform::load(&platform::before_key(&self.storage_key))
                    .ok_or_else(|| "it is no longer in this browser's storage".to_string())
                    .and_then(|text| session::from_json(&text).map_err(|e| e.to_string()));
                match kept {
                    Ok(session) => {
                        self.opening = Some(opening::Job {
                            banner: Some(state::Banner {
                                error: false,
                                text: "Your own session is back.".into(),
                            }),
                            ..opening::Job::new(session, opening::Source::KeptAside)
                        });
                        self.pending_focus = Some(OPENING_CANCEL.to_string());
                    }
                    Err(why) => {
                        self.state.ui.banner = Some(state::Banner {
                            error: true,
                            text: format!("Your own session could not be brought back: {why}."),
                        })
                    }
                }
            }
            Effect::ClearFragment => platform::clear_fragment(),
            Effect::CheckEditorSoon => {
                let link = self.link.clone();
                self.editor_check = Some(gloo_timers::callback::Timeout::new(
                    EDITOR_CHECK_DELAY_MS,
                    move || link.send_message(Msg::CheckEditor),
                ));
            }
            Effect::KeepAside(session) => {
                platform::save(
                    &platform::before_key(&self.storage_key),
                    &session::to_json(&session),
                );
            }
            Effect::OpenSession(session, kept_aside) => {
                self.opening = Some(opening::Job {
                    banner: Some(state::Banner {
                        error: false,
                        text: "You opened a shared session.".into(),
                    }),
                    offer_own_session: kept_aside,
                    ..opening::Job::new(*session, opening::Source::Link)
                });
                self.pending_focus = Some(OPENING_CANCEL.to_string());
            }
        }
    }
}

/// The app's window and document listeners (gloo removes each when it is dropped).
/// `descriptions.json`, served beside the page (Trunk copies it into `dist/`): the field
/// descriptions `kubectl explain` prints, kept out of the first load.
async fn fetch_descriptions() -> Result<dsp_schema::Descriptions, String> {
    let response = gloo_net::http::Request::get("descriptions.json")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().await.map_err(|e| e.to_string())?;
    dsp_schema::Descriptions::from_json(&text)
}

fn listeners(link: &yew::html::Scope<App>, persist: bool) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else {
        return Vec::new();
    };
    let Some(document) = window.document() else {
        return Vec::new();
    };
    let mut listeners = Vec::new();
    // Escape cancels a drag wherever the focus is. Ctrl/Cmd+Z undoes and Ctrl/Cmd+Shift+Z (or
    // Ctrl+Y) redoes, except in the editor and the terminal, whose own undo it would steal.
    let send = link.clone();
    let active = gloo_events::EventListenerOptions::enable_prevent_default();
    listeners.push(EventListener::new_with_options(
        &window,
        "keydown",
        active,
        move |e| {
            let Some(k) = e.dyn_ref::<KeyboardEvent>() else {
                return;
            };
            if k.key() == "Escape" {
                send.send_message(Msg::CancelDrag);
                return;
            }
            if !(k.ctrl_key() || k.meta_key()) || k.alt_key() {
                return;
            }
            let in_text = k
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|el| {
                    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                });
            if in_text {
                return;
            }
            let msg = match (k.key().to_ascii_lowercase().as_str(), k.shift_key()) {
                ("z", false) => Msg::Undo,
                ("z", true) | ("y", false) => Msg::Redo,
                _ => return,
            };
            k.prevent_default();
            send.send_message(msg);
        },
    ));
    // A cancelled pointer or a lost capture ends that pointer's drag without a drop. On the
    // document, because a capture lost with its element (a card that left the page) is
    // reported there.
    for event in ["pointercancel", "lostpointercapture"] {
        let send = link.clone();
        listeners.push(EventListener::new(&document, event, move |e| {
            if let Some(p) = e.dyn_ref::<PointerEvent>() {
                send.send_message(Msg::PointerCancel(p.pointer_id()));
            }
        }));
    }
    if persist {
        // A share link pasted into this tab's address bar.
        let send = link.clone();
        listeners.push(EventListener::new(&window, "hashchange", move |_| {
            send.send_message(Msg::OpenFragment(platform::location().1))
        }));
        // The page may not come back from being hidden or left: save what the timer would.
        let send = link.clone();
        listeners.push(EventListener::new(&window, "pagehide", move |_| {
            send.send_message(AppMsg::Save)
        }));
        let send = link.clone();
        let hidden = document.clone();
        listeners.push(EventListener::new(
            &document,
            "visibilitychange",
            move |_| {
                if hidden.hidden() {
                    send.send_message(AppMsg::Save);
                }
            },
        ));
    }
    listeners
}

fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.focus();
    }
}
