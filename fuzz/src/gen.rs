//! Seeds and structure-aware mutators: manifests (the gallery's and the golden scripts'
//! here-documents, the article's manifest) and command lines (every line of the scenarios and
//! golden scripts, and a kubectl grammar with extreme values).

use crate::Rng;

/// Numbers at the edges of every integer type the inputs reach.
pub const EXTREMES: &[&str] = &[
    "0",
    "-1",
    "1",
    "2147483647",
    "2147483648",
    "-2147483648",
    "4294967295",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "18446744073709551615",
    "18446744073709552",
    "99999999999999999999",
    "1e308",
    "0.5",
    "100%",
    "101%",
    "99999999999999999999%",
    "-5%",
];

/// Durations, including Go's edge cases.
pub const DURATIONS: &[&str] = &[
    "0",
    "1ms",
    "500ms",
    "30s",
    "1m30s",
    "10m",
    "1h",
    "24h",
    "25h",
    "2562047h",
    "2562047h47m16.854775807s",
    "9223372036854775807",
    "18446744073709552",
    "-1s",
    "1.5h",
    ".5s",
    "1e3s",
    "5x",
    "",
];

/// Tokens that change YAML's structure.
const YAML_TOKENS: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    ",",
    ": ",
    "- ",
    "&a ",
    "*a",
    "<<: *a",
    "<<: [*a, *a]",
    "---\n",
    "...\n",
    "#",
    "\"",
    "'",
    "|\n",
    ">\n",
    "? ",
    "!!str ",
    "!!int ",
    "~",
    "null",
    "true",
    "\t",
    "\\",
    "%",
    "\n",
    "  ",
    "@",
    "`",
    "é",
    "\u{0}",
    "\u{feff}",
];

/// Field names of DaemonSets and Nodes, for inserted lines.
const FIELDS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "name",
    "labels",
    "annotations",
    "spec",
    "selector",
    "matchLabels",
    "matchExpressions",
    "template",
    "containers",
    "image",
    "updateStrategy",
    "rollingUpdate",
    "maxUnavailable",
    "maxSurge",
    "minReadySeconds",
    "revisionHistoryLimit",
    "terminationGracePeriodSeconds",
    "tolerations",
    "tolerationSeconds",
    "nodeSelector",
    "taints",
    "effect",
    "key",
    "operator",
    "values",
    "unschedulable",
    "ports",
    "containerPort",
    "resources",
    "limits",
    "cpu",
    "memory",
];

/// The playground's own files: the gallery and the golden scripts (read at start-up).
pub struct Corpus {
    pub manifests: Vec<String>,
    pub lines: Vec<String>,
    pub scripts: Vec<String>,
}

impl Corpus {
    pub fn load() -> Corpus {
        let mut scripts: Vec<String> = dsp_kubectl::scenario::all()
            .iter()
            .map(|s| s.script.to_string())
            .collect();
        let golden = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/golden");
        if let Ok(dir) = std::fs::read_dir(golden) {
            let mut paths: Vec<_> = dir
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "dsp"))
                .collect();
            paths.sort();
            for p in paths {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    scripts.push(text);
                }
            }
        }
        let mut manifests = vec![dsp_kubectl::scenario::article_manifest().to_string()];
        let mut lines = Vec::new();
        for script in &scripts {
            if let Ok(inputs) = dsp_kubectl::shell::parse_script(script) {
                for input in inputs {
                    if let Some(body) = &input.stdin {
                        manifests.push(body.clone());
                    }
                    lines.push(input.command());
                }
            }
        }
        manifests.sort();
        manifests.dedup();
        lines.sort();
        lines.dedup();
        Corpus {
            manifests,
            lines,
            scripts,
        }
    }
}

/// A manifest: a seed with one to four structure-aware mutations.
pub fn manifest(rng: &mut Rng, corpus: &Corpus) -> String {
    let mut text = rng.pick(&corpus.manifests).clone();
    for _ in 0..1 + rng.below(4) {
        // Past twice the parser's 1 MiB limit, more mutations only cost the generator memory.
        if text.len() > 2 << 20 {
            break;
        }
        text = mutate_yaml(rng, &text, corpus);
    }
    text
}

