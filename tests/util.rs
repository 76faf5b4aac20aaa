//! Helpers: run the built `sitrep` binary in a fresh directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary directory for one test's inputs.
pub struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `name` inside the directory.
    pub fn create(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write fixture");
        p
    }
}

/// Runs `sitrep` with `args`.
pub fn sitrep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sitrep"))
        .args(args)
        .output()
        .expect("run sitrep")
}

/// The claims a run printed, parsed.
pub fn claims(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

/// Path of a seed article shipped in `examples/seeds`.
pub fn seed(name: &str) -> String {
    format!("{}/examples/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"))
}

/// Claims extracted from one input file; the run must succeed.
pub fn extract_claims(path: &str) -> Vec<serde_json::Value> {
    let out = sitrep(&["extract", "--quiet", path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    claims(&out)
}
