//! Words of a command line: shell-style splitting, quoting, and here-documents.
//!
//! The web terminal and `dsplay` scripts pass whole lines such as
//! `kubectl patch ds frontend -p '{"spec":{}}'`; [`split`] applies the quoting rules a POSIX
//! shell would (single quotes literal, double quotes with backslash escapes, backslash outside
//! quotes), without expansions, so arguments reach the interpreter as kubectl would see them.
//! [`quote`] is its inverse and is also safe for bash (the exported session script uses it).

/// Split `line` into words. Errors name the unterminated quote instead of guessing.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut current = String::new();
    // `in_word` distinguishes an empty quoted word (`''`) from no word at all.
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => current.push(ch),
                        None => return Err("unterminated single quote".to_string()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            // Inside double quotes a backslash only escapes these characters.
                            Some(ch @ ('"' | '\\' | '$' | '`')) => current.push(ch),
                            Some('\n') => {}
                            Some(ch) => {
                                current.push('\\');
                                current.push(ch);
                            }
                            None => return Err("unterminated double quote".to_string()),
                        },
                        Some(ch) => current.push(ch),
                        None => return Err("unterminated double quote".to_string()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(ch) => current.push(ch),
                    None => return Err("trailing backslash".to_string()),
                }
            }
            ch => {
                in_word = true;
                current.push(ch);
            }
        }
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

/// The first shell operator outside quotes (`|`, `||`, `&&`, `&`, `;`, `>`, `>>`, `<`, a
/// backtick or `$(`): a pipeline, a redirection or a command list, which a shell would run and
/// the playground's terminal (one kubectl command per line, no shell) cannot.
pub fn shell_operator(line: &str) -> Option<&'static str> {
    let mut chars = line.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') => quote = None,
            (Some('\''), _) => {}
            (Some('"'), '"') => quote = None,
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some('"'), '`') => return Some("`"),
            (Some('"'), '$') if chars.peek() == Some(&'(') => return Some("$("),
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '\\') => {
                chars.next();
            }
            (None, '|') => {
                return Some(if chars.peek() == Some(&'|') {
                    "||"
                } else {
                    "|"
                });
            }
            (None, '&') => {
                return Some(if chars.peek() == Some(&'&') {
                    "&&"
                } else {
                    "&"
                });
            }
            (None, ';') => return Some(";"),
            (None, '>') => {
                return Some(if chars.peek() == Some(&'>') {
                    ">>"
                } else {
                    ">"
                })
            }
            (None, '<') => return Some("<"),
            (None, '`') => return Some("`"),
            (None, '$') if chars.peek() == Some(&'(') => return Some("$("),
            _ => {}
        }
    }
    None
}

/// Quote one word so that [`split`] gives it back unchanged and bash reads it as one literal
/// word: plain words as they are, anything else in single quotes (inside which nothing is
/// special; a `'` itself is written `'\''`). Used to echo UI actions as command lines and to
/// write the exported session script.
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// `cmd <<EOF`, `cmd << 'EOF'`, `cmd <<"EOF"`, `cmd <<-EOF` → (cmd, EOF).
pub fn heredoc_word(line: &str) -> Option<(String, String)> {
    let idx = line.rfind("<<")?;
    let word = line[idx + 2..].trim().trim_start_matches('-').trim();
    let word = word.trim_matches(|c| c == '\'' || c == '"');
    if word.is_empty() || word.contains(char::is_whitespace) {
        return None;
    }
    Some((line[..idx].trim_end().to_string(), word.to_string()))
}

/// A here-document delimiter that no line of `body` equals (even with spaces around it):
/// `EOF`, else `EOF_1`, `EOF_2`, …
pub fn heredoc_delimiter(body: &str) -> String {
    let mut word = "EOF".to_string();
    let mut n = 0;
    while body.lines().any(|l| l.trim() == word) {
        n += 1;
        word = format!("EOF_{n}");
    }
    word
}