fn mutate_yaml(rng: &mut Rng, text: &str, corpus: &Corpus) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        lines.push(String::new());
    }
    let at = rng.below(lines.len());
    match rng.below(12) {
        0 => lines[at] = replace_number(rng, &lines[at]),
        1 => {
            let line = &mut lines[at];
            let pos = char_boundary(line, rng.below(line.len() + 1));
            let token = *rng.pick::<&str>(YAML_TOKENS);
            line.insert_str(pos, token);
        }
        2 => {
            let copies = if rng.chance(2) {
                1 + rng.below(500)
            } else {
                1 + rng.below(5)
            };
            let line = lines[at].clone();
            for _ in 0..copies {
                lines.insert(at, line.clone());
            }
        }
        3 => {
            lines.remove(at);
        }
        4 => {
            // Deep nesting, flow or block.
            let depth = if rng.chance(5) {
                1 + rng.below(5000)
            } else {
                1 + rng.below(200)
            };
            let open = *rng.pick(&["[", "{a: ", "- ", "[{a: "]);
            let indent = " ".repeat(lines[at].len() - lines[at].trim_start().len());
            lines.insert(
                at,
                format!("{indent}{}: {}", rng.pick(FIELDS), open.repeat(depth)),
            );
        }
        5 => {
            let other = rng.pick(&corpus.manifests);
            let other: Vec<&str> = other.lines().collect();
            if !other.is_empty() {
                let from = rng.below(other.len());
                let n = 1 + rng.below(other.len() - from);
                for (i, l) in other[from..from + n].iter().enumerate() {
                    lines.insert((at + i).min(lines.len()), l.to_string());
                }
            }
        }
        6 => {
            // Aliases: an anchor, then many references (a laugh), or doubling merge keys.
            let levels = 1 + rng.below(12);
            let mut block =
                vec!["x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]".to_string()];
            for i in 1..levels {
                let refs = vec![format!("*x{}", i - 1); 2 + rng.below(8)].join(", ");
                if rng.chance(50) {
                    block.push(format!("x{i}: &x{i} [{refs}]"));
                } else {
                    block.push(format!("x{i}: &x{i}\n  <<: [{refs}]\n  y{i}: 1"));
                }
            }
            lines.splice(at..at, block);
        }
        7 => {
            let line = &mut lines[at];
            let trimmed = line.trim_start().to_string();
            *line = format!("{}{trimmed}", " ".repeat(rng.below(12)));
        }
        8 => {
            let indent = " ".repeat(rng.below(10));
            let value = if rng.chance(50) {
                rng.pick(EXTREMES).to_string()
            } else {
                rng.pick(YAML_TOKENS).to_string()
            };
            lines.insert(at, format!("{indent}{}: {value}", rng.pick(FIELDS)));
        }
        9 => {
            // Big annotations, labels and values.
            let n = if rng.chance(3) {
                1 + rng.below(300_000)
            } else {
                1 + rng.below(2_000)
            };
            lines.insert(
                at,
                format!(
                    "  {}:\n    k{}: \"{}\"",
                    rng.pick(&["annotations", "labels"]),
                    rng.below(10),
                    "v".repeat(n)
                ),
            );
        }
        10 => {
            let line = &mut lines[at];
            if !line.is_empty() {
                let pos = char_boundary(line, rng.below(line.len()));
                let mut s: Vec<char> = line.chars().collect();
                let i = s.len().min(line[..pos].chars().count());
                if i < s.len() {
                    s[i] = char::from_u32(32 + rng.below(95) as u32).unwrap_or('x');
                }
                *line = s.into_iter().collect();
            }
        }
        _ => {
            let count = if rng.chance(1) {
                1 + rng.below(2_000)
            } else {
                1 + rng.below(4)
            };
            let doc = lines.join("\n");
            // Up to a little past the 1 MiB the parser reads: repeated repeats once grew an
            // input to 768 MB, and the run's peak memory was the generator's, not the parser's.
            let count = count.min((2 << 20) / (doc.len() + 5).max(1)).max(1);
            return vec![doc; count].join("\n---\n");
        }
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i.min(s.len())
}

