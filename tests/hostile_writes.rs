//! The write and delete path against hostile or careless file systems, one
//! case per class of bug (issue #10): files the manifest lists without being
//! ci-gen's, symbolic links planted at temporary names, symlinked targets,
//! file modes, failures part way through a write, link loops under
//! `.github/`, links that lead outside the repository, `import --write`
//! (all or nothing, inside its output folder), and one file under two names
//! (another spelling of a path, a folder link inside the root). Each case
//! runs on its own scratch repository.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use ci_gen::Files;
use ci_gen::files::fnv1a64;
use ci_gen::files::{Content, FileSpec};
use ci_gen::sync::{self, Status};
use ci_model::{Job, NullOr, Permissions, Step, Workflow};
use ci_tests::run_generator as run;

/// A scratch folder holding a repository (`repo/`) and files outside it
/// (`outside/`); removed when dropped.
struct Scratch {
    base: PathBuf,
    root: PathBuf,
}

impl Scratch {
    #[allow(clippy::panic)] // test setup
    fn new(name: &str) -> Self {
        let base = std::env::temp_dir().join(format!("ci-gen-hostile-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&base);
        for dir in [base.join("repo"), base.join("outside")] {
            if let Err(e) = fs::create_dir_all(&dir) {
                panic!("cannot create {}: {e}", dir.display());
            }
        }
        Scratch { root: base.join("repo"), base }
    }
    /// A path in the repository.
    fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
    /// A file outside the repository, created with `bytes`.
    #[allow(clippy::panic)] // test setup
    fn outside(&self, name: &str, bytes: &str) -> PathBuf {
        let p = self.base.join("outside").join(name);
        fs::write(&p, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
        p
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        #[cfg(unix)]
        make_writable(&self.base);
        let _ = fs::remove_dir_all(&self.base);
    }
}

/// Gives every folder under `dir` (not through links) its owner's write
/// permission back, so that the scratch folder can be removed.
#[cfg(unix)]
fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
    if let Ok(rd) = fs::read_dir(dir) {
        for entry in rd.filter_map(Result::ok) {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                make_writable(&entry.path());
            }
        }
    }
}

fn ci(job_name: &str) -> Workflow {
    Workflow::new("CI")
        .triggers(|t| t.workflow_dispatch = Some(NullOr::Null))
        .permissions(Permissions::none())
        .job("test", Job::new("ubuntu-latest").name(job_name).timeout_minutes(10).step(Step::run("make test")))
}

/// `ci.yml` and `config.json`, the job named `job_name`, the config's
/// `retries` set to `retries`.
fn files(job_name: &str, retries: u32) -> Files {
    Files::new("cargo run -p my-ci")
        .workflow("ci.yml", ci(job_name))
        .json("config.json", serde_json::json!({ "retries": retries }))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| format!("<unreadable: {e}>"))
}

/// Every `*.ci-gen-tmp` name under `dir`, not through links, except the
/// ones in `planted`.
fn temp_files(dir: &Path, planted: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().filter_map(Result::ok) {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path.to_string_lossy().ends_with(".ci-gen-tmp") && !planted.contains(&path) {
                found.push(path);
            }
        }
    }
    found
}

#[cfg(unix)]
#[allow(clippy::panic)] // test setup
fn symlink(target: impl AsRef<Path>, link: &Path) {
    let target = target.as_ref();
    std::os::unix::fs::symlink(target, link)
        .unwrap_or_else(|e| panic!("cannot link {} to {}: {e}", link.display(), target.display()));
}

#[cfg(unix)]
#[allow(clippy::panic)] // test setup
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).permissions().mode() & 0o7777
}

#[cfg(unix)]
#[allow(clippy::panic)] // test setup
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

const MANIFEST: &str = ".github/ci-gen-manifest.txt";

// ---------------------------------------------------------------------------
// Bug 7: the manifest is not proof that a file is ci-gen's.

#[test]
fn a_file_added_to_the_manifest_by_hand_survives_and_is_reported() {
    let s = Scratch::new("readme");
    run(files("Test", 3), &s.root, &[]);
    let readme = "# My project\n\nDo not lose me.\n";
    fs::write(s.path("README.md"), readme).unwrap();
    let manifest = read(&s.path(MANIFEST)) + "README.md\n";
    fs::write(s.path(MANIFEST), &manifest).unwrap();

    let (code, out, _) = run(files("Test", 3), &s.root, &["--check", "--color", "never"]);
    assert_eq!(code, 1, "the manifest itself differs: {out}");
    assert!(
        out.contains("kept: README.md: listed in the manifest but has no generated header and is not the content"),
        "{out}"
    );
    assert!(!out.contains("stale: README.md"), "{out}");

    let (code, out, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("kept      README.md: listed in the manifest but has no generated header")
            && out.contains("remove it by hand if it is no longer needed"),
        "{out}"
    );
    assert!(out.contains("3 files: 1 written, 2 unchanged, 0 removed, 1 kept"), "{out}");
    assert!(!out.contains("removed   "), "{out}");
    assert_eq!(read(&s.path("README.md")), readme);

    // The rewritten manifest no longer lists it: nothing more is said.
    let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
    assert_eq!((code, out.trim_end()), (0, "3 files up to date"));
    assert_eq!(read(&s.path("README.md")), readme);
}

