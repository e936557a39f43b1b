//! kubectl-style flag parsing (pflag conventions): `-o yaml`, `-oyaml`, `-o=yaml`,
//! `--output yaml`, `--output=yaml`, boolean `--flag` / `--flag=false`, optional-value flags
//! (`--dry-run`, `--cascade`), and `--` ending the flags. Short names map to long names so
//! commands only ask for long names.

use std::collections::BTreeMap;

/// How a flag takes its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// Needs a value (`--output yaml`).
    Value,
    /// A boolean (`--overwrite`, `--overwrite=false`).
    Bool,
    /// A value given only with `=`; bare means the default (`--dry-run` = `client`).
    Optional(&'static str),
}

/// Every flag the interpreter knows: (long name, short name, kind).
pub const FLAGS: &[(&str, Option<char>, FlagKind)] = &[
    ("output", Some('o'), FlagKind::Value),
    ("template", None, FlagKind::Value),
    ("current", None, FlagKind::Bool),
    ("minify", None, FlagKind::Bool),
    ("selector", Some('l'), FlagKind::Value),
    ("namespace", Some('n'), FlagKind::Value),
    ("filename", Some('f'), FlagKind::Value),
    ("patch", Some('p'), FlagKind::Value),
    ("type", None, FlagKind::Value),
    ("patch-file", None, FlagKind::Value),
    ("field-selector", None, FlagKind::Value),
    ("label-columns", Some('L'), FlagKind::Value),
    ("grace-period", None, FlagKind::Value),
    ("timeout", None, FlagKind::Value),
    ("revision", None, FlagKind::Value),
    ("to-revision", None, FlagKind::Value),
    ("container", Some('c'), FlagKind::Value),
    ("sort-by", None, FlagKind::Value),
    ("cascade", None, FlagKind::Optional("background")),
    ("dry-run", None, FlagKind::Optional("client")),
    ("validate", None, FlagKind::Optional("strict")),
    ("watch", Some('w'), FlagKind::Bool),
    ("watch-only", None, FlagKind::Bool),
    ("request-timeout", None, FlagKind::Value),
    ("for", None, FlagKind::Value),
    ("types", None, FlagKind::Value),
    ("all-namespaces", Some('A'), FlagKind::Bool),
    ("all", None, FlagKind::Bool),
    ("overwrite", None, FlagKind::Bool),
    ("show-labels", None, FlagKind::Bool),
    ("no-headers", None, FlagKind::Bool),
    ("ignore-daemonsets", None, FlagKind::Bool),
    ("delete-emptydir-data", None, FlagKind::Bool),
    ("disable-eviction", None, FlagKind::Bool),
    ("pod-selector", None, FlagKind::Value),
    ("force", None, FlagKind::Bool),
    ("now", None, FlagKind::Bool),
    ("wait", None, FlagKind::Bool),
    ("save-config", None, FlagKind::Bool),
    ("record", None, FlagKind::Bool),
    ("recursive", Some('R'), FlagKind::Bool),
    ("help", Some('h'), FlagKind::Bool),
    ("local", None, FlagKind::Bool),
];

/// Parsed command line: positional words and flag values by long name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Args {
    pub positional: Vec<String>,
    pub flags: BTreeMap<String, Vec<String>>,
    /// Every flag in the order given, as (long name, value): what `--record` writes.
    pub order: Vec<(String, String)>,
    /// The namespace of the kubeconfig context, for commands without `-n` (set by the
    /// interpreter; empty means `default`).
    pub context_namespace: String,
}

impl Args {
    /// The namespace a command works in without `-n`: the kubeconfig context's.
    pub fn default_namespace(&self) -> &str {
        if self.context_namespace.is_empty() {
            "default"
        } else {
            &self.context_namespace
        }
    }

    /// The last value given for a flag.
    pub fn value(&self, long: &str) -> Option<&str> {
        self.flags
            .get(long)
            .and_then(|v| v.last())
            .map(String::as_str)
    }

    /// Every value given for a repeatable flag (`-L a -L b`, `-f a -f b`), comma lists split.
    pub fn values(&self, long: &str) -> Vec<String> {
        self.flags.get(long).cloned().unwrap_or_default()
    }

    /// A boolean flag: present and not `=false`.
    pub fn bool(&self, long: &str) -> Result<bool, String> {
        match self.value(long) {
            None => Ok(false),
            Some("true") | Some("") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(format!(
                "invalid argument \"{other}\" for \"--{long}\" flag: strconv.ParseBool: parsing \"{other}\": invalid syntax"
            )),
        }
    }

    pub fn has(&self, long: &str) -> bool {
        self.flags.contains_key(long)
    }

    fn push(&mut self, long: &str, value: String) {
        self.order.push((long.to_string(), value.clone()));
        self.flags.entry(long.to_string()).or_default().push(value);
    }