/// Replaces one run of digits (or appends a number) with an extreme value.
fn replace_number(rng: &mut Rng, line: &str) -> String {
    let bytes = line.as_bytes();
    let runs: Vec<(usize, usize)> = {
        let mut runs = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                runs.push((start, i));
            } else {
                i += 1;
            }
        }
        runs
    };
    match runs.as_slice() {
        [] => format!("{line} {}", rng.pick(EXTREMES)),
        runs => {
            let (a, b) = *rng.pick(runs);
            format!("{}{}{}", &line[..a], rng.pick(EXTREMES), &line[b..])
        }
    }
}

const KINDS: &[&str] = &[
    "pods",
    "pod",
    "po",
    "ds",
    "daemonsets",
    "daemonset/frontend",
    "ds/frontend",
    "nodes",
    "node",
    "no",
    "node/10.0.10.5",
    "events",
    "controllerrevisions",
    "all",
    "deployments",
];
const NAMES: &[&str] = &[
    "frontend",
    "10.0.10.5",
    "10.0.10.7",
    "node-1",
    "nope",
    "--all",
    "-A",
];

fn jsonpath(rng: &mut Rng) -> String {
    let mut t = String::new();
    for _ in 0..1 + rng.below(3) {
        match rng.below(6) {
            0 => t.push_str("{.items[*].metadata.name}"),
            1 => {
                let depth = if rng.chance(3) {
                    rng.below(3000)
                } else {
                    rng.below(12)
                };
                t.push_str(&"{range $..type}".repeat(depth));
                t.push_str("{.}");
                t.push_str(&"{end}".repeat(depth));
            }
            2 => {
                let depth = if rng.chance(3) {
                    rng.below(3000)
                } else {
                    rng.below(8)
                };
                t.push_str(&format!(
                    "{{.items{}{}}}",
                    "[?(@.a".repeat(depth),
                    ")]".repeat(depth)
                ));
            }
            3 => t.push_str(&format!(
                "{{.items[{}:{}].status.conditions[?(@.type==\"Ready\")].status}}",
                rng.pick(EXTREMES),
                rng.pick(EXTREMES)
            )),
            4 => t.push_str("{..image}{\"\\n\"}"),
            _ => t.push_str("{range .items[*]}{.metadata.name}{\"\t\"}{end}"),
        }
    }
    t
}

