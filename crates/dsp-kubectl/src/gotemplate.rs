//! `-o go-template=` and `-o go-template-file=`: Go's text/template over the object as kubectl
//! hands it to the engine (JSON decoded into `map[string]interface{}`, so every number is a
//! float64), with kubectl's two extra functions (`exists`, `base64decode`).
//!
//! Supported: text and actions with `{{-`/`-}}` trimming and comments; fields (`.a.b`, `$x.a`,
//! `$`), string/raw-string/number/bool/nil literals, parenthesised pipelines, pipelines with
//! `|`, variable declaration and assignment; `if`/`else if`/`else`, `range` (with `$i, $e :=`,
//! `else`, `break`, `continue`), `with`/`else with`; the functions `and`, `or`, `not`, `len`,
//! `index`, `slice`, `print`, `printf`, `println`, `eq`, `ne`, `lt`, `le`, `gt`, `ge`, `exists`,
//! `base64decode`. Values print as Go's `fmt` prints them (`<no value>` for a missing key,
//! `map[k:v]`, `[a b]`, floats in `%v` form: `3`, `1.5`, `1e+06`). Errors are worded as Go's.
//! Not supported: `define`/`template`/`block` (refused at parse time with a clear message).

use serde_json::Value;

/// A parse error (`template: output:LINE: MESSAGE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub String);

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    nodes: Vec<Node>,
}

#[derive(Debug, Clone)]
enum Node {
    Text(String),
    Action(Pipe),
    If {
        branches: Vec<(Pipe, Vec<Node>)>,
        otherwise: Vec<Node>,
        with: bool,
    },
    Range {
        pipe: Pipe,
        key: Option<String>,
        elem: Option<String>,
        body: Vec<Node>,
        otherwise: Vec<Node>,
    },
    Break,
    Continue,
}

#[derive(Debug, Clone)]
struct Pipe {
    decl: Option<(Vec<String>, bool)>,
    cmds: Vec<Vec<Operand>>,
    /// Where the action sits and its text, for execution errors.
    line: usize,
    col: usize,
    text: String,
}

#[derive(Debug, Clone)]
enum Operand {
    /// `.a.b` (empty = `.`)
    Field(Vec<String>),
    /// `$x.a.b` (`$` is the root)
    Var(String, Vec<String>),
    Str(String),
    Num(f64, bool),
    Bool(bool),
    Nil,
    Func(String),
    Sub(Box<Pipe>, Vec<String>),
}

// ---------------------------------------------------------------------------------------------
// Lexing actions out of the text

struct Action {
    body: String,
    line: usize,
    col: usize,
}

enum Piece {
    Text(String),
    Action(Action),
}

fn split(src: &str) -> Result<Vec<Piece>, ParseError> {
    let mut out = Vec::new();
    let mut rest = src;
    let mut consumed = 0usize;
    let line_of = |offset: usize| src[..offset].matches('\n').count() + 1;
    let mut trim_next = false;
    while let Some(start) = rest.find("{{") {
        let mut text = rest[..start].to_string();
        if trim_next {
            text = text.trim_start().to_string();
        }
        let after = &rest[start + 2..];
        let trim_before = after.starts_with("- ")
            || after.starts_with("-\t")
            || after.starts_with("-\n")
            || after.starts_with("-\r");
        if trim_before {
            text = text.trim_end().to_string();
        }
        out.push(Piece::Text(text));
        let inner_start = if trim_before { 2 } else { 0 };
        let inner = &after[inner_start..];
        let abs = consumed + start;
        // Comments may hold `}}`; find the closing `*/` first.
        let close = if inner.trim_start().starts_with("/*") {
            match inner.find("*/") {
                Some(i) => inner[i..].find("}}").map(|j| i + j),
                None => {
                    return Err(ParseError(format!(
                        "template: output:{}: unclosed comment",
                        line_of(abs)
                    )))
                }
            }
        } else {
            find_close(inner)
        };
        let Some(end) = close else {
            return Err(ParseError(format!(
                "template: output:{}: unclosed action",
                line_of(abs)
            )));
        };
        let mut body = &inner[..end];
        trim_next = false;
        if body.ends_with(" -") || body.ends_with("\t-") || body.ends_with("\n-") {
            body = &body[..body.len() - 1];
            trim_next = true;
        }
        let line = line_of(abs);
        // Byte offset of the action's body in its line (where Go counts node positions).
        let col = abs - src[..abs].rfind('\n').map_or(0, |i| i + 1) + 2 + inner_start;
        if !body.trim_start().starts_with("/*") {
            out.push(Piece::Action(Action {
                body: body.to_string(),
                line,
                col,
            }));
        }
        let skip = start + 2 + inner_start + end + 2;
        consumed += skip;
        rest = &rest[skip..];
    }
    let mut text = rest.to_string();
    if trim_next {
        text = text.trim_start().to_string();
    }
    out.push(Piece::Text(text));
    Ok(out)
}

