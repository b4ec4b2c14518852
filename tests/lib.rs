//! Shared helpers for the cross-face tests: run the CLI in-process and find the repository's files.

use std::path::{Path, PathBuf};

/// The repository root (the folder holding `examples/` and `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// A path under the repository root, as text.
pub fn repo_path(rel: &str) -> String {
    repo_root().join(rel).display().to_string()
}

/// What one CLI run produced.
#[derive(Debug)]
pub struct Outcome {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `partnerscore ARGS…` in-process with `stdin` as standard input.
pub fn run_cli_with_stdin(args: &[&str], stdin: &str) -> Outcome {
    let mut argv: Vec<std::ffi::OsString> = vec!["partnerscore".into()];
    argv.extend(args.iter().map(Into::into));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = partnerscore_cli::run(argv, &mut stdin.as_bytes(), &mut out, &mut err);
    Outcome {
        code,
        stdout: String::from_utf8(out).expect("stdout is UTF-8"),
        stderr: String::from_utf8(err).expect("stderr is UTF-8"),
    }
}

/// Runs `partnerscore ARGS…` in-process with empty standard input.
pub fn run_cli(args: &[&str]) -> Outcome {
    run_cli_with_stdin(args, "")
}

/// Compares `actual` with the golden file `tests/golden/NAME`; with `UPDATE_GOLDEN=1` rewrites it instead.
pub fn check_golden(name: &str, actual: &str) {
    let path = repo_root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("write golden file");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1 to create it)", path.display()));
    if expected != actual {
        let line = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(0);
        panic!(
            "{} differs from the output (first difference at line {}):\nexpected: {}\nactual:   {}\n(run with UPDATE_GOLDEN=1 to accept)",
            path.display(),
            line + 1,
            expected.lines().nth(line).unwrap_or(""),
            actual.lines().nth(line).unwrap_or("")
        );
    }
}

/// Pretty-prints JSON so that golden diffs are readable (numbers stay as written: nothing is reformatted).
pub fn pretty(json: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    serde_json::to_string_pretty(&value).expect("serializes") + "\n"
}

/// Asserts a bad-input failure: exit 2, no output, one stderr line (`error: …`, no panic) containing
/// every `needle`.
pub fn assert_input_error(out: &Outcome, needles: &[&str]) {
    assert_eq!(out.code, 2, "needles {needles:?}\nstdout: {}\nstderr: {}", out.stdout, out.stderr);
    assert!(out.stdout.is_empty(), "stdout: {}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "one line expected: {}", out.stderr);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    for needle in needles {
        assert!(out.stderr.contains(needle), "{needle:?} not in: {}", out.stderr);
    }
}

/// A scratch folder for one test's files, removed when dropped (`tag` unique within a test file).
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// Creates `partnerscore-test-TAG-PID` in the temporary folder.
    pub fn new(tag: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("partnerscore-test-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create scratch folder");
        Scratch(dir)
    }

    /// Writes `name` with `contents` and returns its path as text.
    pub fn file(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, contents).expect("write scratch file");
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}