#[test]
fn a_yaml_file_taken_over_by_hand_is_never_removed_as_stale() {
    let s = Scratch::new("taken");
    run(files("Test", 3).workflow("old.yml", ci("Old")).workflow("moved.yml", ci("Moved")), &s.root, &[]);
    // One loses its header; the other keeps it, but below a line of the
    // owner's own: the header only counts on the first line.
    let old = s.path(".github/workflows/old.yml");
    let mine: String = read(&old).lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    fs::write(&old, &mine).unwrap();
    let moved = s.path(".github/workflows/moved.yml");
    let moved_text = format!("# owned by the release team\n{}", read(&moved));
    fs::write(&moved, &moved_text).unwrap();

    let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("kept: .github/workflows/old.yml: listed in the manifest but has no generated header;"),
        "{out}"
    );
    assert!(out.contains("kept: .github/workflows/moved.yml: "), "{out}");

    let (code, out, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("kept      .github/workflows/old.yml: listed in the manifest but has no generated header; remove it by hand if it is no longer needed"), "{out}");
    assert!(out.contains("kept      .github/workflows/moved.yml: "), "{out}");
    assert_eq!(read(&old), mine);
    assert_eq!(read(&moved), moved_text);
}

#[test]
fn a_stale_json_file_is_removed_only_while_it_is_what_ci_gen_wrote() {
    let s = Scratch::new("json");
    let with_old = || files("Test", 3).json("old.json", serde_json::json!({ "old": true }));
    run(with_old(), &s.root, &[]);
    let written = fs::read(s.path("old.json")).unwrap();
    assert!(read(&s.path(MANIFEST)).contains(&format!("old.json  fnv1a64:{:016x}\n", fnv1a64(&written))));
    let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
    assert_eq!(code, 1);
    assert!(out.contains("stale: old.json is still what ci-gen wrote but nothing generates it now"), "{out}");
    let (code, out, _) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("removed   old.json (stale: no longer generated)"), "{out}");
    assert!(!s.path("old.json").exists());

    // Changed by hand since: kept.
    run(with_old(), &s.root, &[]);
    let edited = "{\n  \"old\": false\n}\n";
    fs::write(s.path("old.json"), edited).unwrap();
    let (code, out, _) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 0);
    assert!(out.contains("kept      old.json: listed in the manifest but has no generated header"), "{out}");
    assert_eq!(read(&s.path("old.json")), edited);
}