/// The `}}` that closes an action, outside string literals.
fn find_close(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'`' => {
                i += 1;
                while i < b.len() && b[i] != b'`' {
                    i += 1;
                }
            }
            b'\'' => {
                i += 1;
                while i < b.len() && b[i] != b'\'' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'}' if b.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Tokens inside an action

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Field(Vec<String>),
    Var(String, Vec<String>),
    Str(String),
    Num(f64, bool),
    Pipe,
    Open,
    Close,
    Declare,
    Assign,
    Comma,
}

fn tokens(body: &str, line: usize) -> Result<Vec<Tok>, ParseError> {
    let err = |m: String| ParseError(format!("template: output:{line}: {m}"));
    let c: Vec<char> = body.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let fields = |i: &mut usize| -> Vec<String> {
        let mut f = Vec::new();
        while *i < c.len() && c[*i] == '.' && c.get(*i + 1).is_some_and(|&x| ident(x)) {
            *i += 1;
            let s = *i;
            while *i < c.len() && ident(c[*i]) {
                *i += 1;
            }
            f.push(c[s..*i].iter().collect());
        }
        f
    };
    while i < c.len() {
        let ch = c[i];
        match ch {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '|' => {
                out.push(Tok::Pipe);
                i += 1;
            }
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
                let f = fields(&mut i);
                if !f.is_empty() {
                    out.push(Tok::Field(f));
                }
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            ':' if c.get(i + 1) == Some(&'=') => {
                out.push(Tok::Declare);
                i += 2;
            }
            '=' => {
                out.push(Tok::Assign);
                i += 1;
            }
            '"' => {
                i += 1;
                let mut s = String::new();
                loop {
                    let Some(&x) = c.get(i) else {
                        return Err(err("unterminated quoted string".into()));
                    };
                    i += 1;
                    match x {
                        '"' => break,
                        '\\' => {
                            let e = c.get(i).copied().unwrap_or('\\');
                            i += 1;
                            s.push(match e {
                                'n' => '\n',
                                't' => '\t',
                                'r' => '\r',
                                '\\' => '\\',
                                '"' => '"',
                                '\'' => '\'',
                                '0' => '\0',
                                other => {
                                    return Err(err(format!(
                                        "invalid syntax: unknown escape \\{other}"
                                    )))
                                }
                            });
                        }
                        '\n' => return Err(err("unterminated quoted string".into())),
                        other => s.push(other),
                    }
                }
                out.push(Tok::Str(s));
            }
            '`' => {
                i += 1;
                let s0 = i;
                while i < c.len() && c[i] != '`' {
                    i += 1;
                }
                if i >= c.len() {
                    return Err(err("unterminated raw quoted string".into()));
                }
                out.push(Tok::Str(c[s0..i].iter().collect()));
                i += 1;
            }
            '\'' => {
                let x = c.get(i + 1).copied().unwrap_or(' ');
                if c.get(i + 2) != Some(&'\'') {
                    return Err(err("unterminated character constant".into()));
                }
                out.push(Tok::Num(f64::from(u32::from(x)), true));
                i += 3;
            }
            '.' => {
                if c.get(i + 1).is_some_and(|&x| ident(x)) {
                    let f = fields(&mut i);
                    out.push(Tok::Field(f));
                } else if c.get(i + 1).is_some_and(|x| x.is_ascii_digit()) {
                    let s0 = i;
                    i += 1;
                    while i < c.len() && (c[i].is_ascii_alphanumeric() || c[i] == '.') {
                        i += 1;
                    }
                    let t: String = c[s0..i].iter().collect();
                    out.push(number(&t).ok_or_else(|| err(format!("bad number syntax: {t:?}")))?);
                } else {
                    out.push(Tok::Field(Vec::new()));
                    i += 1;
                }
            }
            '$' => {
                i += 1;
                let s0 = i;
                while i < c.len() && ident(c[i]) {
                    i += 1;
                }
                let name: String = std::iter::once('$')
                    .chain(c[s0..i].iter().copied())
                    .collect();
                let f = fields(&mut i);
                out.push(Tok::Var(name, f));
            }
            x if x.is_ascii_digit()
                || ((x == '-' || x == '+')
                    && c.get(i + 1)
                        .is_some_and(|d| d.is_ascii_digit() || *d == '.')) =>
            {
                let s0 = i;
                i += 1;
                while i < c.len()
                    && (c[i].is_ascii_alphanumeric()
                        || c[i] == '.'
                        || c[i] == '_'
                        || ((c[i] == '-' || c[i] == '+') && matches!(c[i - 1], 'e' | 'E')))
                {
                    i += 1;
                }
                let t: String = c[s0..i].iter().collect();
                out.push(number(&t).ok_or_else(|| err(format!("bad number syntax: {t:?}")))?);
            }
            x if ident(x) => {
                let s0 = i;
                while i < c.len() && ident(c[i]) {
                    i += 1;
                }
                out.push(Tok::Word(c[s0..i].iter().collect()));
            }
            other => return Err(err(format!("unexpected {other:?} in command"))),
        }
    }
    Ok(out)
}

fn number(t: &str) -> Option<Tok> {
    let clean: String = t.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.strip_prefix('-') {
        Some(b) => (true, b.to_string()),
        None => (false, clean.trim_start_matches('+').to_string()),
    };
    let sign = if neg { -1.0 } else { 1.0 };
    let lower = body.to_ascii_lowercase();
    let int = |digits: &str, radix: u32| {
        i64::from_str_radix(digits, radix)
            .ok()
            .map(|n| Tok::Num(sign * n as f64, true))
    };
    if let Some(h) = lower.strip_prefix("0x") {
        return int(h, 16);
    }
    if let Some(o) = lower.strip_prefix("0o") {
        return int(o, 8);
    }
    if let Some(b) = lower.strip_prefix("0b") {
        return int(b, 2);
    }
    if lower.chars().all(|c| c.is_ascii_digit()) {
        if lower.len() > 1 && lower.starts_with('0') {
            return int(&lower[1..], 8);
        }
        return int(&lower, 10);
    }
    lower.parse::<f64>().ok().map(|f| Tok::Num(sign * f, false))
}

// ---------------------------------------------------------------------------------------------
// Parsing

const FUNCS: [&str; 19] = [
    "and",
    "or",
    "not",
    "len",
    "index",
    "slice",
    "print",
    "printf",
    "println",
    "eq",
    "ne",
    "lt",
    "le",
    "gt",
    "ge",
    "exists",
    "base64decode",
    "html",
    "js",
];

impl Template {
    pub fn parse(src: &str) -> Result<Template, ParseError> {
        let pieces = split(src)?;
        let mut p = Parser {
            pieces,
            pos: 0,
            loops: 0,
        };
        let (nodes, end) = p.list()?;
        if let Some((word, line)) = end {
            return Err(ParseError(format!(
                "template: output:{line}: unexpected {{{{{word}}}}}"
            )));
        }
        Ok(Template { nodes })
    }
}

struct Parser {
    pieces: Vec<Piece>,
    pos: usize,
    loops: usize,
}

/// What ended a list: `end`, `else`, `else if …`, `else with …` (with its action).
type Ending = Option<(String, usize)>;

impl Parser {
    fn list(&mut self) -> Result<(Vec<Node>, Ending), ParseError> {
        let mut nodes = Vec::new();
        while self.pos < self.pieces.len() {
            let piece = std::mem::replace(&mut self.pieces[self.pos], Piece::Text(String::new()));
            self.pos += 1;
            match piece {
                Piece::Text(t) => {
                    if !t.is_empty() {
                        nodes.push(Node::Text(t));
                    }
                }
                Piece::Action(a) => {
                    let body = a.body.trim();
                    let word = body.split_whitespace().next().unwrap_or("");
                    let rest = body[word.len()..].trim();
                    match word {
                        "" => {
                            return Err(ParseError(format!(
                                "template: output:{}: missing value for command",
                                a.line
                            )))
                        }
                        "end" => return Ok((nodes, Some(("end".into(), a.line)))),
                        "else" => return Ok((nodes, Some((body.to_string(), a.line)))),
                        "if" | "with" => nodes.push(self.branch(word == "with", rest, &a)?),
                        "range" => nodes.push(self.range(rest, &a)?),
                        "break" | "continue" => {
                            if self.loops == 0 {
                                return Err(ParseError(format!(
                                    "template: output:{}: {{{{{word}}}}} outside {{{{range}}}}",
                                    a.line
                                )));
                            }
                            nodes.push(if word == "break" { Node::Break } else { Node::Continue });
                        }
                        "define" | "template" | "block" => {
                            return Err(ParseError(format!(
                                "template: output:{}: {{{{{word}}}}} is not available in the playground's go-template",
                                a.line
                            )))
                        }
                        _ => {
                            let pipe = pipeline(body, &a, true)?;
                            nodes.push(Node::Action(pipe));
                        }
                    }
                }
            }
        }
        Ok((nodes, None))
    }

    fn branch(&mut self, with: bool, rest: &str, a: &Action) -> Result<Node, ParseError> {
        let keyword = if with { "with" } else { "if" };
        let mut branches = vec![(pipeline(rest, a, true)?, Vec::new())];
        let mut otherwise = Vec::new();
        loop {
            let (body, end) = self.list()?;
            let Some((end, line)) = end else {
                return Err(ParseError(format!(
                    "template: output:{}: unexpected EOF",
                    a.line
                )));
            };
            if let Some(last) = branches.last_mut() {
                if last.1.is_empty() {
                    last.1 = body;
                } else {
                    otherwise = body;
                }
            }
            if end == "end" {
                return Ok(Node::If {
                    branches,
                    otherwise,
                    with,
                });
            }
            let after = end.trim_start_matches("else").trim();
            if after.is_empty() {
                let (body, end2) = self.list()?;
                match end2 {
                    Some((e, _)) if e == "end" => {
                        return Ok(Node::If {
                            branches,
                            otherwise: body,
                            with,
                        })
                    }
                    _ => {
                        return Err(ParseError(format!(
                            "template: output:{line}: expected end; found {{{{else}}}}"
                        )))
                    }
                }
            }
            let Some(cond) = after.strip_prefix(keyword) else {
                return Err(ParseError(format!(
                    "template: output:{line}: expected end; found {{{{{end}}}}}"
                )));
            };
            branches.push((pipeline(cond.trim(), a, true)?, Vec::new()));
        }
    }

    fn range(&mut self, rest: &str, a: &Action) -> Result<Node, ParseError> {
        let pipe = pipeline(rest, a, true)?;
        let (key, elem) = match &pipe.decl {
            Some((vars, _)) if vars.len() == 2 => (Some(vars[0].clone()), Some(vars[1].clone())),
            Some((vars, _)) if vars.len() == 1 => (None, Some(vars[0].clone())),
            _ => (None, None),
        };
        self.loops += 1;
        let (body, end) = self.list()?;
        let otherwise = match end {
            Some((e, _)) if e == "end" => Vec::new(),
            Some((e, line)) if e.trim() == "else" => {
                self.loops -= 1;
                let (other, end2) = self.list()?;
                self.loops += 1;
                if !matches!(end2, Some((e, _)) if e == "end") {
                    return Err(ParseError(format!("template: output:{line}: expected end")));
                }
                other
            }
            Some((e, line)) => {
                return Err(ParseError(format!(
                    "template: output:{line}: expected end; found {{{{{e}}}}}"
                )))
            }
            None => {
                return Err(ParseError(format!(
                    "template: output:{}: unexpected EOF",
                    a.line
                )))
            }
        };
        self.loops -= 1;
        let mut pipe = pipe;
        pipe.decl = None;
        Ok(Node::Range {
            pipe,
            key,
            elem,
            body,
            otherwise,
        })
    }
}

fn pipeline(body: &str, a: &Action, allow_decl: bool) -> Result<Pipe, ParseError> {
    let toks = tokens(body, a.line)?;
    let mut pos = 0;
    let pipe = parse_pipe(&toks, &mut pos, a, allow_decl)?;
    if pos < toks.len() {
        return Err(ParseError(format!(
            "template: output:{}: unexpected {} in operand",
            a.line,
            tok_text(&toks[pos])
        )));
    }
    // Where the pipeline's text starts in its line: `body` is a slice of the action's body
    // when it comes from that action.
    let base = a.body.as_ptr() as usize;
    let here = body.trim_start().as_ptr() as usize;
    let offset = if here >= base && here <= base + a.body.len() {
        here - base
    } else {
        0
    };
    Ok(Pipe {
        text: body.trim().to_string(),
        col: a.col + offset,
        ..pipe
    })
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Close => "\")\"".into(),
        Tok::Open => "\"(\"".into(),
        Tok::Comma => "\",\"".into(),
        Tok::Pipe => "\"|\"".into(),
        other => format!("{other:?}"),
    }
}

