//! A document's text and a cursor offset in, where the cursor is for completion out: at the
//! start of an item, naming an environment, at a key or at a value inside a block. Works on the
//! text (strings and comments blanked) so that it also answers while the spec does not parse.

/// Where the cursor is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// Where an item starts: a module name, `service` or `env`.
    ItemStart,
    /// After `env `: an environment name.
    EnvName,
    /// At a key inside the block headed `head`; `written` is the key typed so far.
    Key { head: String, written: String },
    /// At the value of `key` (segments) inside the block headed `head`.
    Value { head: String, key: Vec<String> },
    /// Nowhere completion helps (inside a string or comment, after a name).
    Elsewhere,
}

/// A block header found in the text: its head word and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `service`, `env` or a module name.
    pub head: String,
    /// The item's name.
    pub name: String,
}

/// `text` with the contents of strings and comments replaced by spaces (same byte offsets),
/// and whether `offset` falls inside one of them.
fn blank(text: &str, offset: usize) -> (String, bool) {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    let mut cursor_hidden = false;
    for (i, c) in text.char_indices() {
        let hidden = in_string || in_comment;
        if i == offset {
            cursor_hidden = hidden;
        }
        if in_comment {
            if c == '\n' {
                in_comment = false;
                out.push('\n');
            } else {
                push_spaces(&mut out, c);
            }
        } else if in_string {
            if escaped {
                escaped = false;
                push_spaces(&mut out, c);
            } else if c == '\\' {
                escaped = true;
                out.push(' ');
            } else if c == '"' {
                in_string = false;
                out.push('"');
            } else if c == '\n' {
                in_string = false;
                out.push('\n');
            } else {
                push_spaces(&mut out, c);
            }
        } else if c == '#' {
            in_comment = true;
            out.push(' ');
        } else if c == '"' {
            in_string = true;
            out.push('"');
        } else {
            out.push(c);
        }
    }
    if offset >= text.len() {
        cursor_hidden = in_string || in_comment;
    }
    (out, cursor_hidden)
}

fn push_spaces(out: &mut String, c: char) {
    for _ in 0..c.len_utf8() {
        out.push(' ');
    }
}

/// The place of `offset` in `text`.
pub fn place(text: &str, offset: usize) -> Place {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (clean, hidden) = blank(text, offset);
    if hidden {
        return Place::Elsewhere;
    }
    let before = clean.get(..offset).unwrap_or("");
    // The innermost open `<` not yet closed by `>`, if any.
    let open = before.rfind('<');
    let close = before.rfind('>');
    let inside = match (open, close) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    };
    if !inside {
        let since = close.map_or(0, |c| c + 1);
        let words: Vec<&str> = before
            .get(since..)
            .unwrap_or("")
            .split_whitespace()
            .collect();
        let typing = !before.ends_with(char::is_whitespace);
        // Skip a `was OLD` trailing the previous block.
        let words: &[&str] = match words.as_slice() {
            ["was", _, rest @ ..] if close.is_some() => rest,
            all => all,
        };
        return match (words, typing) {
            ([], _) | ([_], true) => Place::ItemStart,
            (["env"], false) | (["env", _], true) => Place::EnvName,
            _ => Place::Elsewhere,
        };
    }
    let Some(open) = open else {
        return Place::Elsewhere;
    };
    let header_start = before
        .get(..open)
        .and_then(|h| h.rfind('>'))
        .map_or(0, |c| c + 1);
    let header = before.get(header_start..open).unwrap_or("");
    let head = header_words(header).0;
    // The entry the cursor is in: from the last `,` outside brackets (or the `<`).
    let body = before.get(open + 1..).unwrap_or("");
    let mut depth = 0i32;
    let mut entry_start = 0;
    for (i, c) in body.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth <= 0 => {
                depth = 0;
                entry_start = i + 1;
            }
            _ => {}
        }
    }
    let entry = body.get(entry_start..).unwrap_or("");
    match entry.split_once('=') {
        Some((key, _)) => Place::Value {
            head,
            key: key.trim().split('.').map(str::to_string).collect(),
        },
        None => Place::Key {
            head,
            written: entry.trim().to_string(),
        },
    }
}