#[cfg(test)]
mod tests {

    #[test]
    fn shell_operators_outside_quotes_are_found() {
        assert_eq!(shell_operator("kubectl get pods | head"), Some("|"));
        assert_eq!(shell_operator("kubectl get pods|head"), Some("|"));
        assert_eq!(shell_operator("kubectl get pods > out.txt"), Some(">"));
        assert_eq!(shell_operator("kubectl get pods && echo ok"), Some("&&"));
        assert_eq!(shell_operator("kubectl get pods; ls"), Some(";"));
        assert_eq!(shell_operator("kubectl get $(echo pods)"), Some("$("));
        // Quoted or escaped, they are ordinary characters of a word.
        assert_eq!(shell_operator("kubectl get pods -l 'app in (a,b)'"), None);
        assert_eq!(
            shell_operator("kubectl get pods -o jsonpath='{.items[?(@.x>1)]}'"),
            None
        );
        assert_eq!(
            shell_operator("kubectl get pods -o \"jsonpath={.a}|x\""),
            None
        );
        assert_eq!(shell_operator("kubectl label node a k=v\\|w"), None);
        assert_eq!(shell_operator("kubectl get pods"), None);
    }
    use super::*;

    fn words(line: &str) -> Vec<String> {
        split(line).unwrap_or_else(|e| panic!("split failed: {e}"))
    }

    #[test]
    fn whitespace_separates_words() {
        assert_eq!(words("  kubectl   get\tpods "), ["kubectl", "get", "pods"]);
    }

    #[test]
    fn single_quotes_keep_json_literal() {
        assert_eq!(
            words(r#"patch ds x -p '{"a": "b c"}'"#),
            ["patch", "ds", "x", "-p", r#"{"a": "b c"}"#]
        );
    }

    #[test]
    fn double_quotes_allow_escaped_quotes() {
        assert_eq!(words(r#"-p "{\"a\":1}""#), ["-p", r#"{"a":1}"#]);
        assert_eq!(words(r#""a\nb""#), [r"a\nb"]);
    }

    #[test]
    fn backslash_escapes_outside_quotes() {
        assert_eq!(words(r"a\ b c"), ["a b", "c"]);
    }

    #[test]
    fn adjacent_quoted_parts_join_into_one_word() {
        assert_eq!(words(r#"jsonpath='{.a}'"{x}""#), ["jsonpath={.a}{x}"]);
    }

    #[test]
    fn empty_quotes_make_an_empty_word() {
        assert_eq!(words("a '' b"), ["a", "", "b"]);
    }

    #[test]
    fn unterminated_quote_is_an_error() {
        assert!(split("a 'b").is_err());
        assert!(split("a \"b").is_err());
        assert!(split("a \\").is_err());
    }

    #[test]
    fn quote_round_trips_through_split() {
        for w in [
            "plain",
            "a b",
            "it's",
            "",
            "{\"x\":1}",
            "app=frontend-node",
            "*",
            "$(x)",
        ] {
            assert_eq!(words(&quote(w)), [w]);
        }
        // Glob and expansion characters are quoted for bash.
        assert_eq!(quote("*"), "'*'");
        assert_eq!(quote("$(x)"), "'$(x)'");
    }

    #[test]
    fn quoted_heredoc_words_are_accepted() {
        assert_eq!(
            heredoc_word("cat << 'END'"),
            Some(("cat".to_string(), "END".to_string()))
        );
        assert_eq!(
            heredoc_word("kubectl apply -f - <<\"EOF\""),
            Some(("kubectl apply -f -".to_string(), "EOF".to_string()))
        );
        assert_eq!(heredoc_word("echo a<<b c"), None);
    }

    #[test]
    fn heredoc_delimiter_never_matches_a_body_line() {
        assert_eq!(heredoc_delimiter("a: 1\n"), "EOF");
        assert_eq!(heredoc_delimiter("EOF\n  EOF_1 \nx\n"), "EOF_2");
    }
}
