//! A measuring stick, not a product: one text area whose content is run through what the
//! playground cannot do without, so the wasm size of those parts alone can be measured.
//! Without features: Yew only. `de`: each YAML document decoded into k8s-openapi's DaemonSet or
//! Node (through `serde_json::Value`, as the playground does). `ser`: the typed object also
//! encoded back to a `Value`, as kubectl's `-o yaml` and the unknown-field check need.

use yew::prelude::*;

#[cfg(feature = "de")]
fn digest(text: &str) -> String {
    use k8s_openapi::api::apps::v1::DaemonSet;
    use k8s_openapi::api::core::v1::Node;
    use serde::Deserialize;
    let mut out = String::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        let value = match serde_json::Value::deserialize(document) {
            Ok(v) => v,
            Err(e) => return e.to_string(),
        };
        let is_node = value.get("kind").and_then(|k| k.as_str()) == Some("Node");
        let line = if is_node {
            Node::deserialize(value).map(|n| describe(&n, n.metadata.name.clone()))
        } else {
            DaemonSet::deserialize(value).map(|d| describe(&d, d.metadata.name.clone()))
        };
        match line {
            Ok(l) => out.push_str(&l),
            Err(e) => out.push_str(&e.to_string()),
        }
        out.push('\n');
    }
    out
}

#[cfg(all(feature = "de", feature = "ser"))]
fn describe<T: serde::Serialize>(object: &T, _name: Option<String>) -> String {
    serde_json::to_value(object)
        .map(|v| v.to_string())
        .unwrap_or_default()
}

#[cfg(all(feature = "de", not(feature = "ser")))]
fn describe<T>(_object: &T, name: Option<String>) -> String {
    name.unwrap_or_default()
}

#[cfg(not(feature = "de"))]
fn digest(text: &str) -> String {
    text.lines().count().to_string()
}

#[function_component(App)]
fn app() -> Html {
    let text = use_state(|| {
        String::from("apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: frontend\n")
    });
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    html! {
        <main>
            <textarea value={(*text).clone()} {oninput} />
            <pre>{ digest(&text) }</pre>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
