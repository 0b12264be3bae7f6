//! Standard input copied to a private temporary file, for commands that read their input
//! twice (`csv` checks every row before it prints any). Removed when dropped.

use std::io;
use std::path::{Path, PathBuf};

/// A temporary copy of standard input.
pub struct Spooled {
    path: PathBuf,
}

impl Spooled {
    /// Copies all of standard input to a new file only this user can read.
    pub fn from_stdin() -> io::Result<Spooled> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "wellcheck-stdin-{}-{nanos}.csv",
            std::process::id()
        ));
        let mut options = std::fs::OpenOptions::new();
        // create_new: never follow or reuse a file someone else placed at this name.
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&path)?;
        let spooled = Spooled { path };
        io::copy(&mut io::stdin().lock(), &mut file)?;
        file.sync_all()?;
        Ok(spooled)
    }

    /// Where the copy is.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