    /// The `kubernetes.io/change-cause` `--record` writes (cli-runtime's RecordFlags,
    /// `parseCommandArguments`): `kubectl`, the words that are not flags, then each flag as
    /// ` --name=value` in the order given.
    pub fn change_cause(&self, verb: &str) -> String {
        let mut s = format!("kubectl {verb}");
        for p in &self.positional {
            s.push(' ');
            s.push_str(p);
        }
        for (name, value) in &self.order {
            s.push_str(&format!(" --{name}={value}"));
        }
        s
    }
}

fn lookup_long(name: &str) -> Option<(&'static str, FlagKind)> {
    FLAGS
        .iter()
        .find(|(l, _, _)| *l == name)
        .map(|(l, _, k)| (*l, *k))
}

fn lookup_short(c: char) -> Option<(&'static str, FlagKind)> {
    FLAGS
        .iter()
        .find(|(_, s, _)| *s == Some(c))
        .map(|(l, _, k)| (*l, *k))
}

/// Parse words after the verb. Errors are kubectl's pflag messages.
pub fn parse(words: &[String]) -> Result<Args, String> {
    let mut args = Args::default();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        if w == "--" {
            args.positional.extend(words[i..].iter().cloned());
            break;
        }
        if let Some(body) = w.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let (long, kind) =
                lookup_long(name).ok_or_else(|| format!("unknown flag: --{name}"))?;
            let value = match (kind, inline) {
                (_, Some(v)) => v,
                (FlagKind::Bool, None) => "true".to_string(),
                (FlagKind::Optional(d), None) => d.to_string(),
                (FlagKind::Value, None) => {
                    let v = words
                        .get(i)
                        .ok_or_else(|| format!("flag needs an argument: --{long}"))?;
                    i += 1;
                    v.clone()
                }
            };
            args.push(long, value);
        } else if w.len() > 1 && w.starts_with('-') && !is_number(w) {
            // Short flags, possibly combined (`-Ao`) or with an attached value (`-oyaml`).
            let chars: Vec<char> = w.chars().skip(1).collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let (long, kind) = lookup_short(c)
                    .ok_or_else(|| format!("unknown shorthand flag: '{c}' in {w}"))?;
                j += 1;
                match kind {
                    FlagKind::Bool | FlagKind::Optional(_) => {
                        let value = if chars.get(j) == Some(&'=') {
                            let v: String = chars[j + 1..].iter().collect();
                            j = chars.len();
                            v
                        } else if let FlagKind::Optional(d) = kind {
                            d.to_string()
                        } else {
                            "true".to_string()
                        };
                        args.push(long, value);
                    }
                    FlagKind::Value => {
                        let rest: String = chars[j..].iter().collect();
                        let value = if !rest.is_empty() {
                            rest.strip_prefix('=').unwrap_or(&rest).to_string()
                        } else {
                            let v = words
                                .get(i)
                                .ok_or_else(|| format!("flag needs an argument: '{c}' in -{c}"))?;
                            i += 1;
                            v.clone()
                        };
                        args.push(long, value);
                        j = chars.len();
                    }
                }
            }
        } else {
            args.positional.push(w.clone());
        }
    }
    Ok(args)
}

fn is_number(w: &str) -> bool {
    w.strip_prefix('-')
        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(words: &[&str]) -> Result<Args, String> {
        parse(&words.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn output_flag_spellings_are_equivalent() {
        for form in [
            &["-o", "yaml"][..],
            &["-oyaml"],
            &["-o=yaml"],
            &["--output", "yaml"],
            &["--output=yaml"],
        ] {
            let a = p(form).unwrap_or_default();
            assert_eq!(a.value("output"), Some("yaml"), "{form:?}");
        }
    }

    #[test]
    fn booleans_and_optional_values() {
        let a = p(&["pods", "--overwrite", "--all=false", "--dry-run", "-A"]).unwrap_or_default();
        assert_eq!(a.positional, ["pods"]);
        assert_eq!(a.bool("overwrite"), Ok(true));
        assert_eq!(a.bool("all"), Ok(false));
        assert_eq!(a.value("dry-run"), Some("client"));
        assert_eq!(a.bool("all-namespaces"), Ok(true));
    }

    #[test]
    fn unknown_flags_and_missing_values_are_errors() {
        assert_eq!(p(&["--bogus"]), Err("unknown flag: --bogus".to_string()));
        assert!(p(&["-o"]).is_err());
        assert!(p(&["-Z"]).is_err());
    }

    #[test]
    fn change_cause_lists_words_then_flags_in_order() {
        let a = p(&[
            "image",
            "ds/web",
            "-n",
            "default",
            "nginx=nginx:1.27",
            "--record",
        ])
        .unwrap_or_default();
        assert_eq!(
            a.change_cause("set"),
            "kubectl set image ds/web nginx=nginx:1.27 --namespace=default --record=true"
        );
    }

    #[test]
    fn double_dash_ends_flags() {
        let a = p(&["--", "-o"]).unwrap_or_default();
        assert_eq!(a.positional, ["-o"]);
    }
}
