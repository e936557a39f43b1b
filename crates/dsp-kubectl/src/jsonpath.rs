//! The subset of kubectl's JSONPath templates that people use with `-o jsonpath=…`.
//!
//! Supported: literal text, `{.a.b}`, `{.items[*].metadata.name}`, indexes and slices
//! (`[0]`, `[-1]`, `[1:3]`), `['key.with.dots']`, escaped dots (`labels.app\.kubernetes\.io`),
//! `[*]` and `.*`, recursive descent `..name`, filters `[?(@.type=="Ready")]`, string literals
//! `{"\n"}` and `{range EXPR}…{end}`. Missing keys print nothing, as with kubectl's default
//! `--allow-missing-template-keys=true`. Several results are joined by a space; maps and lists
//! print as compact JSON.

use serde_json::Value;

/// The deepest nesting of `[…]` (filters inside filters) and of `{range}` a template may have.
/// kubectl sets none, but real templates nest two or three levels; without a limit a
/// 270-character filter nested 3,000 deep overflowed the page's stack, and parsing it was
/// quadratic (each level re-scanned its inside).
pub const MAX_NESTING: usize = 100;
/// The most text one template may print (a `{range $..type}` nested nine deep printed 77 MB).
pub const MAX_OUTPUT_BYTES: usize = 8 * 1024 * 1024;
/// The most values one template may visit (ranges over ranges multiply without printing);
/// `{..image}` over 10,000 pods visits about a million.
pub const MAX_STEPS: u64 = 4_000_000;

/// Render `template` against `data`.
pub fn render(template: &str, data: &Value) -> Result<String, String> {
    check_nesting(template)?;
    let nodes = parse_template(template)?;
    let (tree, rest) = build_tree(&nodes, 0)?;
    if rest != nodes.len() {
        return Err("not in range, nothing to end".to_string());
    }
    let mut out = String::new();
    let mut budget = Budget { steps: MAX_STEPS };
    exec(&tree, data, data, &mut out, &mut budget)?;
    Ok(out)
}

/// One linear pass before parsing: `[` depth inside an action (outside its string literals),
/// and `{range}` depth.
fn check_nesting(template: &str) -> Result<(), String> {
    let too_deep = || format!("the template nests deeper than {MAX_NESTING} levels");
    let (mut brackets, mut ranges) = (0usize, 0usize);
    let mut in_action = false;
    let mut quote: Option<char> = None;
    let mut chars = template.char_indices();
    while let Some((at, c)) = chars.next() {
        match (in_action, quote) {
            (false, _) => {
                if c == '{' {
                    in_action = true;
                    let rest = template[at + 1..].trim_start();
                    if rest.starts_with("range ") {
                        ranges += 1;
                        if ranges > MAX_NESTING {
                            return Err(too_deep());
                        }
                    } else if rest.starts_with("end") {
                        ranges = ranges.saturating_sub(1);
                    }
                }
            }
            (true, Some(q)) => {
                if c == '\\' {
                    chars.next();
                } else if c == q {
                    quote = None;
                }
            }
            (true, None) => match c {
                '\'' | '"' => quote = Some(c),
                '[' => {
                    brackets += 1;
                    if brackets > MAX_NESTING {
                        return Err(too_deep());
                    }
                }
                ']' => brackets = brackets.saturating_sub(1),
                '}' => {
                    in_action = false;
                    brackets = 0;
                }
                _ => {}
            },
        }
    }
    Ok(())
}

/// What a template may still do; see [`MAX_STEPS`] and [`MAX_OUTPUT_BYTES`].
struct Budget {
    steps: u64,
}

impl Budget {
    fn spend(&mut self, n: usize) -> Result<(), String> {
        self.steps = self.steps.saturating_sub(n as u64);
        if self.steps == 0 {
            return Err(format!(
                "the template visits more than {MAX_STEPS} values; the playground stops it"
            ));
        }
        Ok(())
    }
}

