//! `kubectl diff -f FILE`: each object of the file as the cluster holds it ("live") against the
//! object as applying the file would leave it ("merged"), as a unified diff.
//!
//! kubectl v1.33 (`pkg/cmd/diff/diff.go`) writes the two versions of every object as YAML,
//! `metadata.managedFields` left out, into two fresh temporary folders made with the prefixes
//! `LIVE-` and `MERGED-` (Go's `os.MkdirTemp`, which appends a random unsigned 32-bit number),
//! one file per object named `GROUP.VERSION.KIND.NAMESPACE.NAME`, the group and its dot left
//! out for the core group (`apps.v1.DaemonSet.default.frontend`, `v1.Node..10.0.10.5`); an
//! object that does not exist yet gets an empty LIVE file. It then runs
//! `diff -u -N LIVE-DIR MERGED-DIR` and passes on its output and exit status: 0 when nothing
//! differs, 1 when something does; its own errors exit with 2 (`CheckDiffErr` adds one to the
//! usual code). GNU diff prints, per differing file in name order, the line
//! `diff -u -N OLD NEW`, the `---` / `+++` lines with each file's modification time, and the
//! hunks ([`crate::diff`]).
//!
//! The merged object is what the server returns from a dry-run of the apply. Here the apply
//! runs on a copy of the simulation (the same client-side merge and server write as
//! `kubectl apply`, each object against the cluster as it is, as each dry run is), and the
//! object is read back at once: a DaemonSet's status is the live one (an update keeps it; a
//! new one has the empty status a create starts with), since the controller that would change
//! it has not seen the write yet. The spec bump shows as `metadata.generation` and, for a
//! template change, the template-generation annotation, as on a real server.
//!
//! For reproducible transcripts, the folder numbers and the files' times come from the
//! simulation: the numbers are drawn from the simulation's seed, resource version and clock and
//! the text of the files read (the same state and file give the same names, anything else other
//! names), and both files carry the simulated time of the command, as files written just
//! before `diff` ran would.

use crate::args::Args;
use crate::kinds::Kind;
use crate::resources::find;
use crate::selector::Selector;
use crate::verbs::writes::{decode, doc_name, doc_namespace, read_sources, write_doc, Doc};
use crate::{objects, Ctx, NoIo};
use dsp_core::manifest::Manifest;
use dsp_core::rng::Rng;
use dsp_core::Simulation;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// kubectl diff's exit code for its own errors (`CheckDiffErr`: the usual 1, plus one).
pub(crate) const ERROR_EXIT: i32 = 2;

/// `kubectl diff`.
pub(crate) fn diff(ctx: &mut Ctx<'_>, args: &Args) {
    match run(ctx, args) {
        Ok(true) => ctx.out.exit_code = 1,
        Ok(false) => {}
        Err(e) => {
            if !e.is_empty() {
                ctx.fail(&e);
            }
            ctx.out.exit_code = ERROR_EXIT;
        }
    }
}

/// The live and merged YAML of one object.
struct Pair {
    live: String,
    merged: String,
}

/// Prints the diff; whether anything differs, or the error (empty when already printed).
fn run(ctx: &mut Ctx<'_>, args: &Args) -> Result<bool, String> {
    if !args.positional.is_empty() {
        return Err(format!(
            "error: Unexpected args: [{}]\nSee 'kubectl diff -h' for help and examples",
            args.positional.join(" ")
        ));
    }
    if !args.has("filename") {
        return Err("error: must specify one of -f and -k".to_string());
    }
    let selector = match args.value("selector") {
        Some(s) => Some(Selector::parse(s).map_err(|e| format!("error: {e}"))?),
        None => None,
    };
    let sources = read_sources(ctx, args)?;
    let (docs, failed) = decode(ctx, &sources, "apply");
    if failed {
        return Err(String::new());
    }
    let mut files: BTreeMap<String, Pair> = BTreeMap::new();
    let mut scratch = Scratch::default();
    for doc in docs {
        if let Some(sel) = &selector {
            if !sel.matches(&doc_labels(&doc.object)) {
                continue;
            }
        }
        let (kind, name) = doc_name(&doc.object);
        let ns = doc_namespace(&doc, args)?;
        let live = find(ctx.sim, kind, &ns, &name).map(|item| item.json(ctx.sim));
        let merged = merged(ctx.sim, &mut scratch, doc, kind, &ns, &name)?;
        let namespace = if kind.namespaced() {
            merged
                .pointer("/metadata/namespace")
                .and_then(Value::as_str)
                .unwrap_or("default")
        } else {
            ""
        };
        let file = format!(
            "{}.{}.{namespace}.{name}",
            kind.api_version().replace('/', "."),
            kind.kind_name()
        );
        if live
            .as_ref()
            .and_then(|l| l.pointer("/metadata/deletionTimestamp"))
            .is_some()
        {
            ctx.warn(&format!(
                "Warning: Detected changes to resource {name} which is currently being deleted."
            ));
        }
        // A second document for the same object writes the same two files again.
        files.insert(
            file,
            Pair {
                live: live.map(|l| yaml(&l)).unwrap_or_default(),
                merged: yaml(&merged),
            },
        );
    }
    let (live_dir, merged_dir) = temp_dirs(ctx.sim, &sources);
    let stamp = file_time(ctx.sim.now());
    let mut differs = false;
    for (file, pair) in &files {
        let hunks = crate::diff::hunks(&pair.live, &pair.merged);
        if hunks.is_empty() {
            continue;
        }
        differs = true;
        let old = format!("{live_dir}/{file}");
        let new = format!("{merged_dir}/{file}");
        ctx.print(&format!(
            "diff -u -N {old} {new}\n--- {old}\t{stamp}\n+++ {new}\t{stamp}\n{hunks}"
        ));
    }
    Ok(differs)
}

