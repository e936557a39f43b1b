//! The drawer: the node inspector or the pod panel, beside the board (a sheet at the bottom
//! on a narrow screen), always in the viewport. It takes focus when it opens; Escape or ×
//! closes it and gives focus back to the card, cell or tile that opened it.

use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::state::Msg;

#[derive(Properties, PartialEq)]
pub struct DrawerProps {
    pub title: AttrValue,
    /// What the drawer shows (`node:NAME`, `pod:NAME`): the focus moves in when it changes.
    pub subject: AttrValue,
    pub on_msg: Callback<Msg>,
    pub children: Html,
}

#[function_component(Drawer)]
pub fn drawer(props: &DrawerProps) -> Html {
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with(props.subject.clone(), move |_| {
            if let Some(h) = heading.cast::<HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    let onkeydown = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.stop_propagation();
                on_msg.emit(Msg::CloseDrawer);
            }
        })
    };
    let close = {
        let on_msg = props.on_msg.clone();
        Callback::from(move |_: MouseEvent| on_msg.emit(Msg::CloseDrawer))
    };
    html! {
        <aside class="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title"
            data-testid="drawer" data-subject={props.subject.clone()} {onkeydown}>
            <header class="panel-head drawer-head">
                <h2 id="drawer-title" tabindex="-1" ref={heading}>{ props.title.clone() }</h2>
                <button class="icon" onclick={close} aria-label="Close (Escape)" data-testid="drawer-close">{ "×" }</button>
            </header>
            <div class="drawer-body">
                { props.children.clone() }
            </div>
        </aside>
    }
}