fn check_output(out: &str) -> Result<(), String> {
    if out.len() > MAX_OUTPUT_BYTES {
        return Err(format!(
            "the template prints more than {} MiB; the playground stops it",
            MAX_OUTPUT_BYTES / (1024 * 1024)
        ));
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>),
    End,
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Root,
    Field(String),
    Recursive(String),
    Wildcard,
    Index(i64),
    Slice(Option<i64>, Option<i64>),
    Filter(Vec<Step>, Option<(String, Literal)>),
}

#[derive(Clone, Debug, PartialEq)]
enum Literal {
    Str(String),
    Num(f64),
}

enum Tree {
    Text(String),
    Path(Vec<Step>),
    Range(Vec<Step>, Vec<Tree>),
}

fn parse_template(template: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            text.push(c);
            continue;
        }
        if !text.is_empty() {
            tokens.push(Token::Text(std::mem::take(&mut text)));
        }
        // Read the action up to the matching '}' outside string literals.
        let mut action = String::new();
        let mut quote: Option<char> = None;
        let mut closed = false;
        while let Some(ch) = chars.next() {
            match quote {
                Some(q) => {
                    action.push(ch);
                    if ch == '\\' {
                        if let Some(n) = chars.next() {
                            action.push(n);
                        }
                    } else if ch == q {
                        quote = None;
                    }
                }
                None => {
                    if ch == '}' {
                        closed = true;
                        break;
                    }
                    if ch == '"' || ch == '\'' {
                        quote = Some(ch);
                    }
                    action.push(ch);
                }
            }
        }
        if !closed {
            return Err(format!("unclosed action in template {template:?}"));
        }
        tokens.push(parse_action(action.trim())?);
    }
    if !text.is_empty() {
        tokens.push(Token::Text(text));
    }
    Ok(tokens)
}

fn parse_action(action: &str) -> Result<Token, String> {
    if action == "end" {
        return Ok(Token::End);
    }
    if let Some(rest) = action.strip_prefix("range ") {
        return Ok(Token::Range(parse_path(rest.trim())?));
    }
    if action.starts_with('"') {
        return Ok(Token::Text(unquote(action)?));
    }
    if action.starts_with('\'') {
        return Ok(Token::Text(unquote(action)?));
    }
    Ok(Token::Path(parse_path(action)?))
}

fn unquote(lit: &str) -> Result<String, String> {
    let mut chars = lit.chars();
    let q = chars.next().ok_or("empty literal")?;
    let mut out = String::new();
    let mut closed = false;
    while let Some(c) = chars.next() {
        if c == q {
            closed = true;
            break;
        }
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some(o) => out.push(o),
                None => return Err(format!("unterminated string literal {lit}")),
            }
        } else {
            out.push(c);
        }
    }
    if !closed || chars.next().is_some() {
        return Err(format!("unrecognized character in action: {lit}"));
    }
    Ok(out)
}