fn doc_labels(obj: &Manifest) -> BTreeMap<String, String> {
    match obj {
        Manifest::DaemonSet(d) => d.metadata.labels.clone(),
        Manifest::Node(n) => n.metadata.labels.clone(),
        Manifest::Object { value, .. } => value
            .pointer("/metadata/labels")
            .and_then(|l| serde_json::from_value(l.clone()).ok()),
    }
    .unwrap_or_default()
}

/// Where the dry runs write: one copy of the simulation for the whole command, since a dry run
/// of one object reads and writes only that object (what the controller then does to others is
/// not part of the answer). A second document for an object already written starts from a
/// fresh copy, so that it too is compared with the cluster as it is. One copy per command, not
/// per document, keeps a file of many objects on a large cluster from cloning it again and
/// again.
#[derive(Default)]
struct Scratch {
    copy: Option<Simulation>,
    written: BTreeSet<(&'static str, String)>,
}

/// The object as applying `doc` would store it, or the error the apply gives.
fn merged(
    sim: &Simulation,
    scratch: &mut Scratch,
    doc: Doc,
    kind: Kind,
    namespace: &str,
    name: &str,
) -> Result<Value, String> {
    let key = (kind.kind_name(), name.to_string());
    if scratch.written.contains(&key) {
        scratch.copy = None;
        scratch.written.clear();
    }
    let copy = scratch.copy.get_or_insert_with(|| sim.clone());
    scratch.written.insert(key);
    let exists = find(sim, kind, namespace, name).is_some();
    let mut io = NoIo;
    let mut ctx = Ctx::new(copy, &mut io, None);
    // The apply's own lines and warnings (`configured`, a missing annotation) are not
    // kubectl diff's: only its error is.
    write_doc(&mut ctx, doc, true, exists, namespace)?;
    let stored = match kind {
        Kind::DaemonSet => copy.daemonset(name).map(|d| {
            let mut d = d.clone();
            d.status = sim
                .daemonset(name)
                .map(|live| live.status)
                .unwrap_or_default();
            objects::daemonset(&d)
        }),
        Kind::Node => copy.node(name).map(objects::node),
        Kind::Object(r) => copy
            .object(r.qualified_plural(), namespace, name)
            .map(|o| o.value.clone()),
        _ => None,
    };
    stored.ok_or_else(|| {
        format!(
            "Error from server (NotFound): {} \"{name}\" not found",
            kind.resource()
        )
    })
}

/// An object as `kubectl diff` writes it: YAML without `metadata.managedFields`.
fn yaml(obj: &Value) -> String {
    let mut obj = obj.clone();
    if let Some(meta) = obj.get_mut("metadata").and_then(Value::as_object_mut) {
        meta.remove("managedFields");
    }
    dsp_core::manifest::to_yaml(&obj)
}

/// `/tmp/LIVE-N` and `/tmp/MERGED-N`, N as `os.MkdirTemp` writes its random part (a decimal
/// u32), drawn from the simulation's seed, resource version and clock and the files' text
/// (FNV-1a), so that a replay prints the same names and another diff other names.
fn temp_dirs(sim: &Simulation, sources: &[(String, String)]) -> (String, String) {
    let mut text_hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (_, text) in sources {
        for &byte in text.as_bytes() {
            text_hash = (text_hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    let clock = u64::try_from(sim.now().0).unwrap_or_default();
    let mut rng = Rng::new(sim.seed() ^ sim.resource_version().rotate_left(32) ^ clock ^ text_hash);
    let live = rng.next_u64() as u32;
    let merged = rng.next_u64() as u32;
    (format!("/tmp/LIVE-{live}"), format!("/tmp/MERGED-{merged}"))
}

/// A file's modification time as GNU diff's `-u` header writes it:
/// `2026-01-01 00:01:05.250000000 +0000` (UTC, nanoseconds).
fn file_time(now: dsp_core::SimTime) -> String {
    let seconds = objects::rfc3339(now);
    let day_and_time = seconds.trim_end_matches('Z').replacen('T', " ", 1);
    format!("{day_and_time}.{:03}000000 +0000", now.0.rem_euclid(1000))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::{self, Input};
    use crate::{Output, Stream};

    const DS: &str = "apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: web
  labels:
    tier: front
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
      - name: nginx
        image: nginx
";

    fn run(sim: &mut Simulation, line: &str, stdin: Option<&str>) -> Output {
        let input = Input {
            line: line.to_string(),
            stdin: stdin.map(str::to_string),
        };
        shell::run(sim, &input, &mut NoIo)
    }

    fn applied() -> Simulation {
        let mut sim = Simulation::with_article_nodes(3);
        let out = run(&mut sim, "kubectl apply -f - <<EOF", Some(DS));
        assert_eq!(out.exit_code, 0, "{}", out.text());
        sim
    }

    #[test]
    fn no_difference_prints_nothing_and_exits_0() {
        let mut sim = applied();
        let out = run(&mut sim, "kubectl diff -f - <<EOF", Some(DS));
        assert_eq!((out.exit_code, out.text()), (0, String::new()));
        // No objects at all: two empty folders, nothing differs.
        let out = run(&mut sim, "kubectl diff -f - <<EOF", Some(""));
        assert_eq!((out.exit_code, out.text()), (0, String::new()));
    }

    #[test]
    fn a_difference_exits_1_and_changes_nothing() {
        let mut sim = applied();
        let out = run(&mut sim, "kubectl set image ds/web nginx=httpd", None);
        assert_eq!(out.exit_code, 0, "{}", out.text());
        let version = sim.resource_version();
        let out = run(&mut sim, "kubectl diff -f - <<EOF", Some(DS));
        assert_eq!(out.exit_code, 1, "{}", out.text());
        let text = out.stdout();
        let lines: Vec<&str> = text.lines().collect();
        assert!(
            lines[0].starts_with("diff -u -N /tmp/LIVE-")
                && lines[0].ends_with("/apps.v1.DaemonSet.default.web"),
            "{text}"
        );
        assert!(lines[1].starts_with("--- /tmp/LIVE-"), "{text}");
        assert!(
            lines[1]
                .ends_with("/apps.v1.DaemonSet.default.web\t2026-01-01 00:00:00.000000000 +0000"),
            "{text}"
        );
        assert!(lines[2].starts_with("+++ /tmp/MERGED-"), "{text}");
        for change in [
            "-  generation: 2",
            "+  generation: 3",
            "-      - image: httpd",
            "+      - image: nginx",
        ] {
            assert!(lines.contains(&change), "{change}: {text}");
        }
        assert_eq!(out.stderr(), "");
        assert_eq!(sim.resource_version(), version);
        let image = run(
            &mut sim,
            "kubectl get ds web -o jsonpath={.spec.template.spec.containers[0].image}",
            None,
        );
        assert_eq!(image.stdout(), "httpd");
        // The same state and file give the same folder names.
        assert_eq!(run(&mut sim, "kubectl diff -f - <<EOF", Some(DS)), out);
    }

    #[test]
    fn a_new_object_diffs_against_an_empty_file() {
        let mut sim = Simulation::with_article_nodes(3);
        let out = run(&mut sim, "kubectl diff -f - <<EOF", Some(DS));
        assert_eq!(out.exit_code, 1, "{}", out.text());
        let text = out.stdout();
        let hunk = text.lines().nth(3).unwrap_or_default();
        let added = text.lines().filter(|l| l.starts_with('+')).count() - 1;
        assert_eq!(hunk, format!("@@ -0,0 +1,{added} @@"), "{text}");
        assert!(text.contains("+  generation: 1\n"), "{text}");
        assert!(
            text.ends_with("+status:\n+  currentNumberScheduled: 0\n+  desiredNumberScheduled: 0\n+  numberMisscheduled: 0\n+  numberReady: 0\n"),
            "{text}"
        );
        assert!(sim.daemonset("web").is_none());
    }

    #[test]
    fn a_node_file_is_named_without_group_or_namespace() {
        let mut sim = Simulation::with_article_nodes(3);
        let node = "apiVersion: v1\nkind: Node\nmetadata:\n  name: 10.0.10.9\n";
        let out = run(&mut sim, "kubectl diff -f - <<EOF", Some(node));
        assert_eq!(out.exit_code, 1, "{}", out.text());
        assert!(
            out.stdout().starts_with("diff -u -N /tmp/LIVE-")
                && out
                    .stdout()
                    .lines()
                    .next()
                    .is_some_and(|l| l.ends_with("/v1.Node..10.0.10.9")),
            "{}",
            out.text()
        );
        assert!(sim.node("10.0.10.9").is_none());
    }

    #[test]
    fn errors_exit_2_and_print_no_diff() {
        let mut sim = applied();
        let cases: [(&str, Option<&str>, &str); 5] = [
            ("kubectl diff", None, "error: must specify one of -f and -k\n"),
            (
                "kubectl diff ds web -f -",
                None,
                "error: Unexpected args: [ds web]\nSee 'kubectl diff -h' for help and examples\n",
            ),
            (
                "kubectl diff --bogus",
                None,
                "error: unknown flag: --bogus\nSee 'kubectl diff -h' for help and examples\n",
            ),
            (
                "kubectl diff -f missing.yaml",
                None,
                "error: the path \"missing.yaml\" does not exist\n",
            ),
            (
                "kubectl diff -f - <<EOF",
                Some("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: x\n"),
                "error: resource mapping not found for name: \"x\" namespace: \"\" from \"STDIN\": no matches for kind \"Widget\" in version \"example.com/v1\"\nensure CRDs are installed first\n",
            ),
        ];
        for (line, stdin, expected) in cases {
            let out = run(&mut sim, line, stdin);
            assert_eq!(
                (out.exit_code, out.stderr().as_str()),
                (2, expected),
                "{line}"
            );
            assert_eq!(out.stdout(), "", "{line}");
        }
        // A document the server rejects stops the diff before anything is printed, even for
        // the documents before it.
        let invalid = format!(
            "{}---\n{}",
            DS.replace("image: nginx", "image: httpd"),
            DS.replace("name: web\n  labels", "name: Web\n  labels")
        );
        let out = run(&mut sim, "kubectl diff -f - <<EOF", Some(&invalid));
        assert_eq!(out.exit_code, 2, "{}", out.text());
        assert_eq!(out.stdout(), "");
        assert!(out.stderr().contains("is invalid"), "{}", out.text());
        assert!(out.lines().iter().all(|(s, _)| *s == Stream::Stderr));
    }

    #[test]
    fn the_selector_picks_objects_and_the_last_document_wins() {
        let mut sim = applied();
        let changed = DS.replace("image: nginx", "image: httpd");
        let out = run(
            &mut sim,
            "kubectl diff -l tier=back -f - <<EOF",
            Some(&changed),
        );
        assert_eq!((out.exit_code, out.text()), (0, String::new()));
        let out = run(
            &mut sim,
            "kubectl diff -l tier=front -f - <<EOF",
            Some(&changed),
        );
        assert_eq!(out.exit_code, 1, "{}", out.text());
        let twice = format!("{changed}---\n{DS}");
        let out = run(&mut sim, "kubectl diff -f - <<EOF", Some(&twice));
        assert_eq!((out.exit_code, out.text()), (0, String::new()));
    }

    #[test]
    fn file_times_are_the_simulated_clock_in_gnu_form() {
        assert_eq!(
            file_time(dsp_core::SimTime(65_250)),
            "2026-01-01 00:01:05.250000000 +0000"
        );
    }

    #[test]
    fn help_and_completion_know_diff() {
        let mut sim = Simulation::with_article_nodes(3);
        assert!(run(&mut sim, "kubectl help", None)
            .stdout()
            .contains("\n  diff            Diff the live version"));
        let help = run(&mut sim, "kubectl diff --help", None);
        assert!(
            help.stdout().contains("kubectl diff -f FILENAME"),
            "{}",
            help.text()
        );
        assert_eq!(crate::complete(&sim, "kubectl di"), ["diff"]);
    }
}
