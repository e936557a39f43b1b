//! What `kubectl apply -f` would do with a manifest, without doing it: the page's editor says
//! before Apply whether the text starts a rollout. The decision is the apply path's own: the
//! same last-applied annotation and three-way merge as `kubectl apply`, then the API server's
//! change detection (`Simulation::replace_effect`).

use crate::objects;
use crate::verbs::writes::{record_last_applied, three_way_apply};
use dsp_core::manifest::{Manifest, ParseResult};
use dsp_core::model::UpdateStrategy;
use dsp_core::{ReplaceEffect, Simulation};

/// What applying one DaemonSet document would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplyPreview {
    /// No DaemonSet of that name yet: `created`.
    Create { name: String },
    /// Nothing would change: `unchanged`.
    Unchanged { name: String },
    /// Labels, annotations or spec fields outside the pod template change: `configured`, and
    /// the pods stay as they are.
    Configure { name: String },
    /// The pod template changes. `strategy` is the DaemonSet's update strategy now and `pods`
    /// the pods it runs now (`currentNumberScheduled`): with RollingUpdate a rolling update of
    /// them starts; with OnDelete they keep the old template until deleted.
    TemplateChange {
        name: String,
        strategy: UpdateStrategy,
        pods: i32,
    },
    /// The apply would fail (the merge, or the API server's validation); `error` is what
    /// kubectl would print.
    Rejected { name: String, error: String },
}

/// One preview per decoded DaemonSet document, in document order (Nodes and documents with
/// errors are left out; the editor's diagnostics cover those).
pub fn apply_preview(sim: &Simulation, parsed: &ParseResult) -> Vec<ApplyPreview> {
    let mut out = Vec::new();
    for doc in &parsed.documents {
        let Some(Manifest::DaemonSet(new)) = &doc.object else {
            continue;
        };
        let name = new.metadata.name.clone().unwrap_or_default();
        let Some(current) = sim.daemonset(&name) else {
            out.push(ApplyPreview::Create { name });
            continue;
        };
        let mut obj = (**new).clone();
        record_last_applied(&mut obj, doc.written.as_ref());
        let live = objects::daemonset_for_edit(current);
        let merged = match three_way_apply(live, current.last_applied.as_deref(), &obj) {
            Ok(merged) => merged,
            Err(error) => {
                out.push(ApplyPreview::Rejected { name, error });
                continue;
            }
        };
        out.push(match sim.replace_effect(merged) {
            Ok(ReplaceEffect::Unchanged) => ApplyPreview::Unchanged { name },
            Ok(ReplaceEffect::Configured) => ApplyPreview::Configure { name },
            Ok(ReplaceEffect::TemplateChanged) => ApplyPreview::TemplateChange {
                name,
                strategy: current.update_strategy,
                pods: current.status.current_number_scheduled,
            },
            Err(e) => ApplyPreview::Rejected {
                name,
                error: e.to_string(),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{self, Input};
    use crate::Io;
    use dsp_core::manifest::parse_manifests;

    const DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: frontend
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: webserver
        image: nginx
";

    struct File(String);

    impl Io for File {
        fn read_file(&mut self, _path: &str) -> Result<String, String> {
            Ok(self.0.clone())
        }
    }

    /// The preview, then what `kubectl apply` really printed for the same text.
    fn preview_then_apply(sim: &mut Simulation, text: &str) -> (Vec<ApplyPreview>, String) {
        let preview = apply_preview(sim, &parse_manifests(text));
        let out = shell::run(
            sim,
            &Input::new("kubectl apply -f ds.yaml"),
            &mut File(text.to_string()),
        );
        (preview, out.text())
    }

    #[test]
    fn the_preview_is_what_apply_then_does() {
        let mut sim = Simulation::with_article_nodes(3);
        let name = || "frontend".to_string();
        let (p, out) = preview_then_apply(&mut sim, DS);
        assert_eq!(p, [ApplyPreview::Create { name: name() }]);
        assert_eq!(out, "daemonset.apps/frontend created\n");
        sim.run_until_idle();

        let (p, out) = preview_then_apply(&mut sim, DS);
        assert_eq!(p, [ApplyPreview::Unchanged { name: name() }]);
        assert_eq!(out, "daemonset.apps/frontend unchanged\n");

        let labelled = DS.replace(
            "  name: frontend\n",
            "  name: frontend\n  labels:\n    team: a\n",
        );
        let (p, out) = preview_then_apply(&mut sim, &labelled);
        assert_eq!(p, [ApplyPreview::Configure { name: name() }]);
        assert_eq!(out, "daemonset.apps/frontend configured\n");
        assert_eq!(sim.revisions_of("frontend").len(), 1, "no new template");

        let httpd = labelled.replace("image: nginx", "image: httpd");
        let (p, out) = preview_then_apply(&mut sim, &httpd);
        assert_eq!(
            p,
            [ApplyPreview::TemplateChange {
                name: name(),
                strategy: sim.daemonset("frontend").expect("ds").update_strategy,
                pods: 2
            }]
        );
        assert!(matches!(
            sim.daemonset("frontend").expect("ds").update_strategy,
            UpdateStrategy::RollingUpdate { .. }
        ));
        assert_eq!(out, "daemonset.apps/frontend configured\n");
        assert_eq!(sim.revisions_of("frontend").len(), 2);

        let moved = httpd.replace("app: web", "app: other");
        let (p, out) = preview_then_apply(&mut sim, &moved);
        match p.as_slice() {
            [ApplyPreview::Rejected { error, .. }] => {
                assert!(error.contains("field is immutable"), "{error}");
                assert_eq!(out, format!("{error}\n"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_restart_annotation_the_text_lacks_is_kept_so_no_template_change() {
        let mut sim = Simulation::with_article_nodes(4);
        shell::run(
            &mut sim,
            &Input::new("kubectl apply -f ds.yaml"),
            &mut File(DS.to_string()),
        );
        shell::run(
            &mut sim,
            &Input::new("kubectl rollout restart ds/frontend"),
            &mut File(String::new()),
        );
        let p = apply_preview(&sim, &parse_manifests(DS));
        assert_eq!(
            p,
            [ApplyPreview::Unchanged {
                name: "frontend".into()
            }]
        );
    }

    #[test]
    fn nodes_and_broken_documents_are_left_out() {
        let sim = Simulation::with_article_nodes(5);
        let text = format!(
            "apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n---\nkind: DaemonSet\n---\n{DS}"
        );
        assert_eq!(
            apply_preview(&sim, &parse_manifests(&text)),
            [ApplyPreview::Create {
                name: "frontend".into()
            }]
        );
    }
}
