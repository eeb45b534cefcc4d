//! Cleaning of one table cell. The export kept HTML fragments (`<p>`, `<u>`,
//! `<ul style="…">`) and irregular spacing inside the cells; only the text matters.

/// Tags that delimit blocks: removing them must leave a space so the words around them stay
/// apart. Other tags (`<u>`, `<i>`...) are inline and vanish without a trace, so a word they
/// split is not cut in two.
const BLOCK_TAGS: [&str; 10] = [
    "p", "ul", "ol", "li", "br", "div", "tr", "td", "th", "table",
];

/// The text of a cell: tags removed, common entities decoded, whitespace collapsed to single
/// spaces, trimmed.
pub fn clean(cell: &str) -> String {
    let mut text = String::with_capacity(cell.len());
    let mut rest = cell;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let candidate = &rest[start..];
        match tag(candidate) {
            Some((len, name)) => {
                if BLOCK_TAGS.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                    text.push(' ');
                }
                rest = &candidate[len..];
            }
            // A lone `<` is text (« < 3 ans »).
            None => {
                text.push('<');
                rest = &candidate[1..];
            }
        }
    }
    text.push_str(rest);
    collapse_whitespace(&decode_entities(&text))
}

/// The length and name of the tag `text` starts with (`<ul style="…">`, `</p>`, `<br/>`), or
/// `None` when the `<` does not open a tag.
fn tag(text: &str) -> Option<(usize, &str)> {
    let body = text.strip_prefix('<')?;
    let body_start = usize::from(body.starts_with('/'));
    let name_part = &body[body_start..];
    let name_len = name_part
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name_part.len());
    let name = &name_part[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let close = text.find('>')?;
    // A `<` before the `>` means the first `<` was not a tag opening after all.
    if text[1..close].contains('<') {
        return None;
    }
    Some((close + 1, name))
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    // `&amp;` last, so `&amp;lt;` becomes the text `&lt;` and not `<`.
    text.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Collapses every run of whitespace (tabs, newlines, no-break spaces) into one space.
pub fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_tags_separate_words_inline_tags_do_not() {
        assert_eq!(
            clean("<p><u>Convention mixité sociale :</u> Définir</p><p>Suite</p>"),
            "Convention mixité sociale : Définir Suite"
        );
        assert_eq!(
            clean("<u>Addiction</u> : Améliorer"),
            "Addiction : Améliorer"
        );
        assert_eq!(clean("<u>Etude</u>s"), "Etudes");
    }

    #[test]
    fn list_with_attributes_keeps_its_bullets() {
        assert_eq!(
            clean(r#"<ul style="list-style-type: none"> . Un . Deux </ul>"#),
            ". Un . Deux"
        );
        assert_eq!(clean("<li>un</li><li>deux</li>"), "un deux");
    }

    #[test]
    fn lone_angle_brackets_are_text() {
        assert_eq!(clean("2019-2020 > réalisation"), "2019-2020 > réalisation");
        assert_eq!(clean("enfants < 3 ans"), "enfants < 3 ans");
        assert_eq!(clean("a <b et <i>c</i>"), "a <b et c");
    }

    #[test]
    fn entities_and_whitespace() {
        assert_eq!(
            clean("  Tom&nbsp;&amp;&nbsp;Jerry\u{a0} &lt;x&gt;  "),
            "Tom & Jerry <x>"
        );
        assert_eq!(clean("&amp;lt;"), "&lt;");
        assert_eq!(clean(" a \t b \n c "), "a b c");
        assert_eq!(clean("<p> </p>"), "");
    }
}
