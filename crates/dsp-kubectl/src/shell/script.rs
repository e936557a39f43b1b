//! Scripts: `dsplay` files, scenarios and session-log entries as a list of [`Input`]s.
//! Comments and blank lines are dropped; a `CMD <<WORD` line takes the lines up to `WORD` as
//! its standard input.

use super::Input;
use crate::words::heredoc_word;

/// Split a script into inputs: comments and blank lines dropped, heredocs attached.
pub fn parse_script(text: &str) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((no, raw)) = lines.next() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let stdin = match heredoc_word(trimmed) {
            Some((_, word)) => {
                let mut body = String::new();
                let mut closed = false;
                for (_, l) in lines.by_ref() {
                    if l.trim() == word {
                        closed = true;
                        break;
                    }
                    body.push_str(l);
                    body.push('\n');
                }
                if !closed {
                    return Err(format!(
                        "line {}: here-document ends before its terminator {word:?}",
                        no + 1
                    ));
                }
                Some(body)
            }
            None => None,
        };
        inputs.push(Input {
            line: trimmed.to_string(),
            stdin,
        });
    }
    Ok(inputs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heredoc_lines_become_standard_input() {
        let inputs = parse_script("# c\n\nkubectl create -f - <<EOF\na: 1\n  b\nEOF\nsleep 5s\n")
            .unwrap_or_default();
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].command(), "kubectl create -f -");
        assert_eq!(inputs[0].line, "kubectl create -f - <<EOF");
        assert_eq!(inputs[0].stdin.as_deref(), Some("a: 1\n  b\n"));
        assert_eq!(inputs[1].command(), "sleep 5s");
    }

    #[test]
    fn unterminated_heredoc_is_an_error() {
        assert!(parse_script("kubectl create -f - <<EOF\na: 1\n").is_err());
    }
}
