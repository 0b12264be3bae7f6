//! A private temporary copy of an input, for commands that read it twice (`csv` checks every
//! row before it prints any). The copy is written as the first pass reads, so a bad or
//! endless input stops the copy as soon as the check stops, and it is capped. Reading the
//! private copy in the second pass means both passes see the same bytes even if the
//! original changes, and pipes work. The copy's name is removed as soon as it is open, so
//! nothing is left behind even if the program is killed.

use std::fs::File;
use std::io::{self, Read, Seek, Write};

/// The most `csv` reads from one input.
pub const MAX_INPUT_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// A private copy of an input.
pub struct Spooled {
    file: File,
}

impl Spooled {
    /// A new, empty file only this user can read, in the system's temporary folder.
    pub fn create() -> io::Result<Spooled> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "wellcheck-input-{}-{nanos}.csv",
            std::process::id()
        ));
        let mut options = std::fs::OpenOptions::new();
        // create_new: never follow or reuse a file someone else placed at this name.
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options.open(&path)?;
        // On Unix the open file outlives its name; elsewhere the name goes when it can.
        let _ = std::fs::remove_file(&path);
        Ok(Spooled { file })
    }

    /// Reads `from`, copying everything read into this file; refuses past
    /// [`MAX_INPUT_BYTES`].
    pub fn tee<R: Read>(&self, from: R) -> io::Result<Tee<R>> {
        Ok(Tee {
            from,
            to: io::BufWriter::new(self.file.try_clone()?),
            copied: 0,
        })
    }

    /// The copy, from its start.
    pub fn reader(&self) -> io::Result<io::BufReader<File>> {
        let mut file = self.file.try_clone()?;
        file.rewind()?;
        Ok(io::BufReader::new(file))
    }
}

/// A reader that keeps a copy of what it reads (see [`Spooled::tee`]).
pub struct Tee<R> {
    from: R,
    to: io::BufWriter<File>,
    copied: u64,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let read = self.from.read(buf)?;
        self.copied += read as u64;
        if self.copied > MAX_INPUT_BYTES {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "the input is over {MAX_INPUT_BYTES} bytes, the most `csv` reads at once; split it"
                ),
            ));
        }
        let chunk = buf.get(..read).unwrap_or_default();
        self.to.write_all(chunk)?;
        if read == 0 {
            self.to.flush()?;
        }
        Ok(read)
    }
}