/// The head word and name of a block header's text (what comes before its `<`), skipping a
/// `was OLD` of the block before.
fn header_words(header: &str) -> (String, Option<String>) {
    let words: Vec<&str> = header.split_whitespace().collect();
    match words.as_slice() {
        [.., head, name] if *head != "was" => (head.to_string(), Some(name.to_string())),
        [.., head] => (head.to_string(), None),
        [] => (String::new(), None),
    }
}

/// Every block header in `text`, in order.
pub fn headers(text: &str) -> Vec<Header> {
    let (clean, _) = blank(text, text.len());
    let mut found = Vec::new();
    let mut header_start = 0;
    let mut inside = false;
    for (i, c) in clean.char_indices() {
        match c {
            '<' if !inside => {
                inside = true;
                if let (head, Some(name)) = header_words(clean.get(header_start..i).unwrap_or("")) {
                    found.push(Header { head, name });
                }
            }
            '>' if inside => {
                inside = false;
                header_start = i + 1;
            }
            _ => {}
        }
    }
    found
}

/// The keys already written in the block around `offset`.
pub fn keys_in_block(text: &str, offset: usize) -> Vec<String> {
    let (clean, _) = blank(text, offset);
    let before = clean.get(..offset.min(clean.len())).unwrap_or("");
    let Some(open) = before.rfind('<') else {
        return Vec::new();
    };
    let after = clean.get(open + 1..).unwrap_or("");
    let body = after.split('>').next().unwrap_or("");
    let mut keys = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut push = |entry: &str| {
        if let Some((key, _)) = entry.split_once('=') {
            keys.push(key.trim().to_string());
        }
    };
    for (i, c) in body.char_indices() {
        match c {
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth <= 0 => {
                depth = 0;
                push(body.get(start..i).unwrap_or(""));
                start = i + 1;
            }
            _ => {}
        }
    }
    push(body.get(start..).unwrap_or(""));
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Place {
        let offset = text.find('|').unwrap();
        place(&text.replace('|', ""), offset)
    }

    #[test]
    fn places_of_the_cursor() {
        assert_eq!(at("sp|"), Place::ItemStart);
        assert_eq!(at("a b <\n x = 1,\n> was c\n\n|"), Place::ItemStart);
        assert_eq!(at("env |"), Place::EnvName);
        assert_eq!(at("env pro|"), Place::EnvName);
        assert_eq!(
            at("spa web <\n  fo|"),
            Place::Key {
                head: "spa".into(),
                written: "fo".into()
            }
        );
        assert_eq!(
            at("function f <\n  reads = [a, |"),
            Place::Value {
                head: "function".into(),
                key: vec!["reads".into()]
            }
        );
        assert_eq!(
            at("env prod <\n  web.|"),
            Place::Key {
                head: "env".into(),
                written: "web.".into()
            }
        );
        assert_eq!(at("spa web <\n  domain = \"a|b\""), Place::Elsewhere);
        assert_eq!(at("# spa |\n"), Place::Elsewhere);
        assert_eq!(
            at("spa web <\n  a = \"x>\", # c > <\n  b = |"),
            Place::Value {
                head: "spa".into(),
                key: vec!["b".into()]
            }
        );
    }

    #[test]
    fn headers_and_keys() {
        let text = "service s <\n team = \"a>b\",\n>\n\nspa web <\n  folder = \"x\",\n  domain = \"d\",\n> was old\nqueue q <\n>\n";
        let found: Vec<(String, String)> = headers(text)
            .into_iter()
            .map(|h| (h.head, h.name))
            .collect();
        assert_eq!(
            found,
            vec![
                ("service".into(), "s".into()),
                ("spa".into(), "web".into()),
                ("queue".into(), "q".into())
            ]
        );
        let offset = text.find("domain").unwrap();
        assert_eq!(
            keys_in_block(text, offset),
            vec!["folder".to_string(), "domain".to_string()]
        );
    }
}
