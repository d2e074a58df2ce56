//! Puts the commit the binary is built from into its `--version`
//! (`ACTORGRAPH_VERSION`): `0.1.0 (commit 1a2b3c4d5e6f)`, or the bare
//! version outside a git checkout.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}

fn main() {
    let version = env!("CARGO_PKG_VERSION");
    println!("cargo:rerun-if-changed=build.rs");
    let full = match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) => {
            // Built again when HEAD moves: a commit, a checkout.
            for file in ["HEAD", "packed-refs"] {
                if let Some(path) = git(&["rev-parse", "--git-path", file]) {
                    println!("cargo:rerun-if-changed={path}");
                }
            }
            if let Some(path) = git(&["rev-parse", "--symbolic-full-name", "HEAD"]).and_then(|r| git(&["rev-parse", "--git-path", &r])) {
                println!("cargo:rerun-if-changed={path}");
            }
            format!("{version} (commit {commit})")
        }
        None => version.to_string(),
    };
    println!("cargo:rustc-env=ACTORGRAPH_VERSION={full}");
}