fn parse_path(expr: &str) -> Result<Vec<Step>, String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    let mut steps = Vec::new();
    if chars.first() == Some(&'$') {
        steps.push(Step::Root);
        i = 1;
    } else if chars.first() == Some(&'@') {
        i = 1;
    }
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let recursive = chars.get(i + 1) == Some(&'.');
                i += if recursive { 2 } else { 1 };
                if chars.get(i) == Some(&'*') {
                    steps.push(Step::Wildcard);
                    i += 1;
                    continue;
                }
                let mut name = String::new();
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    if chars[i] == '\\' && i + 1 < chars.len() {
                        name.push(chars[i + 1]);
                        i += 2;
                    } else {
                        name.push(chars[i]);
                        i += 1;
                    }
                }
                if name.is_empty() {
                    if i >= chars.len() && !recursive && steps.is_empty() {
                        // `{.}` is the current object.
                        continue;
                    }
                    if i >= chars.len() || recursive {
                        return Err(format!("unrecognized identifier in {expr:?}"));
                    }
                    continue;
                }
                if name.chars().any(|c| c.is_whitespace()) {
                    return Err(format!("unrecognized character in action: {expr}"));
                }
                steps.push(if recursive {
                    Step::Recursive(name)
                } else {
                    Step::Field(name)
                });
            }
            '[' => {
                let start = i + 1;
                let mut depth = 1;
                let mut quote: Option<char> = None;
                let mut j = start;
                while j < chars.len() {
                    let c = chars[j];
                    match quote {
                        Some(q) if c == q => quote = None,
                        Some(_) => {}
                        None => match c {
                            '\'' | '"' => quote = Some(c),
                            '[' => depth += 1,
                            ']' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        },
                    }
                    j += 1;
                }
                if j >= chars.len() {
                    return Err(format!("unterminated array in {expr:?}"));
                }
                let inner: String = chars[start..j].iter().collect();
                steps.push(parse_bracket(inner.trim())?);
                i = j + 1;
            }
            c if c.is_whitespace() => {
                return Err(format!("unrecognized character in action: {expr}"));
            }
            _ => {
                // A bare name at the start, as in `{items[0]}`: treat like `.items`.
                let mut name = String::new();
                while i < chars.len() && chars[i] != '.' && chars[i] != '[' {
                    name.push(chars[i]);
                    i += 1;
                }
                if name.chars().any(|c| c.is_whitespace() || c == '"') {
                    return Err(format!("unrecognized character in action: {expr}"));
                }
                steps.push(Step::Field(name));
            }
        }
    }
    Ok(steps)
}

fn parse_bracket(inner: &str) -> Result<Step, String> {
    if inner == "*" {
        return Ok(Step::Wildcard);
    }
    if inner.starts_with('\'') || inner.starts_with('"') {
        return Ok(Step::Field(unquote(inner)?));
    }
    if let Some(filter) = inner.strip_prefix("?(").and_then(|f| f.strip_suffix(')')) {
        return parse_filter(filter.trim());
    }
    if let Some((a, b)) = inner.split_once(':') {
        let parse = |s: &str| -> Result<Option<i64>, String> {
            let s = s.trim();
            if s.is_empty() {
                Ok(None)
            } else {
                s.parse()
                    .map(Some)
                    .map_err(|_| format!("invalid array index {s}"))
            }
        };
        let b = b.split(':').next().unwrap_or("");
        return Ok(Step::Slice(parse(a)?, parse(b)?));
    }
    inner
        .parse::<i64>()
        .map(Step::Index)
        .map_err(|_| format!("invalid array index {inner}"))
}

fn parse_filter(filter: &str) -> Result<Step, String> {
    for op in ["==", "!=", "<=", ">=", "<", ">"] {
        if let Some((left, right)) = filter.split_once(op) {
            let path = parse_path(left.trim())?;
            let right = right.trim();
            let lit = if right.starts_with('"') || right.starts_with('\'') {
                Literal::Str(unquote(right)?)
            } else {
                Literal::Num(
                    right
                        .parse()
                        .map_err(|_| format!("invalid filter value {right}"))?,
                )
            };
            return Ok(Step::Filter(path, Some((op.to_string(), lit))));
        }
    }
    Ok(Step::Filter(parse_path(filter)?, None))
}

fn build_tree(tokens: &[Token], mut i: usize) -> Result<(Vec<Tree>, usize), String> {
    let mut out = Vec::new();
    while i < tokens.len() {
        match &tokens[i] {
            Token::Text(t) => out.push(Tree::Text(t.clone())),
            Token::Path(p) => out.push(Tree::Path(p.clone())),
            Token::Range(p) => {
                let (body, next) = build_tree(tokens, i + 1)?;
                if !matches!(tokens.get(next), Some(Token::End)) {
                    return Err("range without end".to_string());
                }
                out.push(Tree::Range(p.clone(), body));
                i = next;
            }
            Token::End => return Ok((out, i)),
        }
        i += 1;
    }
    Ok((out, i))
}