#[test]
fn a_manifest_without_hashes_is_read_and_keeps_what_it_cannot_prove() {
    let s = Scratch::new("legacy");
    run(
        files("Test", 3).json("old.json", serde_json::json!({ "old": true })).workflow("old.yml", ci("Old")),
        &s.root,
        &[],
    );
    let json = read(&s.path("old.json"));
    // The manifest as ci-gen wrote it before it recorded hashes.
    let legacy = "# Generated by ci-gen. Do not edit by hand: regenerate with `cargo run -p my-ci`.\n\
                  # Every file ci-gen writes. JSON cannot carry a comment, so this list is what\n\
                  # marks those files as generated.\n\
                  .github/workflows/ci.yml\n.github/workflows/old.yml\nconfig.json\nold.json\n";
    fs::write(s.path(MANIFEST), legacy).unwrap();
    let (code, out, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote     .github/ci-gen-manifest.txt"), "{out}");
    assert!(out.contains("removed   .github/workflows/old.yml"), "the header proves it: {out}");
    assert!(out.contains("kept      old.json: "), "no hash to prove it: {out}");
    assert!(out.contains("2 unchanged"), "config.json is still recognised as generated: {out}");
    assert_eq!(read(&s.path("old.json")), json);
}

// ---------------------------------------------------------------------------
// Bug 8: temporary names are unpredictable and never written through.

#[cfg(unix)]
#[test]
fn links_planted_at_temporary_names_never_get_their_target_written() {
    let s = Scratch::new("planted");
    run(files("Test", 3), &s.root, &[]);
    let secret = "root:x:0:0:do not touch\n";
    let target = s.outside("secret", secret);
    let pid = std::process::id();
    let mut planted = Vec::new();
    for (dir, name) in [(".github/workflows", "ci.yml"), ("", "config.json"), (".github", "ci-gen-manifest.txt")] {
        // The old fixed name, and names of the new pattern with this
        // process's id (the random part cannot be guessed; a few tries).
        let mut names = vec![format!(".{name}.ci-gen-tmp")];
        names.extend(
            ["0000000000000000", "ffffffffffffffff", "0123456789abcdef"]
                .map(|h| format!(".{name}.{pid}-{h}.ci-gen-tmp")),
        );
        for n in names {
            let link = s.path(dir).join(n);
            symlink(&target, &link);
            planted.push(link);
        }
    }
    let (code, out, err) = run(files("Other", 4), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 files: 3 written, 0 unchanged, 0 removed"), "{out}");
    assert_eq!(read(&target), secret, "the file outside the repository must be byte-identical");
    assert!(read(&s.path(".github/workflows/ci.yml")).contains("name: Other"));
    assert!(read(&s.path("config.json")).contains("\"retries\": 4"));
    for link in &planted {
        assert!(fs::symlink_metadata(link).unwrap().file_type().is_symlink(), "{}", link.display());
    }
    assert_eq!(temp_files(&s.root, &planted), Vec::<PathBuf>::new());

    // `fmt --write` makes its temporary file the same way.
    let loose = s.path("loose.yml");
    fs::write(&loose, "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n").unwrap();
    symlink(&target, &s.path(".loose.yml.ci-gen-tmp"));
    let (code, out, err) = run(Files::new("gen"), &s.root, &["fmt", "--write", loose.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("formatted"), "{out}");
    assert_eq!(read(&target), secret);
}

// ---------------------------------------------------------------------------
// Bug 11 and symlinked targets: the link stays, its file is written; modes kept.

#[cfg(unix)]
#[test]
fn a_symlinked_generated_file_is_written_through() {
    let s = Scratch::new("through");
    run(files("Test", 3), &s.root, &[]);
    let link = s.path(".github/workflows/ci.yml");
    fs::create_dir_all(s.path("shared")).unwrap();
    fs::rename(&link, s.path("shared/ci.yml")).unwrap();
    symlink("../../shared/ci.yml", &link);
    let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
    assert_eq!((code, out.trim_end()), (0, "3 files up to date"), "read through the link, not reported as skipped");

    let (code, out, err) = run(files("Other", 3), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote     .github/workflows/ci.yml"), "{out}");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link must stay a link");
    assert!(read(&s.path("shared/ci.yml")).contains("name: Other"), "its target gets the new bytes");
    assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new());

    // The not-generated check reads the target: a hand-written target is refused.
    fs::write(s.path("shared/ci.yml"), "on: push\njobs: {}\n").unwrap();
    let (code, _, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 2);
    assert!(err.contains("refusing to overwrite files that ci-gen did not write"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert_eq!(read(&s.path("shared/ci.yml")), "on: push\njobs: {}\n");

    // A link to nothing is not followed to create a file wherever it points.
    fs::remove_file(&link).unwrap();
    let nowhere = s.base.join("outside/created-through-link.yml");
    symlink(&nowhere, &link);
    let (code, _, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 2);
    assert!(err.contains(".github/workflows/ci.yml: a symbolic link to a file that does not exist"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!nowhere.exists());
}

#[cfg(unix)]
#[test]
fn fmt_write_formats_the_target_of_a_link_and_keeps_the_link() {
    let s = Scratch::new("fmtlink");
    let real =
        s.outside("real.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: \"true\"\n");
    let link = s.path("ci.yml");
    symlink(&real, &link);
    let (code, out, err) = run(Files::new("gen"), &s.root, &["fmt", "--write", link.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("formatted"), "{out}");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(read(&real).contains("- run: 'true'\n"), "{}", read(&real));
}

#[cfg(unix)]
#[test]
fn modes_are_kept_by_the_generator_and_by_fmt_write() {
    let s = Scratch::new("modes");
    run(files("Test", 3), &s.root, &[]);
    let yaml = s.path(".github/workflows/ci.yml");
    let json = s.path("config.json");
    set_mode(&yaml, 0o600);
    set_mode(&json, 0o755);
    let (code, out, err) = run(files("Other", 4).json("new.json", serde_json::json!({})), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote     .github/workflows/ci.yml") && out.contains("wrote     config.json"), "{out}");
    assert_eq!((mode(&yaml), mode(&json)), (0o600, 0o755));
    // A new file gets the mode any new file gets here (the umask's).
    let probe = s.path("probe");
    fs::write(&probe, "").unwrap();
    assert_eq!(mode(&s.path("new.json")), mode(&probe));

    for wanted in [0o600, 0o755] {
        let file = s.path(&format!("fmt-{wanted:o}.yml"));
        fs::write(&file, "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: \"true\"\n")
            .unwrap();
        set_mode(&file, wanted);
        let (code, out, err) = run(Files::new("gen"), &s.root, &["fmt", "--write", file.to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("formatted"), "{out}");
        assert!(read(&file).contains("- run: 'true'\n"));
        assert_eq!(mode(&file), wanted, "fmt --write must keep mode {wanted:o}");
    }
}

// ---------------------------------------------------------------------------
// Bug 9: a failed write says exactly what it did.

/// A failure while staging (the third file's folder cannot be made: a link
/// to nothing stands in its way, which stops root too) leaves every file as
/// it was, leaves no temporary file, and says that nothing was written.
#[cfg(unix)]
#[test]
fn a_failure_while_staging_writes_nothing_and_says_so() {
    let s = Scratch::new("staging");
    run(files("Test", 3), &s.root, &[]);
    let before: Vec<String> = [".github/workflows/ci.yml", "config.json", MANIFEST].map(|p| read(&s.path(p))).into();
    symlink(s.base.join("outside/missing-folder"), &s.path("late"));
    let more = files("Other", 4).json("late/late.json", serde_json::json!({}));
    let (code, out, err) = run(more, &s.root, &[]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("error: late/late.json: `late` is in the way of a folder"), "{err}");
    assert!(err.contains("\nnothing was written\n"), "{err}");
    assert!(!err.contains("stopped part way"), "{err}");
    let after: Vec<String> = [".github/workflows/ci.yml", "config.json", MANIFEST].map(|p| read(&s.path(p))).into();
    assert_eq!(before, after, "the files staged before the failure must not be renamed");
    assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new());
    assert!(!s.base.join("outside/missing-folder").exists());
}

/// A read-only target folder: the same, where permissions stop the writer.
/// Root ignores them; then this case says so and checks the run succeeds.
#[cfg(unix)]
#[test]
fn a_read_only_target_folder_writes_nothing_and_says_so() {
    let s = Scratch::new("readonly");
    // config.json (writable folder) comes first, so it is staged before the
    // workflow's folder refuses.
    let files = |name: &str| {
        Files::new("cargo run -p my-ci")
            .json("config.json", serde_json::json!({ "name": name }))
            .workflow("ci.yml", ci(name))
    };
    run(files("Test"), &s.root, &[]);
    let workflows = s.path(".github/workflows");
    set_mode(&workflows, 0o555);
    let probe = workflows.join("probe");
    if fs::write(&probe, "").is_ok() {
        let _ = fs::remove_file(&probe);
        set_mode(&workflows, 0o755);
        eprintln!(
            "SKIPPED (read-only part): running as root, which writes into read-only folders; \
             a_failure_while_staging_writes_nothing_and_says_so covers the same path with a failure root cannot bypass"
        );
        return;
    }
    let before = (read(&s.path("config.json")), read(&workflows.join("ci.yml")));
    let (code, _, err) = run(files("Other"), &s.root, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error: .github/workflows/ci.yml: "), "{err}");
    assert!(err.contains("\nnothing was written\n"), "{err}");
    assert_eq!((read(&s.path("config.json")), read(&workflows.join("ci.yml"))), before);
    assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new());
}

/// A failure while renaming (a target replaced by a non-empty folder after
/// the plan was made): the error names exactly the files written before it
/// and those not written; the manifest, renamed last, is among the latter.
#[test]
fn a_failure_while_renaming_lists_exactly_the_files_written() {
    let s = Scratch::new("rename");
    let many = Files::new("cargo run -p my-ci")
        .workflow("ci.yml", ci("Test"))
        .json("a.json", serde_json::json!({ "a": 1 }))
        .json("b.json", serde_json::json!({ "b": 2 }))
        .json("c.json", serde_json::json!({ "c": 3 }));
    let rendered = many.render().unwrap();
    let plan = sync::plan(&s.root, &rendered).unwrap();
    fs::create_dir_all(s.path("b.json/in-the-way")).unwrap();
    let e = sync::apply(&s.root, &plan, false).unwrap_err();
    assert!(!e.nothing_changed());
    assert_eq!(e.done.written, [".github/workflows/ci.yml", "a.json"]);
    assert_eq!(e.not_written, ["b.json", "c.json", MANIFEST]);
    let message = e.to_string();
    assert!(message.starts_with("b.json: "), "{message}");
    assert!(
        message.contains("\nthe write stopped part way: 2 of 5 files written, 0 of 0 stale files removed\n"),
        "{message}"
    );
    assert!(message.contains("\n  wrote       .github/workflows/ci.yml\n  wrote       a.json\n"), "{message}");
    assert!(
        message.contains(
            "\n  not written b.json (its old content is untouched)\n  not written c.json (its old content is untouched)\n  \
             not written .github/ci-gen-manifest.txt (its old content is untouched)\n"
        ),
        "{message}"
    );
    assert!(s.path("a.json").is_file() && !s.path("c.json").exists() && !s.path(MANIFEST).exists());
    assert!(s.path("b.json/in-the-way").is_dir());
    assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new());
}

// ---------------------------------------------------------------------------
// Bug 10 (part): walks under `.github/` never follow links.

#[cfg(unix)]
#[test]
fn link_loops_under_github_are_skipped_and_reported_without_hanging() {
    let s = Scratch::new("loops");
    run(files("Test", 3), &s.root, &[]);
    let workflows = s.path(".github/workflows");
    symlink(".", &workflows.join("self"));
    symlink("..", &workflows.join("up"));
    symlink("b", &workflows.join("a"));
    symlink("a", &workflows.join("b"));
    // A generated-looking file reached only through a link is not removed.
    fs::create_dir_all(s.path("elsewhere")).unwrap();
    let foreign = read(&workflows.join("ci.yml")).replace("name: CI", "name: Elsewhere");
    fs::write(s.path("elsewhere/other.yml"), &foreign).unwrap();
    symlink("../../elsewhere", &workflows.join("linked"));
    fs::create_dir_all(s.path(".github/actions")).unwrap();
    symlink("../..", &s.path(".github/actions/root"));

    let (tx, rx) = mpsc::channel();
    let root = s.root.clone();
    std::thread::spawn(move || {
        let check = run(files("Test", 3), &root, &["--check"]);
        let write = run(files("Test", 3), &root, &[]);
        let _ = tx.send((check, write));
    });
    let ((code, check, _), (wcode, write, werr)) = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(runs) => runs,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("the generator hung on a link loop under .github/"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the generator panicked on a link loop under .github/"),
    };
    assert_eq!(code, 0, "{check}");
    for link in [".github/actions/root", ".github/workflows/a", ".github/workflows/b", ".github/workflows/linked"] {
        assert!(check.contains(&format!("skipped: {link}: a symbolic link, not followed")), "{link}: {check}");
        assert!(write.contains(&format!("skipped   {link}: a symbolic link, not followed")), "{link}: {write}");
    }
    assert!(check.ends_with("3 files up to date\n"), "{check}");
    assert_eq!(wcode, 0, "{werr}");
    assert!(write.contains("3 files: 0 written, 3 unchanged, 0 removed"), "{write}");
    assert_eq!(read(&s.path("elsewhere/other.yml")), foreign);

    // The plan names them as entries of their own.
    let rendered = files("Test", 3).render().unwrap();
    let plan = sync::plan(&s.root, &rendered).unwrap();
    let skipped: Vec<&str> = plan.iter().filter(|e| e.status == Status::SkippedLink).map(|e| e.path.as_str()).collect();
    assert_eq!(
        skipped,
        [
            ".github/workflows/a",
            ".github/workflows/b",
            ".github/workflows/linked",
            ".github/workflows/self",
            ".github/workflows/up",
            ".github/actions/root"
        ]
    );
}

/// A named pipe at a generated path would block a reader forever: it is
/// refused, quickly, and nothing is written.
#[cfg(unix)]
#[test]
fn a_named_pipe_at_a_generated_path_is_refused_without_hanging() {
    let s = Scratch::new("fifo");
    fs::create_dir_all(s.path(".github/workflows")).unwrap();
    let pipe = s.path(".github/workflows/ci.yml");
    match std::process::Command::new("mkfifo").arg(&pipe).status() {
        Ok(status) if status.success() => {}
        other => {
            eprintln!("SKIPPED: cannot make a named pipe with `mkfifo` ({other:?})");
            return;
        }
    }
    let (tx, rx) = mpsc::channel();
    let root = s.root.clone();
    std::thread::spawn(move || {
        let _ = tx.send(run(files("Test", 3), &root, &[]));
    });
    let (code, _, err) = match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(result) => result,
        Err(e) => panic!("the generator blocked on a named pipe ({e})"),
    };
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(
            "error: .github/workflows/ci.yml: is not a regular file; ci-gen reads and writes regular files only\n\
             nothing was written\n"
        ),
        "{err}"
    );
    assert!(!s.path("config.json").exists());
}

// ---------------------------------------------------------------------------
// Links that lead outside the root: refused before anything is written.

#[allow(clippy::panic)] // test setup
fn canonical(path: &Path) -> String {
    fs::canonicalize(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).display().to_string()
}

/// The header line of a manifest, as ci-gen writes it.
const MANIFEST_HEADER: &str = "# Generated by ci-gen. Do not edit by hand: regenerate with `cargo run -p my-ci`.\n";

/// A hostile manifest lists a JSON path, and a link planted at that path
/// points at a file outside the repository: listed means "ci-gen's", so the
/// file would be overwritten without `--force`. It is refused, whatever the
/// flags, before anything is written; `--check` does not show the outside
/// file's content either.
#[cfg(unix)]
#[test]
fn a_listed_json_path_linked_outside_the_root_is_refused_and_nothing_is_written() {
    let s = Scratch::new("outside-json");
    fs::create_dir_all(s.path(".github")).unwrap();
    let manifest = format!("{MANIFEST_HEADER}config.json\n");
    fs::write(s.path(MANIFEST), &manifest).unwrap();
    let precious = "{\n  \"keep\": \"me\"\n}\n";
    let victim = s.outside("victim.json", precious);
    symlink(&victim, &s.path("config.json"));
    let expected = format!(
        "error: config.json is a symbolic link to {}, outside the repository; ci-gen writes only inside {}\n\
         nothing was written\n",
        canonical(&victim),
        canonical(&s.root)
    );
    for args in [&[][..], &["--force"], &["--check", "--color", "never"]] {
        let (code, out, err) = run(files("Test", 3), &s.root, args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        // A check writes nothing anyway, so it does not say so.
        let expected = if args.first() == Some(&"--check") {
            expected.replace("nothing was written\n", "")
        } else {
            expected.clone()
        };
        assert!(err.ends_with(&expected), "{args:?}: {err}");
        assert!(!out.contains("keep"), "the outside file is not shown: {out}");
        assert_eq!(read(&victim), precious, "{args:?}: the file outside the repository must be byte-identical");
        assert!(!s.path(".github/workflows").exists(), "{args:?}: nothing is written, not even the workflow");
        assert_eq!(read(&s.path(MANIFEST)), manifest, "{args:?}");
        assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new(), "{args:?}");
    }

    // The library says the same before staging anything.
    let rendered = files("Test", 3).render().unwrap();
    match sync::plan(&s.root, &rendered) {
        Err(sync::SyncError::OutsideRoot { path, link, .. }) => {
            assert_eq!((path.as_str(), link.as_deref()), ("config.json", Some("config.json")));
        }
        other => panic!("expected OutsideRoot, got {other:?}"),
    }
    // A hand-made plan that skips `plan` is refused by `apply` too.
    let plan = [sync::Entry {
        path: "config.json".into(),
        status: Status::Changed { old: String::new() },
        new: Some("{}\n".into()),
    }];
    let e = sync::apply(&s.root, &plan, true).unwrap_err();
    assert!(e.nothing_changed(), "{e}");
    assert!(matches!(e.error, sync::SyncError::OutsideRoot { .. }), "{e}");
    assert_eq!(read(&victim), precious);
}

/// `.github/workflows` is a link to a folder outside the repository: no
/// workflow is written there, nothing else is written either, and a
/// generated-looking file out there that the manifest lists is not removed
/// as stale.
#[cfg(unix)]
#[test]
fn a_workflows_folder_linked_outside_the_root_is_refused() {
    let s = Scratch::new("outside-dir");
    run(files("Test", 3).workflow("old.yml", ci("Old")), &s.root, &[]);
    let old = read(&s.path(".github/workflows/old.yml"));
    let config = read(&s.path("config.json"));
    let manifest = read(&s.path(MANIFEST));
    let elsewhere = s.base.join("outside/workflows");
    fs::rename(s.path(".github/workflows"), &elsewhere).unwrap();
    symlink(&elsewhere, &s.path(".github/workflows"));

    // The new files change config.json and ci.yml and drop old.yml (stale).
    let (code, out, err) = run(files("Other", 4), &s.root, &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.contains(&format!(
            "error: .github/workflows/ci.yml: `.github/workflows` is a symbolic link to {}, outside the repository; \
             ci-gen writes only inside {}\nnothing was written\n",
            canonical(&elsewhere),
            canonical(&s.root)
        )),
        "{err}"
    );
    assert_eq!(read(&elsewhere.join("old.yml")), old, "not removed");
    assert!(read(&elsewhere.join("ci.yml")).contains("name: Test"), "not written");
    assert_eq!((read(&s.path("config.json")), read(&s.path(MANIFEST))), (config, manifest));
    assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new());

    // A generator with no workflow left still must not remove the stale
    // file the manifest lists out there.
    let (code, _, err) = run(Files::new("cargo run -p my-ci").json("config.json", serde_json::json!({})), &s.root, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error: .github/workflows/ci.yml: `.github/workflows` is a symbolic link to "), "{err}");
    assert!(elsewhere.join("old.yml").is_file() && elsewhere.join("ci.yml").is_file());

    // `.github` itself linked outside: the manifest would be written there.
    let s = Scratch::new("outside-github");
    let github = s.base.join("outside/github");
    fs::create_dir_all(&github).unwrap();
    symlink(&github, &s.path(".github"));
    let (code, _, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("error: .github/workflows/ci.yml: `.github` is a symbolic link to "), "{err}");
    assert_eq!(fs::read_dir(&github).unwrap().count(), 0);
    assert!(!s.path("config.json").exists());
}

/// Links that stay inside the repository are followed as before: a linked
/// folder and an absolute link to a file in the repository are written
/// through, the links kept.
#[cfg(unix)]
#[test]
fn links_that_stay_inside_the_root_are_written_through() {
    let s = Scratch::new("inside");
    fs::create_dir_all(s.path("ci/workflows")).unwrap();
    fs::create_dir_all(s.path(".github")).unwrap();
    symlink("../ci/workflows", &s.path(".github/workflows"));
    let (code, out, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote     .github/workflows/ci.yml"), "{out}");
    assert!(read(&s.path("ci/workflows/ci.yml")).contains("name: Test"));

    fs::rename(s.path("config.json"), s.path("ci/config.json")).unwrap();
    symlink(s.path("ci/config.json"), &s.path("config.json"));
    let (code, out, err) = run(files("Other", 4), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 files: 3 written, 0 unchanged, 0 removed"), "{out}");
    assert!(fs::symlink_metadata(s.path("config.json")).unwrap().file_type().is_symlink());
    assert!(fs::symlink_metadata(s.path(".github/workflows")).unwrap().file_type().is_symlink());
    assert!(read(&s.path("ci/config.json")).contains("\"retries\": 4"));
    assert!(read(&s.path("ci/workflows/ci.yml")).contains("name: Other"));
    // The stale-file walk still does not follow the linked folder; it says so.
    let (code, out, _) = run(files("Other", 4), &s.root, &["--check"]);
    assert_eq!(
        (code, out.as_str()),
        (
            0,
            "skipped: .github/workflows: a symbolic link, not followed when looking for stale generated files\n3 files up to date\n"
        )
    );
}

// ---------------------------------------------------------------------------
// `import --write`: all or nothing, and only inside its output folder.

/// A repository with one workflow and one action for `import --write`.
#[allow(clippy::unwrap_used)] // test setup
fn import_repo(s: &Scratch) {
    let github = s.path(".github");
    fs::create_dir_all(github.join("workflows")).unwrap();
    fs::create_dir_all(github.join("actions/setup")).unwrap();
    fs::write(
        github.join("workflows/ci.yml"),
        "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: make\n",
    )
    .unwrap();
    fs::write(
        github.join("actions/setup/action.yml"),
        "name: setup\nruns:\n  using: composite\n  steps:\n    - run: make\n      shell: bash\n",
    )
    .unwrap();
}

fn import_write(s: &Scratch, out_dir: &Path, force: bool) -> (u8, String, String) {
    let root = s.root.to_string_lossy().into_owned();
    let out_dir = out_dir.to_string_lossy().into_owned();
    let mut args = vec!["import", "--write", &root, "--out", &out_dir];
    if force {
        args.push("--force");
    }
    run(Files::new("x"), &s.root, &args)
}

/// The names in `dir` and what each file holds ("<folder>" for a folder).
fn listing(dir: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    let what = if p.is_dir() { "<folder>".to_owned() } else { read(&p) };
                    (e.file_name().to_string_lossy().into_owned(), what)
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn import_write_is_all_or_nothing() {
    let s = Scratch::new("import-all");
    import_repo(&s);
    let out_dir = s.path("imported");
    let (code, out, err) = import_write(&s, &out_dir, false);
    assert_eq!(code, 0, "{err}");
    let written: Vec<String> =
        ["mod.rs", "ci.rs", "setup.rs"].map(|f| format!("wrote     {}\n", out_dir.join(f).display())).into();
    assert!(out.starts_with(&written.concat()), "{out}");
    let first = listing(&out_dir);
    assert_eq!(first.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["ci.rs", "mod.rs", "setup.rs"]);

    // With --force, a non-empty folder where `setup.rs` goes (the last file
    // written): refused before anything is renamed, so `mod.rs` and `ci.rs`
    // keep their old content although the workflow changed.
    fs::write(
        s.path(".github/workflows/ci.yml"),
        "on: push\njobs:\n  b:\n    runs-on: y\n    steps:\n      - run: test\n",
    )
    .unwrap();
    fs::remove_file(out_dir.join("setup.rs")).unwrap();
    fs::create_dir_all(out_dir.join("setup.rs/inner")).unwrap();
    let before = listing(&out_dir);
    assert!(!read(&out_dir.join("ci.rs")).contains("Job::new(\"y\")"));
    let (code, out, err) = import_write(&s, &out_dir, true);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.ends_with(&format!(
            "error: {}: is a folder; ci-gen writes regular files only\nnothing was written\n",
            out_dir.join("setup.rs").display()
        )),
        "{err}"
    );
    assert!(!out.contains("wrote"), "{out}");
    assert_eq!(listing(&out_dir), before);
    assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new());

    // Once the folder is gone, all three are written.
    fs::remove_dir_all(out_dir.join("setup.rs")).unwrap();
    let (code, _, err) = import_write(&s, &out_dir, true);
    assert_eq!(code, 0, "{err}");
    assert!(read(&out_dir.join("ci.rs")).contains("Job::new(\"y\")"), "{}", read(&out_dir.join("ci.rs")));
    assert!(out_dir.join("setup.rs").is_file());
}

/// A failure while staging (a link to nothing stands where a folder is to
/// be made) leaves the output folder as it was: the files staged before it
/// are not renamed into place.
#[cfg(unix)]
#[test]
fn import_files_stop_before_any_rename_when_staging_fails() {
    let s = Scratch::new("import-stage");
    import_repo(&s);
    let options = ci_gen::import::WriteOptions { command: "x".to_owned(), source_dir: None };
    let tree = ci_gen::import::tree_files(&s.path(".github"), &options).unwrap();
    let out_dir = s.path("imported");
    fs::create_dir_all(&out_dir).unwrap();
    symlink(s.base.join("outside/missing"), &out_dir.join("sub"));
    let mut files = tree.files.clone();
    files.push(("sub/late.rs".to_owned(), "// late\n".to_owned()));
    let e = sync::write_files(&out_dir, &files).unwrap_err();
    assert!(e.nothing_changed(), "{e}");
    assert_eq!(e.not_written.len(), 4);
    assert!(e.error.to_string().contains("`sub` is in the way of a folder"), "{e}");
    assert_eq!(listing(&out_dir).iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["sub"]);
    assert_eq!(temp_files(&s.base, &[]), Vec::<PathBuf>::new());
    assert!(!s.base.join("outside/missing").exists());
}

/// An output file that is a link to a file outside the output folder is
/// refused, even with --force, and nothing is written.
#[cfg(unix)]
#[test]
fn import_write_stays_inside_its_output_folder() {
    let s = Scratch::new("import-outside");
    import_repo(&s);
    let out_dir = s.path("imported");
    fs::create_dir_all(&out_dir).unwrap();
    let precious = "fn main() {}\n";
    let victim = s.outside("victim.rs", precious);
    symlink(&victim, &out_dir.join("setup.rs"));
    let (code, out, err) = import_write(&s, &out_dir, true);
    assert_eq!(code, 2, "{out}{err}");
    assert!(
        err.ends_with(&format!(
            "error: {} is a symbolic link to {}, outside the output folder; ci-gen writes only inside {}\n\
             nothing was written\n",
            out_dir.join("setup.rs").display(),
            canonical(&victim),
            canonical(&out_dir)
        )),
        "{err}"
    );
    assert_eq!(read(&victim), precious);
    assert_eq!(listing(&out_dir).iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["setup.rs"]);

    // The output folder itself may be a link: the user named it.
    let s = Scratch::new("import-linked-out");
    import_repo(&s);
    let real = s.base.join("outside/generated");
    symlink(&real, &s.path("imported"));
    fs::create_dir_all(&real).unwrap();
    let (code, _, err) = import_write(&s, &s.path("imported"), false);
    assert_eq!(code, 0, "{err}");
    assert_eq!(listing(&real).iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["ci.rs", "mod.rs", "setup.rs"]);
}

/// A generated path holding a line break would be two lines of the manifest
/// (the second naming a file ci-gen would then treat as its own): refused,
/// nothing written, the name printed escaped.
#[test]
fn a_generated_path_with_a_line_break_is_refused() {
    let s = Scratch::new("path-line-break");
    fs::write(s.path("README.md"), "# readme\n").unwrap();
    let files = Files::new("cargo run -p my-ci").json("a\nREADME.md", serde_json::json!({}));
    let (code, out, err) = run(files, &s.root, &[]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains("a\\u{a}README.md: generated paths must be relative"), "{err}");
    assert!(err.ends_with("nothing was written\n"), "{err}");
    assert_eq!(read(&s.path("README.md")), "# readme\n");
    assert!(!s.path(".github").exists());
}

// ---------------------------------------------------------------------------
// One file, one name: a generated file listed or generated under another
// spelling is never removed as stale.

/// Spellings of `.github/workflows/ci.yml` that name the same file.
const OTHER_SPELLINGS: &[&str] = &[
    "./.github/workflows/ci.yml",
    ".github//workflows/ci.yml",
    ".github/workflows/./ci.yml",
    ".github/./workflows//ci.yml",
];

/// A hand-edited manifest lists a generated file a second time under
/// another spelling: the write used to report it unchanged and then remove
/// it as stale. A line not in normal form is ignored and reported.
#[test]
fn a_manifest_line_in_another_spelling_never_removes_the_generated_file() {
    let config_line = |s: &Scratch| {
        let bytes = fs::read(s.path("config.json")).unwrap_or_default();
        format!("./config.json  fnv1a64:{:016x}", fnv1a64(&bytes))
    };
    for (i, spelling) in OTHER_SPELLINGS.iter().map(|s| (*s).to_owned()).chain([String::new()]).enumerate() {
        let s = Scratch::new(&format!("spelling-{i}"));
        run(files("Test", 3), &s.root, &[]);
        // The last case: the JSON file, its hash recorded (so provably ci-gen's).
        let spelling = if spelling.is_empty() { config_line(&s) } else { spelling };
        let shown = spelling.split("  ").next().unwrap_or_default().to_owned();
        let before = (read(&s.path(".github/workflows/ci.yml")), read(&s.path("config.json")));
        fs::write(s.path(MANIFEST), read(&s.path(MANIFEST)) + &spelling + "\n").unwrap();

        let plan = sync::plan(&s.root, &files("Test", 3).render().unwrap()).unwrap();
        let odd: Vec<(&str, &Status)> =
            plan.iter().filter(|e| e.new.is_none()).map(|e| (e.path.as_str(), &e.status)).collect();
        assert_eq!(odd, [(shown.as_str(), &Status::Ignored)], "{spelling}");

        let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
        assert_eq!(code, 1, "the manifest differs: {out}");
        assert!(out.contains(&format!("ignored: {shown}: not in the form ci-gen writes paths in")), "{out}");
        assert!(!out.contains("stale:"), "{out}");

        let (code, out, err) = run(files("Test", 3), &s.root, &[]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(&format!("ignored   {shown}: not in the form ci-gen writes paths in")), "{out}");
        assert!(out.contains("3 files: 1 written, 2 unchanged, 0 removed"), "{out}");
        assert!(!out.contains("removed   "), "{out}");
        assert_eq!((read(&s.path(".github/workflows/ci.yml")), read(&s.path("config.json"))), before, "{spelling}");

        // The manifest is rewritten in normal form: nothing more is said.
        let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
        assert_eq!((code, out.trim_end()), (0, "3 files up to date"), "{spelling}");
    }
}

/// A generated path in another spelling used to be written by one run and
/// removed as stale by the next (the manifest lists it as written, the
/// walk finds it under its plain name). Every path not in normal form is
/// refused before anything is written.
#[test]
fn a_generated_path_in_another_spelling_is_refused() {
    let s = Scratch::new("spelling-generated");
    let workflow = |path: &str| {
        Files::new("cargo run -p my-ci").file(FileSpec {
            path: path.to_owned(),
            source: None,
            content: Content::Workflow(Box::new(ci("Test"))),
        })
    };
    let json = |path: &str| Files::new("cargo run -p my-ci").json(path, serde_json::json!({}));
    let cases = OTHER_SPELLINGS.iter().map(|p| workflow(p)).chain(
        ["config.json/", "a/./config.json", " config.json", "config.json ", "#config.json", "config.json  fnv1a64:x"]
            .map(json),
    );
    for files in cases {
        let path = files.specs()[0].path.clone();
        for args in [&[][..], &["--check"]] {
            let (code, out, err) = run(files.clone(), &s.root, args);
            assert_eq!((code, out.as_str()), (2, ""), "{path:?} {args:?}: {err}");
            assert!(
                err.starts_with(&format!(
                    "error: {path}: generated paths must be relative, stay inside the root, and be in normal form: \
                     names joined by single `/`, without `.`, `..`, empty names or a trailing `/`"
                )),
                "{path:?}: {err}"
            );
            assert_eq!(err.ends_with("nothing was written\n"), args.is_empty(), "{err}");
            assert!(fs::read_dir(&s.root).unwrap().next().is_none(), "{path:?}: nothing is written");
        }
        let rendered = files.render().unwrap();
        assert!(matches!(sync::plan(&s.root, &rendered), Err(sync::SyncError::BadPath { .. })), "{path:?}");
    }
}

/// A folder link inside the root (`.github/wf` -> `workflows`) gives a
/// generated file a second name: listed under it, the file is not stale.
/// A file that is stale, listed under both names and found by the walk, is
/// removed once.
#[cfg(unix)]
#[test]
fn a_manifest_line_through_a_folder_link_in_the_root_is_not_stale() {
    let s = Scratch::new("alias-link");
    run(files("Test", 3).workflow("old.yml", ci("Old")), &s.root, &[]);
    symlink("workflows", &s.path(".github/wf"));
    let workflow = read(&s.path(".github/workflows/ci.yml"));
    fs::write(s.path(MANIFEST), read(&s.path(MANIFEST)) + ".github/wf/ci.yml\n.github/wf/old.yml\n").unwrap();

    let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("stale: .github/wf/ci.yml"), "{out}");
    assert_eq!(out.matches("stale: ").count(), 1, "old.yml once, under one of its names: {out}");

    let (code, out, err) = run(files("Test", 3), &s.root, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("3 files: 1 written, 2 unchanged, 1 removed"), "{out}");
    assert_eq!(read(&s.path(".github/workflows/ci.yml")), workflow);
    assert!(!s.path(".github/workflows/old.yml").exists());
    let (code, out, _) = run(files("Test", 3), &s.root, &["--check"]);
    assert_eq!((code, out.trim_end()), (0, "3 files up to date"));
}