/// One generated kubectl or playground line.
pub fn command(rng: &mut Rng) -> String {
    let num = |rng: &mut Rng| rng.pick(EXTREMES).to_string();
    let small = |rng: &mut Rng| (rng.below(30)).to_string();
    match rng.below(16) {
        0 => format!("kubectl get {} {}", rng.pick(KINDS), output(rng)),
        1 => format!(
            "kubectl get {} -w --request-timeout={}",
            rng.pick(KINDS),
            rng.pick(DURATIONS)
        ),
        2 => format!(
            "kubectl rollout {} ds/frontend --timeout={} --revision={} --to-revision={}",
            rng.pick(&["status", "history", "undo", "restart"]),
            rng.pick(DURATIONS),
            num(rng),
            num(rng)
        ),
        3 => format!(
            "kubectl delete {} {} --grace-period={}",
            rng.pick(KINDS),
            rng.pick(NAMES),
            num(rng)
        ),
        4 => format!("sleep {}", rng.pick(DURATIONS)),
        5 => {
            let n = if rng.chance(10) { num(rng) } else { small(rng) };
            format!(
                "sim add-nodes {n} --from {} --prefix n{}-",
                num(rng),
                rng.below(5)
            )
        }
        6 => format!(
            "sim image {} {}",
            rng.pick(&["nginx", "nginx:2", "busybox"]),
            rng.pick(&["crash", "fail", "ok", "pull=30s", "pull=2562047h"])
        ),
        7 => format!(
            "kubectl label {} {} {}={} --overwrite",
            rng.pick(KINDS),
            rng.pick(NAMES),
            rng.pick(&["app", "a/b", "x".repeat(70).as_str()]),
            rng.pick(&["frontend-node", "v", "", "-bad-"])
        ),
        8 => format!(
            "kubectl taint nodes {} k=v:{}",
            rng.pick(NAMES),
            rng.pick(&["NoExecute", "NoSchedule", "NoExecute-", "Bad"])
        ),
        9 => format!(
            "kubectl patch ds frontend --type {} -p '{}'",
            rng.pick(&["strategic", "merge", "json"]),
            patch_body(rng)
        ),
        10 => format!(
            "kubectl {} {}",
            rng.pick(&[
                "cordon",
                "uncordon",
                "drain",
                "describe node",
                "describe ds"
            ]),
            rng.pick(NAMES)
        ),
        11 => format!(
            "kubectl events {} {}",
            rng.pick(&["", "-w", "--for ds/frontend"]),
            rng.pick(&["", "--request-timeout=2562047h"])
        ),
        12 => format!(
            "kubectl set image ds/frontend webserver=nginx:{}",
            small(rng)
        ),
        13 => format!(
            "sim node {} {}",
            rng.pick(NAMES),
            rng.pick(&["not-ready", "ready"])
        ),
        14 => format!(
            "kubectl apply -f {}",
            rng.pick(&["ds.yaml", "manifest.yaml", "-", "/dev/zero"])
        ),
        _ => format!("kubectl get pods -o jsonpath='{}'", jsonpath(rng)),
    }
}

fn output(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => "-o wide".into(),
        1 => "-o json".into(),
        2 => "-o yaml".into(),
        3 => "-o name".into(),
        4 => format!("-o jsonpath='{}'", jsonpath(rng)),
        5 => "-o custom-columns=NAME:.metadata.name,IMG:..image".into(),
        6 => format!("-l app={} --show-labels", rng.pick(NAMES)),
        _ => String::new(),
    }
}

fn patch_body(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => {
            let d = rng.below(200);
            format!("{}1{}", "{\"a\":".repeat(d), "}".repeat(d))
        }
        1 => format!(
            "{{\"spec\":{{\"minReadySeconds\":{},\"template\":{{\"spec\":{{\"terminationGracePeriodSeconds\":{}}}}}}}}}",
            rng.pick(EXTREMES),
            rng.pick(EXTREMES)
        ),
        2 => "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/containers/0/image\",\"value\":\"nginx:3\"}]".into(),
        _ => format!(
            "{{\"spec\":{{\"updateStrategy\":{{\"rollingUpdate\":{{\"maxUnavailable\":\"{}\"}}}}}}}}",
            rng.pick(EXTREMES)
        ),
    }
}

/// A script of one to four lines: corpus lines (some with an extreme number swapped in) and
/// generated ones; sometimes a here-document with a mutated manifest.
pub fn script(rng: &mut Rng, corpus: &Corpus) -> String {
    let mut out = String::new();
    for _ in 0..1 + rng.below(4) {
        let line = match rng.below(3) {
            0 => {
                let line = rng.pick(&corpus.lines).clone();
                replace_number(rng, &line)
            }
            1 => rng.pick(&corpus.lines).clone(),
            _ => command(rng),
        };
        if line.contains("-f -") || rng.chance(5) {
            out.push_str(&format!(
                "kubectl {} -f - <<'EOF_FUZZ'\n{}\nEOF_FUZZ\n",
                rng.pick(&["apply", "create", "replace", "delete"]),
                manifest(rng, corpus).replace("EOF_FUZZ", "E")
            ));
        } else {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
