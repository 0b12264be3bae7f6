//! Text that people will read: characters that cannot be seen or that reorder what is
//! around them (which can make one text read as another, or a question look blank).

/// Invisible characters and direction controls: soft hyphen, zero-width spaces and joiners,
/// direction marks, embeddings, overrides and isolates, word joiners, the byte order mark,
/// interlinear annotation marks (which can hide text), the blank braille pattern, musical
/// format controls and tag characters.
pub fn is_invisible_or_bidi(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFB}'
            | '\u{2800}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// A control character, or one of [`is_invisible_or_bidi`]: nothing a one-line text shown
/// to a person (a reference, a licence reference) may hold.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_invisible_or_bidi(c)
}

/// Whether the text has anything a person can see: a character that is not whitespace, a
/// control character or invisible.
pub fn has_visible(text: &str) -> bool {
    text.chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !is_invisible_or_bidi(c))
}

/// Whether the text holds a control character (other than the line breaks and tabs a long
/// text may use) or a direction control.
pub fn has_hidden_control(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && !matches!(c, '\n' | '\t'))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}

/// Text for a terminal or a log, with its control, invisible and direction characters
/// escaped (`\n`, `\u{1b}`, `\u{202e}`), everything else as it is: a hostile cell or file
/// name cannot forge a line or send terminal escape sequences.
pub fn visible(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_debug().collect()
            } else if is_invisible_or_bidi(c) {
                // A direction override would reorder the rest of the line on screen.
                c.escape_unicode().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}
