//! `make dist` (scripts/dist.sh) on a tiny fake site: the zip and its sums check out with
//! `sha256sum -c`, and the README tells hosts the same Content-Security-Policy as index.html.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("dist-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("the command starts");
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn dist_script(site: &Path, out: &Path, name: Option<&str>) -> Command {
    let mut command = Command::new("bash");
    command
        .arg(root().join("scripts/dist.sh"))
        .arg(site)
        .arg(out);
    command.args(name);
    command
}

/// A site shaped like trunk's output, with a nested file and a name with a space.
fn fake_site(dir: &Path) -> PathBuf {
    let site = dir.join("site");
    fs::create_dir_all(site.join("snippets/x")).unwrap();
    fs::write(site.join("index.html"), "<!doctype html>\n").unwrap();
    fs::write(site.join("guardview_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    fs::write(site.join("snippets/x/inline 0.js"), "export {};\n").unwrap();
    site
}

#[test]
fn dist_zips_the_site_with_sums_inside_and_beside() {
    let dir = scratch("zip");
    let site = fake_site(&dir);
    let out = dir.join("out");
    run(&mut dist_script(&site, &out, Some("guardview-test")));

    let outer = fs::read_to_string(out.join("SHA256SUMS")).unwrap();
    assert_eq!(outer.lines().count(), 1, "{outer}");
    assert!(
        outer.trim_end().ends_with("  guardview-test.zip"),
        "{outer}"
    );
    run(Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&out));

    let unpacked = dir.join("unpacked");
    fs::create_dir_all(&unpacked).unwrap();
    run(Command::new("unzip")
        .arg("-q")
        .arg(out.join("guardview-test.zip"))
        .current_dir(&unpacked));
    let top = unpacked.join("guardview-test");
    let inner = fs::read_to_string(top.join("SHA256SUMS")).unwrap();
    let mut listed: Vec<&str> = inner
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(_, p)| p)
        .collect();
    listed.sort_unstable();
    assert_eq!(
        listed,
        ["guardview_bg.wasm", "index.html", "snippets/x/inline 0.js"]
    );
    run(Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&top));

    // The sums are real: a changed file fails the check.
    fs::write(
        top.join("index.html"),
        "<!doctype html><script>evil()</script>\n",
    )
    .unwrap();
    let tampered = Command::new("sha256sum")
        .args(["-c", "--quiet", "SHA256SUMS"])
        .current_dir(&top)
        .output()
        .unwrap();
    assert!(
        !tampered.status.success(),
        "a changed file must fail the check"
    );
}

#[test]
fn dist_names_the_zip_by_version_and_commit_and_packs_the_same_bytes_twice() {
    let dir = scratch("name");
    let site = fake_site(&dir);
    let out = dir.join("out");
    run(&mut dist_script(&site, &out, None));
    let zips = |out: &Path| -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".zip"))
            .collect();
        names.sort();
        names
    };
    let names = zips(&out);
    assert_eq!(names.len(), 1, "{names:?}");
    let prefix = format!("guardview-{}-", env!("CARGO_PKG_VERSION"));
    assert!(names[0].starts_with(&prefix), "{names:?}");
    let commit = names[0][prefix.len()..].trim_end_matches(".zip");
    let commit = commit.trim_end_matches("-dirty");
    assert!(
        commit == "unknown" || commit.len() >= 7 && commit.bytes().all(|b| b.is_ascii_hexdigit()),
        "{names:?}"
    );
    let first = fs::read(out.join(&names[0])).unwrap();
    run(&mut dist_script(
        &site,
        &out,
        Some(names[0].trim_end_matches(".zip")),
    ));
    assert_eq!(
        fs::read(out.join(&names[0])).unwrap(),
        first,
        "reproducible zip"
    );
}

#[test]
fn dist_refuses_a_directory_that_is_not_a_built_site() {
    let dir = scratch("refuse");
    let empty = dir.join("empty");
    fs::create_dir_all(&empty).unwrap();
    let output = dist_script(&empty, &dir.join("out"), None)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("index.html is missing"));
    assert!(!dir.join("out").exists(), "nothing is written");
}

#[test]
fn the_readme_gives_hosts_the_policy_of_index_html_plus_frame_ancestors() {
    let index = fs::read_to_string(root().join("index.html")).unwrap();
    let meta = index
        .split("http-equiv=\"Content-Security-Policy\"")
        .nth(1)
        .and_then(|rest| rest.split("content=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .expect("index.html has a CSP meta tag");
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let header = format!("Content-Security-Policy: {meta}; frame-ancestors 'none'");
    assert!(
        readme.lines().any(|line| line.trim() == header),
        "README's Hosting section must send exactly: {header}"
    );
    let makefile = fs::read_to_string(root().join("Makefile")).unwrap();
    assert!(makefile.contains("scripts/dist.sh dist target/dist"));
    assert!(readme.contains("make dist") && readme.contains("sha256sum -c SHA256SUMS"));
}