fn parse_pipe(
    toks: &[Tok],
    pos: &mut usize,
    a: &Action,
    allow_decl: bool,
) -> Result<Pipe, ParseError> {
    let err = |m: &str| ParseError(format!("template: output:{}: {m}", a.line));
    let mut decl = None;
    if allow_decl {
        // `$x :=`, `$x =`, `$i, $e :=`
        let mut vars = Vec::new();
        let mut p = *pos;
        while let Some(Tok::Var(name, f)) = toks.get(p) {
            if !f.is_empty() {
                break;
            }
            vars.push(name.clone());
            p += 1;
            if toks.get(p) == Some(&Tok::Comma) {
                p += 1;
            } else {
                break;
            }
        }
        if !vars.is_empty() {
            match toks.get(p) {
                Some(Tok::Declare) => {
                    decl = Some((vars, true));
                    *pos = p + 1;
                }
                Some(Tok::Assign) => {
                    decl = Some((vars, false));
                    *pos = p + 1;
                }
                _ => {}
            }
        }
    }
    let mut cmds = Vec::new();
    let mut cmd: Vec<Operand> = Vec::new();
    while *pos < toks.len() {
        let t = toks[*pos].clone();
        match t {
            Tok::Close => break,
            Tok::Pipe => {
                if cmd.is_empty() {
                    return Err(err("missing command"));
                }
                cmds.push(std::mem::take(&mut cmd));
                *pos += 1;
                continue;
            }
            Tok::Open => {
                *pos += 1;
                let sub = parse_pipe(toks, pos, a, false)?;
                if toks.get(*pos) != Some(&Tok::Close) {
                    return Err(err("unclosed left paren"));
                }
                *pos += 1;
                let mut fields = Vec::new();
                if let Some(Tok::Field(f)) = toks.get(*pos) {
                    if !f.is_empty() {
                        fields = f.clone();
                        *pos += 1;
                    }
                }
                cmd.push(Operand::Sub(Box::new(sub), fields));
                continue;
            }
            Tok::Field(f) => cmd.push(Operand::Field(f)),
            Tok::Var(n, f) => cmd.push(Operand::Var(n, f)),
            Tok::Str(s) => cmd.push(Operand::Str(s)),
            Tok::Num(n, i) => cmd.push(Operand::Num(n, i)),
            Tok::Word(w) => cmd.push(match w.as_str() {
                "true" => Operand::Bool(true),
                "false" => Operand::Bool(false),
                "nil" => Operand::Nil,
                f if FUNCS.contains(&f) => Operand::Func(f.to_string()),
                f => return Err(err(&format!("function {f:?} not defined"))),
            }),
            Tok::Comma | Tok::Declare | Tok::Assign => {
                return Err(err(&format!("unexpected {} in command", tok_text(&t))))
            }
        }
        *pos += 1;
    }
    if !cmd.is_empty() {
        cmds.push(cmd);
    }
    if cmds.is_empty() {
        return Err(err("missing value for command"));
    }
    Ok(Pipe {
        decl,
        cmds,
        line: a.line,
        col: a.col,
        text: String::new(),
    })
}

