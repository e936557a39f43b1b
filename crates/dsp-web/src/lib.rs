//! dsp-web: the DaemonSet Playground page, a Yew app over dsp-core and dsp-kubectl.

use yew::prelude::*;

/// Mounts the app on the document body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

#[function_component(App)]
pub fn app() -> Html {
    let clicks = use_state(|| 0u32);
    let onclick = {
        let clicks = clicks.clone();
        Callback::from(move |_| clicks.set(*clicks + 1))
    };
    html! {
        <main class="app">
            <h1>{ "DaemonSet Playground" }</h1>
            <button data-testid="apply" {onclick}>{ "Apply" }</button>
            <p data-testid="clicks">{ *clicks }</p>
        </main>
    }
}
