//! An input copied to a private temporary file, for commands that read it twice (`csv`
//! checks every row before it prints any). Reading a private copy means the two passes see
//! the same bytes even if the original changes, and works for pipes too. The copy's name is
//! removed as soon as it is open, so nothing is left behind even if the program is killed.

use std::fs::File;
use std::io::{self, Read, Seek};

/// A private copy of an input.
pub struct Spooled {
    file: File,
}

impl Spooled {
    /// Copies everything `from` gives into a new file only this user can read.
    pub fn copy(mut from: impl Read) -> io::Result<Spooled> {
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
        let mut file = options.open(&path)?;
        // On Unix the open file outlives its name; elsewhere the name goes when it can.
        let _ = std::fs::remove_file(&path);
        io::copy(&mut from, &mut file)?;
        Ok(Spooled { file })
    }

    /// The copy, from its start.
    pub fn reader(&self) -> io::Result<io::BufReader<File>> {
        let mut file = self.file.try_clone()?;
        file.rewind()?;
        Ok(io::BufReader::new(file))
    }
}
