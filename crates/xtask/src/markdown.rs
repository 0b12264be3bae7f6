//! The READMEs' code blocks, read as the tests that keep them true read them: the editors'
//! snippets must be the release README's own, and the end-to-end tests build practice pages
//! from them.

/// The fenced code blocks of a Markdown text, in order, as `(language, text)`.
pub fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut open, line.strip_prefix("```")) {
            (None, Some(language)) => open = Some((language.trim().to_owned(), String::new())),
            (Some(_), Some(_)) => blocks.extend(open.take()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// The main README's section for web editors: from its heading to the next section.
pub fn editors_section(readme: &str) -> Option<&str> {
    let start = readme.find("### For web editors")?;
    let rest = &readme[start..];
    let end = rest.find("\n### For developers").unwrap_or(rest.len());
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_are_read_with_their_language() {
        assert_eq!(
            code_blocks("a\n```html\n<p>\n```\nb\n```\nx\ny\n```\n"),
            [
                ("html".to_owned(), "<p>\n".to_owned()),
                (String::new(), "x\ny\n".to_owned())
            ]
        );
    }
}