// ---------------------------------------------------------------------------------------------
// Execution

/// A value during execution: JSON, or one of Go's own (an int from a literal or `len`, a
/// missing value).
#[derive(Debug, Clone, PartialEq)]
enum V {
    J(Value),
    Int(i64),
    Missing,
}

impl V {
    fn truth(&self) -> bool {
        match self {
            V::Missing => false,
            V::Int(i) => *i != 0,
            V::J(v) => match v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                Value::Object(m) => !m.is_empty(),
            },
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            V::Missing => "interface {}",
            V::Int(_) => "int",
            V::J(v) => match v {
                Value::Null => "interface {}",
                Value::Bool(_) => "bool",
                Value::Number(_) => "float64",
                Value::String(_) => "string",
                Value::Array(_) => "[]interface {}",
                Value::Object(_) => "map[string]interface {}",
            },
        }
    }
}

/// Go's `fmt.Sprint` of a value.
fn show(v: &V) -> String {
    match v {
        V::Missing => "<no value>".to_string(),
        V::Int(i) => i.to_string(),
        V::J(j) => show_json(j),
    }
}

fn show_json(v: &Value) -> String {
    match v {
        Value::Null => "<nil>".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => go_float(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(show_json).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(m) => format!(
            "map[{}]",
            m.iter()
                .map(|(k, v)| format!("{k}:{}", show_json(v)))
                .collect::<Vec<_>>()
                .join(" ")
        ),
    }
}

/// Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits, in
/// exponent form when the exponent is below -4 or 6 and more, so 1000000 prints `1e+06`).
pub(crate) fn go_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    let exp = f.abs().log10().floor() as i32;
    if !(-4..6).contains(&exp) {
        // Rust's shortest exponent form, rewritten as Go's (`1e+21`, `1.5e-05`).
        let s = format!("{f:e}");
        let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
        let e: i32 = e.parse().unwrap_or(0);
        let sign = if e < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", e.abs());
    }
    format!("{f}")
}

struct Exec {
    vars: Vec<(String, V)>,
    out: String,
}

/// Execution error text (`template: output:L:C: executing "output" at <X>: MESSAGE`).
#[derive(Debug)]
struct ExecError(String);

enum Flow {
    Normal,
    Break,
    Continue,
}

impl Template {
    /// Runs the template on `data`; the error is Go's execution error.
    pub fn execute(&self, data: &Value) -> Result<String, String> {
        let mut e = Exec {
            vars: vec![("$".to_string(), V::J(data.clone()))],
            out: String::new(),
        };
        match e.list(&self.nodes, &V::J(data.clone())) {
            Ok(_) => Ok(e.out),
            Err(ExecError(m)) => Err(m),
        }
    }
}