fn exec(
    tree: &[Tree],
    root: &Value,
    current: &Value,
    out: &mut String,
    budget: &mut Budget,
) -> Result<(), String> {
    for node in tree {
        match node {
            Tree::Text(t) => out.push_str(t),
            Tree::Path(steps) => {
                let results = eval(steps, root, current, budget)?;
                for (i, v) in results.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(&text_of(v));
                    check_output(out)?;
                }
            }
            Tree::Range(steps, body) => {
                for value in eval(steps, root, current, budget)? {
                    match value {
                        Value::Array(items) => {
                            for item in items {
                                budget.spend(1)?;
                                exec(body, root, item, out, budget)?;
                            }
                        }
                        other => exec(body, root, other, out, budget)?,
                    }
                }
            }
        }
        budget.spend(1)?;
        check_output(out)?;
    }
    Ok(())
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Object(_) | Value::Array(_) => v.to_string(),
        other => other.to_string(),
    }
}

fn eval<'a>(
    steps: &[Step],
    root: &'a Value,
    current: &'a Value,
    budget: &mut Budget,
) -> Result<Vec<&'a Value>, String> {
    let mut values = vec![current];
    for step in steps {
        let mut next = Vec::new();
        for v in values {
            apply(step, root, v, &mut next, budget)?;
        }
        budget.spend(next.len() + 1)?;
        values = next;
    }
    Ok(values)
}

fn apply<'a>(
    step: &Step,
    root: &'a Value,
    v: &'a Value,
    next: &mut Vec<&'a Value>,
    budget: &mut Budget,
) -> Result<(), String> {
    match step {
        Step::Root => next.push(root),
        Step::Field(name) => {
            if let Some(x) = v.get(name.as_str()) {
                next.push(x);
            }
        }
        Step::Recursive(name) => collect_recursive(v, name, next, budget)?,
        Step::Wildcard => match v {
            Value::Array(items) => next.extend(items.iter()),
            Value::Object(map) => next.extend(map.values()),
            _ => {}
        },
        Step::Index(i) => {
            if let Value::Array(items) = v {
                let len = items.len() as i64;
                let idx = if *i < 0 { len + i } else { *i };
                if (0..len).contains(&idx) {
                    if let Some(x) = usize::try_from(idx).ok().and_then(|k| items.get(k)) {
                        next.push(x);
                    }
                }
            }
        }
        Step::Slice(a, b) => {
            if let Value::Array(items) = v {
                let len = items.len() as i64;
                let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
                let from = norm(a.unwrap_or(0));
                let to = norm(b.unwrap_or(len));
                let mut k = from;
                while k < to {
                    if let Some(x) = usize::try_from(k).ok().and_then(|k| items.get(k)) {
                        next.push(x);
                    }
                    k += 1;
                }
            }
        }
        Step::Filter(path, cond) => {
            let candidates: Vec<&Value> = match v {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            for item in candidates {
                let found = eval(path, root, item, budget)?;
                let keep = match cond {
                    None => !found.is_empty(),
                    Some((op, lit)) => found.iter().any(|x| compare(x, op, lit)),
                };
                if keep {
                    next.push(item);
                }
            }
        }
    }
    Ok(())
}

fn collect_recursive<'a>(
    v: &'a Value,
    name: &str,
    out: &mut Vec<&'a Value>,
    budget: &mut Budget,
) -> Result<(), String> {
    budget.spend(1)?;
    match v {
        Value::Object(map) => {
            if let Some(x) = map.get(name) {
                out.push(x);
            }
            for child in map.values() {
                collect_recursive(child, name, out, budget)?;
            }
        }
        Value::Array(items) => {
            for child in items {
                collect_recursive(child, name, out, budget)?;
            }
        }
        _ => {}
    }
    Ok(())
}

