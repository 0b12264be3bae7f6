//! The bytes before the CSV parser: [`QuoteWatch`] follows quoting a byte at a time, so a
//! quote never closed, a row too long and a UTF-16 file are each named, not read to the end.

use super::*;

/// The longest row read, in bytes: past it the input is refused (a quote that is never
/// closed would otherwise pull the rest of a file into memory as one field).
pub const MAX_ROW_BYTES: u64 = 1024 * 1024;

/// Passes bytes through while following CSV quoting (as the `csv` crate parses it), so
/// that a quoted field still open at the end of the input can be reported with the line it
/// opened on; counts lines as a person sees them (`\n`, `\r\n` or a lone `\r` each end one),
/// so every problem names the line an editor shows; and refuses a row over
/// [`MAX_ROW_BYTES`], so memory stays bounded whatever the file.
pub(crate) struct QuoteWatch<R> {
    pub(crate) inner: R,
    pub(crate) state: QuoteState,
    /// Bytes passed so far.
    pub(crate) offset: u64,
    /// The line the next byte is on.
    pub(crate) line: u64,
    /// `(offset, line)` of the first character of each row, while the parser may still ask.
    pub(crate) row_starts: std::collections::VecDeque<(u64, u64)>,
    pub(crate) at_line_start: bool,
    pub(crate) last_was_cr: bool,
    pub(crate) opened_on: u64,
    pub(crate) row_started_on: u64,
    pub(crate) row_bytes: u64,
    /// The file's first byte, to tell a UTF-16 file by its first two.
    pub(crate) first: u8,
    /// Whether the header row (the first that is not blank) has ended.
    pub(crate) header_done: bool,
}

/// How far past [`MAX_ROW_BYTES`] an over-long quoted field is followed (keeping nothing)
/// to tell a missing closing quote from a field that is merely too long.
pub(crate) const MAX_FIELD_SCAN_BYTES: u64 = 256 * 1024 * 1024;

/// What people are told when a file is UTF-16, as Excel's "Unicode Text" saves it.
pub(crate) const UTF16_MESSAGE: &str = "this file is saved as UTF-16 (Excel's \"Unicode Text\"), not UTF-8: in Excel choose File, Save As, \"CSV UTF-8 (Comma delimited) (*.csv)\", and use that file";

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl QuoteState {
    /// The state after `byte`, as the `csv` crate parses quoting: inside quotes, `""` is a
    /// quote in the text, and a `"` followed by anything else closed the field.
    pub(crate) fn after(self, byte: u8) -> QuoteState {
        use QuoteState::{FieldStart, QuoteInQuoted, Quoted, Unquoted};
        let ends_field = matches!(byte, b',' | b'\n' | b'\r');
        match (self, byte) {
            (FieldStart, b'"') | (QuoteInQuoted, b'"') => Quoted,
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (FieldStart | Unquoted | QuoteInQuoted, _) if ends_field => FieldStart,
            (FieldStart | Unquoted | QuoteInQuoted, _) => Unquoted,
        }
    }

    /// Whether a quoted field is still being read.
    pub(crate) fn in_quotes(self) -> bool {
        matches!(self, QuoteState::Quoted | QuoteState::QuoteInQuoted)
    }
}

impl<R> QuoteWatch<R> {
    pub(crate) fn new(inner: R) -> QuoteWatch<R> {
        QuoteWatch {
            inner,
            state: QuoteState::FieldStart,
            offset: 0,
            line: 1,
            row_starts: std::collections::VecDeque::new(),
            at_line_start: true,
            last_was_cr: false,
            opened_on: 0,
            row_started_on: 1,
            row_bytes: 0,
            first: 0,
            header_done: false,
        }
    }

    /// The line a still-open quoted field started on, if the input ended inside one.
    pub(crate) fn unterminated_quote(&self) -> Option<u64> {
        (self.state == QuoteState::Quoted).then_some(self.opened_on)
    }

    /// The line of the record the parser says starts at byte `offset`: the line of the first
    /// row character at or after it (the parser counts a record from where it began reading,
    /// which may be the end of the line before, or blank lines it skipped).
    pub(crate) fn line_at(&self, offset: u64) -> u64 {
        let index = self
            .row_starts
            .partition_point(|(start, _)| *start < offset);
        self.row_starts
            .get(index)
            .map_or(self.row_started_on, |(_, line)| *line)
    }

    /// The line the row being read started on.
    pub(crate) fn current_row_line(&self) -> u64 {
        self.row_started_on
    }

    pub(crate) fn new_line(&mut self) {
        self.line += 1;
        self.at_line_start = self.state != QuoteState::Quoted;
    }