impl Exec {
    fn list(&mut self, nodes: &[Node], dot: &V) -> Result<Flow, ExecError> {
        for n in nodes {
            match n {
                Node::Text(t) => self.out.push_str(t),
                Node::Action(pipe) => {
                    let v = self.pipe(pipe, dot)?;
                    if pipe.decl.is_none() {
                        self.out.push_str(&show(&v));
                    }
                }
                Node::If {
                    branches,
                    otherwise,
                    with,
                } => {
                    let mut done = false;
                    for (cond, body) in branches {
                        let mark = self.vars.len();
                        let v = self.pipe(cond, dot)?;
                        if v.truth() {
                            let flow = if *with {
                                self.list(body, &v)?
                            } else {
                                self.list(body, dot)?
                            };
                            self.vars.truncate(mark);
                            if !matches!(flow, Flow::Normal) {
                                return Ok(flow);
                            }
                            done = true;
                            break;
                        }
                        self.vars.truncate(mark);
                    }
                    if !done {
                        let flow = self.list(otherwise, dot)?;
                        if !matches!(flow, Flow::Normal) {
                            return Ok(flow);
                        }
                    }
                }
                Node::Range {
                    pipe,
                    key,
                    elem,
                    body,
                    otherwise,
                } => {
                    let v = self.pipe(pipe, dot)?;
                    let items: Vec<(V, V)> = match &v {
                        V::J(Value::Array(a)) => a
                            .iter()
                            .enumerate()
                            .map(|(i, x)| (V::Int(i as i64), V::J(x.clone())))
                            .collect(),
                        V::J(Value::Object(m)) => m
                            .iter()
                            .map(|(k, x)| (V::J(Value::String(k.clone())), V::J(x.clone())))
                            .collect(),
                        V::J(Value::Null) | V::Missing => Vec::new(),
                        V::Int(n) => (0..*n).map(|i| (V::Int(i), V::Int(i))).collect(),
                        other => {
                            return Err(self
                                .error(pipe, &format!("range can't iterate over {}", show(other))))
                        }
                    };
                    if items.is_empty() {
                        self.list(otherwise, dot)?;
                        continue;
                    }
                    for (k, x) in items {
                        let mark = self.vars.len();
                        if let Some(name) = key {
                            self.vars.push((name.clone(), k));
                        }
                        if let Some(name) = elem {
                            self.vars.push((name.clone(), x.clone()));
                        }
                        let flow = self.list(body, &x)?;
                        self.vars.truncate(mark);
                        if matches!(flow, Flow::Break) {
                            break;
                        }
                    }
                }
                Node::Break => return Ok(Flow::Break),
                Node::Continue => return Ok(Flow::Continue),
            }
        }
        Ok(Flow::Normal)
    }

    fn error(&self, pipe: &Pipe, message: &str) -> ExecError {
        ExecError(format!(
            "template: output:{}:{}: executing \"output\" at <{}>: {message}",
            pipe.line, pipe.col, pipe.text
        ))
    }