fn compare(v: &Value, op: &str, lit: &Literal) -> bool {
    let ord = match (v, lit) {
        (Value::String(s), Literal::Str(l)) => s.as_str().cmp(l.as_str()),
        (Value::Number(n), Literal::Num(l)) => match n.as_f64().and_then(|x| x.partial_cmp(l)) {
            Some(o) => o,
            None => return false,
        },
        (Value::Bool(b), Literal::Str(l)) => b.to_string().as_str().cmp(l.as_str()),
        _ => return op == "!=",
    };
    match op {
        "==" => ord.is_eq(),
        "!=" => ord.is_ne(),
        "<" => ord.is_lt(),
        ">" => ord.is_gt(),
        "<=" => ord.is_le(),
        ">=" => ord.is_ge(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn list() -> Value {
        json!({
            "apiVersion": "v1", "kind": "List",
            "items": [
                {"metadata": {"name": "frontend-abcde", "labels": {"app.kubernetes.io/name": "web"}},
                 "spec": {"nodeName": "10.0.10.5", "containers": [{"name": "webserver", "image": "nginx"}]},
                 "status": {"conditions": [{"type": "Ready", "status": "True"}]}},
                {"metadata": {"name": "frontend-fghij"},
                 "spec": {"nodeName": "10.0.10.7", "containers": [{"name": "webserver", "image": "httpd"}]},
                 "status": {"conditions": [{"type": "Ready", "status": "False"}]}}
            ]
        })
    }

    fn r(t: &str) -> String {
        render(t, &list()).unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn wildcard_results_are_joined_by_spaces() {
        assert_eq!(
            r("{.items[*].metadata.name}"),
            "frontend-abcde frontend-fghij"
        );
    }

    #[test]
    fn range_repeats_the_body_for_each_item() {
        assert_eq!(
            r(r#"{range .items[*]}{.metadata.name}{"\t"}{.spec.nodeName}{"\n"}{end}"#),
            "frontend-abcde\t10.0.10.5\nfrontend-fghij\t10.0.10.7\n"
        );
    }

    #[test]
    fn indexes_slices_and_negative_indexes_select_items() {
        assert_eq!(r("{.items[0].metadata.name}"), "frontend-abcde");
        assert_eq!(r("{.items[-1].metadata.name}"), "frontend-fghij");
        assert_eq!(r("{.items[0:1].metadata.name}"), "frontend-abcde");
    }

    #[test]
    fn filters_select_matching_elements() {
        assert_eq!(
            r(r#"{.items[*].status.conditions[?(@.type=="Ready")].status}"#),
            "True False"
        );
        assert_eq!(
            r(r#"{.items[?(@.spec.nodeName=="10.0.10.7")].metadata.name}"#),
            "frontend-fghij"
        );
    }

    #[test]
    fn escaped_dots_and_quoted_keys_reach_dotted_label_keys() {
        assert_eq!(
            r(r"{.items[0].metadata.labels.app\.kubernetes\.io/name}"),
            "web"
        );
        assert_eq!(
            r("{.items[0].metadata.labels['app.kubernetes.io/name']}"),
            "web"
        );
    }

    #[test]
    fn missing_keys_print_nothing_and_maps_print_as_json() {
        assert_eq!(r("{.items[0].nope}"), "");
        assert_eq!(
            r("{.items[0].spec.containers[0]}"),
            r#"{"image":"nginx","name":"webserver"}"#
        );
        assert_eq!(r("names: {..image}"), "names: nginx httpd");
    }

    #[test]
    fn nesting_past_the_limit_is_refused_before_parsing() {
        let deep_range = format!(
            "{}x{}",
            "{range .items}".repeat(20_000),
            "{end}".repeat(20_000)
        );
        let deep_filter = format!("{{.items{}{}}}", "[?(@.a".repeat(3_000), ")]".repeat(3_000));
        for t in [deep_range, deep_filter] {
            assert_eq!(
                render(&t, &list()),
                Err("the template nests deeper than 100 levels".to_string())
            );
        }
        let ok = format!("{}x{}", "{range .items}".repeat(100), "{end}".repeat(100));
        assert!(render(&ok, &list()).is_ok());
        // Brackets in plain text and in string literals are not nesting.
        assert!(render(&format!("{}{{'[[['}}", "[".repeat(500)), &list()).is_ok());
    }

    #[test]
    fn malformed_templates_are_errors() {
        for bad in [
            "{.items",
            "{range .items[*]}x",
            "{end}",
            "{.items[abc]}",
            "{.a b}",
        ] {
            assert!(render(bad, &list()).is_err(), "{bad}");
        }
    }
}