    pub(crate) fn follow(&mut self, byte: u8) -> io::Result<()> {
        use QuoteState::{FieldStart, Quoted};
        // A UTF-16 file starts with its byte order mark, or has a zero byte beside every
        // ASCII letter: said plainly, not as "invalid UTF-8".
        match self.offset {
            0 => self.first = byte,
            1 if matches!((self.first, byte), (0xFF, 0xFE) | (0xFE, 0xFF)) => {
                return Err(io::Error::new(io::ErrorKind::InvalidData, UTF16_MESSAGE));
            }
            _ => {}
        }
        // No text file has a zero byte, and a header in UTF-16 has one beside nearly every
        // character (whatever its first character, and after a UTF-8 mark too). The whole
        // header row is looked at, wherever it starts, so a file that reads is one whose
        // own output (header first) reads back too.
        if byte == 0 && !self.header_done {
            return Err(io::Error::new(io::ErrorKind::InvalidData, UTF16_MESSAGE));
        }
        if self.last_was_cr && byte != b'\n' {
            self.new_line();
        }
        self.last_was_cr = byte == b'\r';
        if self.at_line_start && !matches!(byte, b'\n' | b'\r') {
            self.at_line_start = false;
            self.row_starts.push_back((self.offset, self.line));
            // The parser asks only about rows in its buffer, a bounded way behind.
            if self.row_starts.len() > 65_536 {
                self.row_starts.pop_front();
            }
        }
        let ends_row = matches!(byte, b'\n' | b'\r');
        let before = self.state;
        self.state = before.after(byte);
        if (before, self.state) == (FieldStart, Quoted) {
            self.opened_on = self.line;
        }
        self.offset += 1;
        if byte == b'\n' {
            self.new_line();
        }
        if ends_row && before != Quoted {
            if self.row_bytes > 0 {
                self.header_done = true;
            }
            self.row_bytes = 0;
            self.row_started_on = self.line + u64::from(byte == b'\r');
            return Ok(());
        }
        self.row_bytes += 1;
        if self.row_bytes <= MAX_ROW_BYTES {
            return Ok(());
        }
        let reason = if self.state == Quoted {
            format!(
                "a quoted field opened on line {} runs on for over {MAX_ROW_BYTES} bytes: its closing `\"` is probably missing",
                self.opened_on
            )
        } else {
            format!("a row is over {MAX_ROW_BYTES} bytes long")
        };
        Err(io::Error::new(io::ErrorKind::InvalidData, reason))
    }
}

impl<R: io::Read> QuoteWatch<R> {
    /// A quoted field has passed [`MAX_ROW_BYTES`]: reads on (keeping nothing) to tell a
    /// field whose closing quote is missing from one that is closed but too long, so the
    /// message says which. `rest` is what of the last read the parser has not been given.
    pub(crate) fn overlong_field(&mut self, rest: &[u8]) -> io::Error {
        let mut state = self.state;
        let mut length = self.row_bytes;
        // Follows the quoting on from where the parser stopped; true once the field closes.
        let mut closes = |bytes: &[u8]| {
            for byte in bytes {
                state = state.after(*byte);
                if !state.in_quotes() {
                    return true;
                }
                length += 1;
            }
            false
        };
        let mut closed = closes(rest);
        let mut scratch = vec![0_u8; 64 * 1024];
        // Bounded too, so an endless input (a pipe that never closes) still ends.
        let mut scanned = self.row_bytes + rest.len() as u64;
        while !closed && scanned <= MAX_FIELD_SCAN_BYTES {
            match self.inner.read(&mut scratch) {
                // The input ends: closed if its last byte was the closing quote.
                Ok(0) => {
                    closed = state == QuoteState::QuoteInQuoted;
                    break;
                }
                Ok(read) => {
                    scanned += read as u64;
                    closed = closes(scratch.get(..read).unwrap_or_default());
                }
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return error,
            }
        }
        let ran_out = scanned > MAX_FIELD_SCAN_BYTES;
        let reason = if closed {
            format!(
                "the quoted field opened on line {} is about {} MB long; a row may be at most {MAX_ROW_BYTES} bytes (1 MB): shorten it or move it out of the file",
                self.opened_on,
                (length + 500_000) / 1_000_000
            )
        } else if ran_out {
            format!(
                "a quoted field opened on line {} runs on for over {} MB: its closing `\"` is probably missing",
                self.opened_on,
                MAX_FIELD_SCAN_BYTES / 1_000_000
            )
        } else {
            format!(
                "a quoted field opened on line {} runs to the end of the file: its closing `\"` is missing",
                self.opened_on
            )
        };
        io::Error::new(io::ErrorKind::InvalidData, reason)
    }
}

impl<R: io::Read> io::Read for QuoteWatch<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.inner.read(buf)?;
        for (index, byte) in buf.iter().take(read).enumerate() {
            if let Err(error) = self.follow(*byte) {
                if self.state == QuoteState::Quoted && self.row_bytes > MAX_ROW_BYTES {
                    return Err(self.overlong_field(buf.get(index + 1..read).unwrap_or_default()));
                }
                return Err(error);
            }
        }
        Ok(read)
    }
}