    fn pipe(&mut self, pipe: &Pipe, dot: &V) -> Result<V, ExecError> {
        let mut value: Option<V> = None;
        for cmd in &pipe.cmds {
            value = Some(self.command(pipe, cmd, dot, value)?);
        }
        let v = value.unwrap_or(V::Missing);
        if let Some((vars, declare)) = &pipe.decl {
            if let Some(name) = vars.first() {
                if *declare {
                    self.vars.push((name.clone(), v.clone()));
                } else if let Some(slot) = self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    slot.1 = v.clone();
                } else {
                    return Err(self.error(pipe, &format!("undefined variable: {name}")));
                }
            }
        }
        Ok(v)
    }

    fn command(
        &mut self,
        pipe: &Pipe,
        cmd: &[Operand],
        dot: &V,
        piped: Option<V>,
    ) -> Result<V, ExecError> {
        let Some(first) = cmd.first() else {
            return Ok(V::Missing);
        };
        if let Operand::Func(name) = first {
            let mut args = Vec::new();
            if name == "and" || name == "or" {
                // Short-circuit: arguments are evaluated until the answer is known.
                let mut last = V::Missing;
                let mut operands: Vec<&Operand> = cmd[1..].iter().collect();
                let piped_arg = piped;
                if operands.is_empty() && piped_arg.is_none() {
                    return Err(self.error(
                        pipe,
                        &format!("wrong number of args for {name}: want at least 1 got 0"),
                    ));
                }
                for op in operands.drain(..) {
                    let v = self.operand(pipe, op, dot)?;
                    let t = v.truth();
                    last = v;
                    if (name == "and" && !t) || (name == "or" && t) {
                        return Ok(last);
                    }
                }
                if let Some(p) = piped_arg {
                    last = p;
                }
                return Ok(last);
            }
            for op in &cmd[1..] {
                args.push(self.operand(pipe, op, dot)?);
            }
            if let Some(p) = piped {
                args.push(p);
            }
            return self.call(pipe, name, args);
        }
        if cmd.len() > 1 || piped.is_some() {
            return Err(self.error(
                pipe,
                &format!(
                    "can't give argument to non-function {}",
                    operand_text(first)
                ),
            ));
        }
        self.operand(pipe, first, dot)
    }

    fn operand(&mut self, pipe: &Pipe, op: &Operand, dot: &V) -> Result<V, ExecError> {
        match op {
            Operand::Field(f) => self.fields(pipe, dot.clone(), f, "."),
            Operand::Var(name, f) => {
                let Some((_, v)) = self.vars.iter().rev().find(|(n, _)| n == name) else {
                    return Err(ExecError(format!(
                        "template: output:{}: undefined variable \"{name}\"",
                        pipe.line
                    )));
                };
                let v = v.clone();
                self.fields(pipe, v, f, name)
            }
            Operand::Str(s) => Ok(V::J(Value::String(s.clone()))),
            Operand::Num(n, true) => Ok(V::Int(*n as i64)),
            Operand::Num(n, false) => Ok(V::J(
                serde_json::Number::from_f64(*n).map_or(Value::Null, Value::Number),
            )),
            Operand::Bool(b) => Ok(V::J(Value::Bool(*b))),
            Operand::Nil => Err(self.error(pipe, "nil is not a command")),
            Operand::Func(name) => self.call(pipe, name, Vec::new()),
            Operand::Sub(p, f) => {
                let v = self.pipe(p, dot)?;
                self.fields(pipe, v, f, "")
            }
        }
    }

    fn fields(
        &self,
        pipe: &Pipe,
        mut v: V,
        fields: &[String],
        _base: &str,
    ) -> Result<V, ExecError> {
        for (i, f) in fields.iter().enumerate() {
            v = match v {
                V::J(Value::Object(m)) => match m.get(f) {
                    Some(x) => V::J(x.clone()),
                    None => V::Missing,
                },
                V::Missing | V::J(Value::Null) => {
                    return Err(
                        self.error(pipe, &format!("nil pointer evaluating interface {{}}.{f}"))
                    )
                }
                other => {
                    let _ = i;
                    return Err(self.error(
                        pipe,
                        &format!("can't evaluate field {f} in type {}", other.type_name()),
                    ));
                }
            };
        }
        Ok(v)
    }

    fn call(&self, pipe: &Pipe, name: &str, args: Vec<V>) -> Result<V, ExecError> {
        let want = |n: usize| -> Result<(), ExecError> {
            if args.len() != n {
                return Err(self.error(
                    pipe,
                    &format!(
                        "wrong number of args for {name}: want {n} got {}",
                        args.len()
                    ),
                ));
            }
            Ok(())
        };
        let fail = |m: String| self.error(pipe, &format!("error calling {name}: {m}"));
        match name {
            "not" => {
                want(1)?;
                Ok(V::J(Value::Bool(!args[0].truth())))
            }
            "len" => {
                want(1)?;
                match &args[0] {
                    V::J(Value::String(s)) => Ok(V::Int(s.len() as i64)),
                    V::J(Value::Array(a)) => Ok(V::Int(a.len() as i64)),
                    V::J(Value::Object(m)) => Ok(V::Int(m.len() as i64)),
                    other => Err(fail(format!("len of type {}", other.type_name()))),
                }
            }
            "index" => {
                if args.is_empty() {
                    return Err(self.error(
                        pipe,
                        "wrong number of args for index: want at least 1 got 0",
                    ));
                }
                let mut v = args[0].clone();
                for key in &args[1..] {
                    v = match (&v, key) {
                        (V::J(Value::Object(m)), V::J(Value::String(k))) => {
                            m.get(k).cloned().map_or(V::Missing, V::J)
                        }
                        (V::J(Value::Object(_)), other) => {
                            return Err(fail(format!(
                                "value has type {}; should be string",
                                other.type_name()
                            )))
                        }
                        (V::J(Value::Array(a)), V::Int(i)) => {
                            match usize::try_from(*i).ok().and_then(|i| a.get(i)) {
                                Some(x) => V::J(x.clone()),
                                None => return Err(fail(format!("index out of range: {i}"))),
                            }
                        }
                        (V::J(Value::Array(_)), other) => {
                            return Err(fail(format!(
                                "cannot index slice/array with type {}",
                                other.type_name()
                            )))
                        }
                        (V::Missing | V::J(Value::Null), _) => {
                            return Err(fail("index of untyped nil".to_string()))
                        }
                        (other, _) => {
                            return Err(fail(format!(
                                "can't index item of type {}",
                                other.type_name()
                            )))
                        }
                    };
                }
                Ok(v)
            }
            "slice" => {
                let Some(base) = args.first() else {
                    return Err(self.error(
                        pipe,
                        "wrong number of args for slice: want at least 1 got 0",
                    ));
                };
                let idx: Vec<i64> = args[1..]
                    .iter()
                    .map(|a| match a {
                        V::Int(i) => Ok(*i),
                        other => Err(fail(format!(
                            "cannot index slice/array with type {}",
                            other.type_name()
                        ))),
                    })
                    .collect::<Result<_, _>>()?;
                let cut = |len: usize| -> Result<(usize, usize), ExecError> {
                    let lo = idx.first().copied().unwrap_or(0);
                    let hi = idx.get(1).copied().unwrap_or(len as i64);
                    if lo < 0 || hi < lo || hi as usize > len {
                        return Err(fail(format!("index out of range: {hi}")));
                    }
                    Ok((lo as usize, hi as usize))
                };
                match base {
                    V::J(Value::String(s)) => {
                        let (lo, hi) = cut(s.len())?;
                        Ok(V::J(Value::String(s.get(lo..hi).unwrap_or("").to_string())))
                    }
                    V::J(Value::Array(a)) => {
                        let (lo, hi) = cut(a.len())?;
                        Ok(V::J(Value::Array(a[lo..hi].to_vec())))
                    }
                    other => Err(fail(format!(
                        "can't slice item of type {}",
                        other.type_name()
                    ))),
                }
            }
            "print" | "println" => {
                // fmt.Sprint adds spaces between operands when neither is a string.
                let mut out = String::new();
                for (i, a) in args.iter().enumerate() {
                    let is_str = matches!(a, V::J(Value::String(_)));
                    let prev_str = i > 0 && matches!(args[i - 1], V::J(Value::String(_)));
                    if i > 0 && (name == "println" || (!is_str && !prev_str)) {
                        out.push(' ');
                    }
                    out.push_str(&show(a));
                }
                if name == "println" {
                    out.push('\n');
                }
                Ok(V::J(Value::String(out)))
            }
            "printf" => {
                let Some(V::J(Value::String(format))) = args.first() else {
                    return Err(fail("format is not a string".into()));
                };
                Ok(V::J(Value::String(sprintf(format, &args[1..]))))
            }
            "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
                if args.len() < 2 && name == "eq" {
                    return Err(fail("missing argument for comparison".into()));
                }
                if name != "eq" {
                    want(2)?;
                }
                let first = &args[0];
                if name == "eq" {
                    for other in &args[1..] {
                        if compare(first, other).map_err(&fail)? == std::cmp::Ordering::Equal {
                            return Ok(V::J(Value::Bool(true)));
                        }
                    }
                    return Ok(V::J(Value::Bool(false)));
                }
                if name == "ne" {
                    let ord = compare(first, &args[1]).map_err(&fail)?;
                    return Ok(V::J(Value::Bool(ord != std::cmp::Ordering::Equal)));
                }
                let ord = ordered(first, &args[1]).map_err(&fail)?;
                use std::cmp::Ordering::*;
                let r = match name {
                    "lt" => ord == Less,
                    "le" => ord != Greater,
                    "gt" => ord == Greater,
                    _ => ord != Less,
                };
                Ok(V::J(Value::Bool(r)))
            }
            "exists" => {
                // kubectl's exists: whether a chain of keys is present.
                let Some(mut cur) = args.first().cloned() else {
                    return Ok(V::J(Value::Bool(false)));
                };
                for key in &args[1..] {
                    cur = match (&cur, key) {
                        (V::J(Value::Object(m)), V::J(Value::String(k))) => match m.get(k) {
                            Some(x) => V::J(x.clone()),
                            None => return Ok(V::J(Value::Bool(false))),
                        },
                        (V::J(Value::Array(a)), V::Int(i)) => {
                            match usize::try_from(*i).ok().and_then(|i| a.get(i)) {
                                Some(x) => V::J(x.clone()),
                                None => return Ok(V::J(Value::Bool(false))),
                            }
                        }
                        _ => return Ok(V::J(Value::Bool(false))),
                    };
                }
                Ok(V::J(Value::Bool(true)))
            }
            "base64decode" => {
                want(1)?;
                let V::J(Value::String(s)) = &args[0] else {
                    return Err(fail(format!(
                        "base64decode: expected a string, got {}",
                        args[0].type_name()
                    )));
                };
                match dsp_schema::base64::decode(s) {
                    Ok(bytes) => Ok(V::J(Value::String(
                        String::from_utf8_lossy(&bytes).into_owned(),
                    ))),
                    Err(at) => Err(fail(format!(
                        "base64 decode failed: illegal base64 data at input byte {at}"
                    ))),
                }
            }
            "html" | "js" => Ok(V::J(Value::String(
                args.iter().map(show).collect::<Vec<_>>().join(""),
            ))),
            other => Err(self.error(pipe, &format!("function {other:?} not defined"))),
        }
    }
}

