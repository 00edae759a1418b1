//! Secrets never appear in output: what the SDK quotes from a response (the start of a body
//! that did not decode, a non-JSON error page, a decoder's message, Cloudflare's error
//! messages) goes through [`text`] first.
//!
//! Two rules, the second a safety net for secrets under names no rule knows:
//!
//! - the value of a property whose name is a secret's ([`is_secret_name`]: the names the
//!   generated types' `Debug` redacts, `secret`, `client_secret`, `password`, `token`,
//!   `private_key`, …) becomes `"<redacted>"`;
//! - a word or string that has the shape of a credential ([`is_token_shaped`]: 20 or more
//!   characters of letters, digits and `-_.+/=` with upper and lower case letters and
//!   digits, or more than 32 hex digits; not a 32-hex id or a UUID) becomes `<redacted>`.

/// What a redacted value reads as.
pub const REDACTED: &str = "<redacted>";

/// Whether a property of this name holds a credential: the rule the generator applies to
/// every generated type's `Debug` (a TSIG secret, an identity provider's client secret, a
/// tunnel token, a Turnstile widget's secret, a certificate's private key).
pub fn is_secret_name(name: &str) -> bool {
    let name = name.trim_end_matches('_').to_ascii_lowercase();
    name.contains("secret")
        || name.contains("password")
        || name.contains("passphrase")
        || matches!(name.as_str(), "private_key" | "psk" | "token" | "api_key")
}

/// Whether `s` looks like a credential rather than text, a name or an id: at least 20
/// characters of `A-Z a-z 0-9 - _ . + / =` with an upper-case letter, a lower-case letter
/// and a digit (an API token, a base64 key), or more than 32 hex digits (a global API key, a
/// hex TSIG secret; Cloudflare's ids are 32, UUIDs have dashes).
pub fn is_token_shaped(s: &str) -> bool {
    let long_hex = s.len() > 32 && s.bytes().all(|b| b.is_ascii_hexdigit());
    let mixed = s.len() >= 20
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.+/=".contains(&b))
        && s.bytes().any(|b| b.is_ascii_uppercase())
        && s.bytes().any(|b| b.is_ascii_lowercase())
        && s.bytes().any(|b| b.is_ascii_digit());
    long_hex || mixed
}

/// `text` (JSON, possibly cut short, or any other text) with secrets redacted: a JSON string
/// that is the value of a secret property, and any string or word that is token-shaped.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    // The last JSON string read, when only whitespace and `:` followed it (a key).
    let mut key: Option<String> = None;
    let mut after_colon = false;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let (content, raw_len, closed) = json_string(rest);
            let raw = &rest[..raw_len];
            rest = &rest[raw_len..];
            let secret_value = after_colon && key.as_deref().is_some_and(is_secret_name);
            if secret_value || is_token_shaped(&content) {
                out.push('"');
                out.push_str(REDACTED);
                if closed {
                    out.push('"');
                }
            } else {
                out.push_str(raw);
            }
            key = (!after_colon).then_some(content);
            after_colon = false;
        } else if c == ':' && key.is_some() {
            after_colon = true;
            out.push(c);
            rest = &rest[1..];
        } else if c.is_whitespace() {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        } else {
            let len = rest
                .find(|c: char| c.is_whitespace() || "\"{}[],:<>'()`;&?".contains(c))
                .unwrap_or(rest.len())
                .max(c.len_utf8());
            let word = &rest[..len];
            let secret_value = after_colon && key.as_deref().is_some_and(is_secret_name);
            let scalar = word.bytes().all(|b| !b"{[".contains(&b));
            if (secret_value && scalar && len > 1) || is_token_shaped(word) {
                out.push_str(REDACTED);
            } else {
                out.push_str(word);
            }
            rest = &rest[len..];
            key = None;
            after_colon = false;
        }
    }
    out
}

/// The JSON string at the start of `s` (which starts with `"`): its content (escapes read),
/// how many bytes it spans, and whether it was closed before `s` ended.
fn json_string(s: &str) -> (String, usize, bool) {
    let mut content = String::new();
    let mut chars = s.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return (content, i + 1, true),
            '\\' => match chars.next() {
                Some((_, e)) => content.push(match e {
                    'n' => '\n',
                    't' => '\t',
                    other => other,
                }),
                None => break,
            },
            c => content.push(c),
        }
    }
    (content, s.len(), false)
}

/// A decoder's message without the values it quotes (`invalid type: string "…"`): serde
/// names the value it could not read, which may be a secret.
pub fn decoder_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("string \"") {
        let start = at + "string ".len();
        out.push_str(&rest[..start]);
        let (content, len, _) = json_string(&rest[start..]);
        out.push_str(&format!("({} characters)", content.chars().count()));
        rest = &rest[start + len..];
    }
    out.push_str(rest);
    text(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_properties_and_token_shapes_are_redacted() {
        let body = r#"{"result":{"sitekey":"0x4AAF00AAAABn0R22HWm-YUc","secret":"0x4AAF00AAAABn0R22HWm098HVBjhdsYUc","name":"blog","id":"023e105f4ecef8ad9ca31a8372d0c353","value":"vYt7Jd9cX2mQ4rL8pK1sZ0aB3nE6wH5uTgFi2oRx","password":"hunter2","note":"plain words stay"}"#;
        let out = text(body);
        assert!(!out.contains("0x4AAF00AAAABn0R22HWm098HVBjhdsYUc"), "{out}");
        assert!(
            !out.contains("vYt7Jd9cX2mQ4rL8pK1sZ0aB3nE6wH5uTgFi2oRx"),
            "{out}"
        );
        assert!(!out.contains("hunter2"), "{out}");
        assert!(out.contains("023e105f4ecef8ad9ca31a8372d0c353"), "{out}");
        assert!(out.contains(r#""name":"blog""#), "{out}");
        assert!(out.contains("plain words stay"), "{out}");
    }

    #[test]
    fn a_body_cut_in_a_secret_is_redacted_too() {
        let out = text(r#"{"secret":"sixteen-chars-a"#);
        assert_eq!(out, r#"{"secret":"<redacted>"#);
        let out = text("<html>token=Abcdefghij0123456789xyz</html>");
        assert!(!out.contains("Abcdefghij0123456789xyz"), "{out}");
    }

    #[test]
    fn decoder_messages_lose_the_strings_they_quote() {
        let m = r#"invalid type: string "hunter2", expected a boolean at line 1 column 20"#;
        assert_eq!(
            decoder_message(m),
            "invalid type: string (7 characters), expected a boolean at line 1 column 20"
        );
    }
}