fn operand_text(op: &Operand) -> String {
    match op {
        Operand::Field(f) => format!(".{}", f.join(".")),
        Operand::Var(n, f) if f.is_empty() => n.clone(),
        Operand::Var(n, f) => format!("{n}.{}", f.join(".")),
        Operand::Str(s) => format!("{s:?}"),
        Operand::Num(n, _) => go_float(*n),
        Operand::Bool(b) => b.to_string(),
        Operand::Nil => "nil".into(),
        Operand::Func(f) => f.clone(),
        Operand::Sub(..) => "(...)".into(),
    }
}

/// Kinds Go's comparison functions tell apart.
#[derive(PartialEq)]
enum Basic {
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

fn basic(v: &V) -> Option<Basic> {
    match v {
        V::Int(i) => Some(Basic::Int(*i)),
        V::J(Value::Bool(b)) => Some(Basic::Bool(*b)),
        V::J(Value::Number(n)) => Some(Basic::Float(n.as_f64().unwrap_or(0.0))),
        V::J(Value::String(s)) => Some(Basic::Str(s.clone())),
        _ => None,
    }
}

/// `eq`/`ne`: values of one basic kind; JSON numbers are float64 and template literals int,
/// which Go refuses to compare.
fn compare(a: &V, b: &V) -> Result<std::cmp::Ordering, String> {
    use std::cmp::Ordering::*;
    match (basic(a), basic(b)) {
        (Some(Basic::Bool(x)), Some(Basic::Bool(y))) => Ok(if x == y { Equal } else { Less }),
        (Some(Basic::Int(x)), Some(Basic::Int(y))) => Ok(x.cmp(&y)),
        (Some(Basic::Float(x)), Some(Basic::Float(y))) => Ok(x.partial_cmp(&y).unwrap_or(Less)),
        (Some(Basic::Str(x)), Some(Basic::Str(y))) => Ok(x.cmp(&y)),
        (Some(_), Some(_)) => Err("incompatible types for comparison".into()),
        (None, _) | (_, None) => {
            if matches!(a, V::Missing | V::J(Value::Null))
                && matches!(b, V::Missing | V::J(Value::Null))
            {
                Ok(Equal)
            } else if matches!(a, V::Missing | V::J(Value::Null))
                || matches!(b, V::Missing | V::J(Value::Null))
            {
                Err("incompatible types for comparison".into())
            } else {
                Err("non-comparable type".into())
            }
        }
    }
}

fn ordered(a: &V, b: &V) -> Result<std::cmp::Ordering, String> {
    match (basic(a), basic(b)) {
        (Some(Basic::Bool(_)), _) | (_, Some(Basic::Bool(_))) => {
            Err("invalid type for comparison".into())
        }
        _ => compare(a, b),
    }
}

/// Go's `fmt.Sprintf` for the verbs templates use: `%s %v %d %q %f %t %x %%` with width and
/// `-`; a verb that does not fit its operand prints Go's `%!d(float64=3)`.
fn sprintf(format: &str, args: &[V]) -> String {
    let mut out = String::new();
    let mut it = format.chars().peekable();
    let mut n = 0usize;
    while let Some(c) = it.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = it.peek() {
            if "-+ 0#".contains(f) {
                flags.push(f);
                it.next();
            } else {
                break;
            }
        }
        let mut width = String::new();
        while let Some(&d) = it.peek() {
            if d.is_ascii_digit() {
                width.push(d);
                it.next();
            } else {
                break;
            }
        }
        let mut precision: Option<usize> = None;
        if it.peek() == Some(&'.') {
            it.next();
            let mut p = String::new();
            while let Some(&d) = it.peek() {
                if d.is_ascii_digit() {
                    p.push(d);
                    it.next();
                } else {
                    break;
                }
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let Some(verb) = it.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(n) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        n += 1;
        let bad = || format!("%!{verb}({}={})", arg.type_name(), show(arg));
        let text = match (verb, arg) {
            ('v' | 's', V::J(Value::String(s))) => s.clone(),
            ('v', _) => show(arg),
            ('s', V::Missing) => "%!s(<nil>)".to_string(),
            ('s', _) => bad(),
            ('d', V::Int(i)) => i.to_string(),
            ('d', _) => bad(),
            ('q', V::J(Value::String(s))) => dsp_core::manifest::go_quote(s),
            ('q', _) => bad(),
            ('t', V::J(Value::Bool(b))) => b.to_string(),
            ('t', _) => bad(),
            ('f', V::J(Value::Number(x))) => {
                format!("{:.*}", precision.unwrap_or(6), x.as_f64().unwrap_or(0.0))
            }
            ('f', _) => bad(),
            ('x', V::Int(i)) => format!("{i:x}"),
            ('x', V::J(Value::String(s))) => s.bytes().map(|b| format!("{b:02x}")).collect(),
            _ => bad(),
        };
        let w: usize = width.parse().unwrap_or(0);
        let len = text.chars().count();
        if len < w {
            let pad = " ".repeat(w - len);
            if flags.contains('-') {
                out.push_str(&text);
                out.push_str(&pad);
            } else {
                out.push_str(&pad);
                out.push_str(&text);
            }
        } else {
            out.push_str(&text);
        }
    }
    if n < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[n..]
            .iter()
            .map(|a| format!("{}={}", a.type_name(), show(a)))
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

/// kubectl's printer around the engine: the object as the engine sees it, and the text kubectl
/// writes (to standard output, before its error) when execution fails.
pub fn render(template: &Template, raw: &str, object: &Value) -> Result<String, (String, String)> {
    match template.execute(object) {
        Ok(text) => Ok(text),
        Err(e) => {
            let data = object.to_string();
            let mut shown = String::new();
            shown.push_str(&format!(
                "Error executing template: {e}. Printing more information for debugging the template:\n"
            ));
            shown.push_str(&format!("\ttemplate was:\n\t\t{raw}\n"));
            shown.push_str(&format!("\traw data was:\n\t\t{data}\n"));
            shown.push_str(&format!(
                "\tobject given to template engine was:\n\t\t{}\n\n",
                show_json(object)
            ));
            Err((
                shown,
                format!(
                    "error: error executing template {}: {e}",
                    dsp_core::manifest::go_quote(raw)
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(t: &str, data: &Value) -> Result<String, String> {
        Template::parse(t).map_err(|e| e.0)?.execute(data)
    }

    #[test]
    fn fields_ranges_conditions_and_functions() {
        let ds = json!({
            "metadata": {"name": "web", "labels": {"b": "2", "a": "1"}, "generation": 3},
            "spec": {"updateStrategy": {"type": "RollingUpdate"}, "template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.26"}, {"name": "side", "image": "busybox"}]}}},
            "items": []
        });
        assert_eq!(
            run("{{.spec.updateStrategy.type}}{{\"\\n\"}}", &ds).unwrap(),
            "RollingUpdate\n"
        );
        assert_eq!(
            run(
                "{{range .spec.template.spec.containers}}{{.name}}={{.image}} {{end}}",
                &ds
            )
            .unwrap(),
            "nginx=nginx:1.26 side=busybox "
        );
        assert_eq!(
            run(
                "{{range $k, $v := .metadata.labels}}{{$k}}:{{$v}},{{end}}",
                &ds
            )
            .unwrap(),
            "a:1,b:2,"
        );
        assert_eq!(run("{{index .metadata.labels \"a\"}}", &ds).unwrap(), "1");
        assert_eq!(
            run("{{(index .spec.template.spec.containers 1).image}}", &ds).unwrap(),
            "busybox"
        );
        assert_eq!(
            run("{{len .spec.template.spec.containers}}", &ds).unwrap(),
            "2"
        );
        assert_eq!(
            run("{{if eq .spec.updateStrategy.type \"OnDelete\"}}od{{else if eq .spec.updateStrategy.type \"RollingUpdate\"}}ru{{else}}?{{end}}", &ds).unwrap(),
            "ru"
        );
        assert_eq!(
            run("{{with .metadata}}{{.name}}{{end}}", &ds).unwrap(),
            "web"
        );
        assert_eq!(run("{{.metadata.missing}}", &ds).unwrap(), "<no value>");
        assert_eq!(run("{{.metadata.generation}}", &ds).unwrap(), "3");
        assert_eq!(
            run(
                "{{printf \"%s-%v\" .metadata.name .metadata.generation}}",
                &ds
            )
            .unwrap(),
            "web-3"
        );
        assert_eq!(
            run("{{printf \"%d\" .metadata.generation}}", &ds).unwrap(),
            "%!d(float64=3)"
        );
        assert_eq!(
            run("{{.metadata.name | printf \"<%s>\"}}", &ds).unwrap(),
            "<web>"
        );
        assert_eq!(
            run("{{range .items}}x{{else}}none{{end}}", &ds).unwrap(),
            "none"
        );
        assert_eq!(run("a  {{- \" b \" -}}  c", &ds).unwrap(), "a b c");
        assert_eq!(run("{{/* note */}}ok", &ds).unwrap(), "ok");
        assert_eq!(run("{{$n := .metadata.name}}{{$n}}", &ds).unwrap(), "web");
        assert_eq!(
            run("{{if and .metadata (not .items)}}y{{end}}", &ds).unwrap(),
            "y"
        );
        assert_eq!(run("{{.metadata.labels}}", &ds).unwrap(), "map[a:1 b:2]");
        assert_eq!(run("{{base64decode \"dDE=\"}}", &ds).unwrap(), "t1");
        assert!(run("{{base64decode \"d!E=\"}}", &ds)
            .unwrap_err()
            .ends_with("illegal base64 data at input byte 1"));
    }

    #[test]
    fn errors_are_worded_as_go() {
        let v = json!({"spec": {"replicas": 3}});
        assert_eq!(
            Template::parse("{{.spec").unwrap_err().0,
            "template: output:1: unclosed action"
        );
        assert_eq!(
            Template::parse("{{foo .x}}").unwrap_err().0,
            "template: output:1: function \"foo\" not defined"
        );
        assert_eq!(
            Template::parse("{{end}}").unwrap_err().0,
            "template: output:1: unexpected {{end}}"
        );
        assert_eq!(
            Template::parse("{{if .x}}a").unwrap_err().0,
            "template: output:1: unexpected EOF"
        );
        assert_eq!(
            run("{{if eq .spec.replicas 3}}y{{end}}", &v).unwrap_err(),
            "template: output:1:5: executing \"output\" at <eq .spec.replicas 3>: error calling eq: incompatible types for comparison"
        );
        assert_eq!(
            run("{{.spec.none.deeper}}", &v).unwrap_err(),
            "template: output:1:2: executing \"output\" at <.spec.none.deeper>: nil pointer evaluating interface {}.deeper"
        );
    }

    #[test]
    fn floats_print_as_go_prints_them() {
        assert_eq!(go_float(3.0), "3");
        assert_eq!(go_float(1.5), "1.5");
        assert_eq!(go_float(1e21), "1e+21");
        assert_eq!(go_float(123456.0), "123456");
        assert_eq!(go_float(1e6), "1e+06");
        assert_eq!(go_float(0.00001), "1e-05");
        assert_eq!(go_float(123456789.0), "1.23456789e+08");
    }
}
