//! Issue 13: output that cannot destroy, source files written safely, and nothing
//! written or read outside the site. Every test runs the real binary on a copy of a
//! site inside a folder of its own, and compares that whole folder before and after
//! where a refusal must change nothing.

mod common;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary, run in `cwd` without colours, speaking English (the refusals these
/// tests look for are quoted in English; tests/lang.rs checks both languages).
fn bin(cwd: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_privacy-site"));
    cmd.current_dir(cwd).env("NO_COLOR", "1").args(["--lang", "en"]);
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().unwrap()
}

fn build(root: &Path, output: &Path) -> Command {
    let mut cmd = bin(root);
    cmd.arg("build").arg("--root").arg(root).arg("--output").arg(output);
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file, folder and link under `dir`, with file contents and link targets.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(base).unwrap().to_path_buf();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                out.insert(rel, std::fs::read_link(&path).unwrap().to_string_lossy().as_bytes().to_vec());
            } else if meta.is_dir() {
                out.insert(rel.join(""), Vec::new());
                walk(base, &path, out);
            } else {
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Names in `dir` that start with `prefix`.
fn names_starting(dir: &Path, prefix: &str) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).filter(|n| n.starts_with(prefix)).collect();
    v.sort();
    v
}

/// A folder holding a site (`site/`, a copy of `site`) and a neighbouring project
/// (`other-project/notes.txt`), so that refusals can be checked on the whole folder.
struct Nest {
    dir: tempfile::TempDir,
}

impl Nest {
    fn new(site: TempSite) -> Nest {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(site.path(), &dir.path().join("site"));
        std::fs::create_dir(dir.path().join("other-project")).unwrap();
        std::fs::write(dir.path().join("other-project/notes.txt"), "do not delete").unwrap();
        Nest { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
}

fn good_site() -> Nest {
    Nest::new(site_with(GOOD_NOTICE))
}

#[test]
fn build_refuses_the_site_its_sources_their_ancestors_files_and_foreign_folders() {
    let nest = good_site();
    let site = nest.site();
    std::fs::create_dir(site.join("requirements")).unwrap();
    std::fs::write(site.join("requirements/art13-14.toml"), "# table").unwrap();
    let home_dir = tempfile::tempdir().unwrap();
    let home = home_dir.path().to_path_buf();
    std::fs::write(home.join(".bashrc"), "# mine").unwrap();
    let home_before = snapshot(&home);
    std::os::unix::fs::symlink(site.join("content"), nest.path().join("link-to-content")).unwrap();
    let before = snapshot(nest.path());
    let cases: &[(PathBuf, &str)] = &[
        (site.clone(), "it is the site's root folder"),
        (PathBuf::from("."), "it is the site's root folder"),
        (site.join("content"), "it is the site's content folder"),
        (site.join("templates"), "it is the site's templates folder"),
        (site.join("sass"), "it is the site's Sass folder"),
        (site.join("requirements"), "it is the site's requirements folder"),
        (site.join("public/../content/"), "it is the site's content folder"),
        (site.join("content/public"), "it lies inside the site's content folder"),
        (nest.path().to_path_buf(), "it holds the site's root folder"),
        (PathBuf::from(".."), "it holds the site's root folder"),
        (site.join("config.toml"), "it is the site's config.toml"),
        (site.join("content/n.md"), "it lies inside the site's content folder"),
        (nest.path().join("other-project/notes.txt"), "it is a file"),
        (nest.path().join("other-project"), "was not written by privacy-site"),
        (nest.path().join("link-to-content"), "the site's content folder"),
        (home.clone(), "your home folder"),
        (PathBuf::from("/"), "file system's root"),
    ];
    for (target, why) in cases {
        let out = run(build(&site, target).env("HOME", &home));
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{}: {err}", target.display());
        assert!(err.contains(&format!("refusing to build into `{}`", target.display())) && err.contains(why), "{}: {err}", target.display());
        assert!(err.contains("Nothing was written"), "{err}");
        assert_eq!(snapshot(nest.path()), before, "{} changed something", target.display());
        assert_eq!(snapshot(&home), home_before, "{} changed the home folder", target.display());
    }
}

#[test]
fn build_accepts_a_new_folder_an_empty_one_and_its_own_output() {
    let nest = good_site();
    let site = nest.site();
    let public = nest.path().join("public");
    assert_eq!(run(&mut build(&site, &public)).status.code(), Some(0));
    assert!(public.join(".privacy-site-output").is_file() && public.join("n/index.html").is_file());
    std::fs::write(public.join("stale.html"), "from an old build").unwrap();
    assert_eq!(run(&mut build(&site, &public)).status.code(), Some(0), "its own output is replaced");
    assert!(!public.join("stale.html").exists());
    let empty = nest.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(run(&mut build(&site, &empty)).status.code(), Some(0));
    assert!(empty.join("n/index.html").is_file());
    // Without its marker, the folder is someone else's.
    std::fs::remove_file(public.join(".privacy-site-output")).unwrap();
    let before = snapshot(nest.path());
    let out = run(&mut build(&site, &public));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("touch"), "{}", stderr(&out));
    assert_eq!(snapshot(nest.path()), before);
    assert_eq!(names_starting(nest.path(), "."), Vec::<String>::new(), "no lock or staging folder left");
}

#[test]
fn leftovers_of_killed_builds_are_removed_and_a_lost_output_restored() {
    let nest = good_site();
    let public = nest.path().join("public");
    for leftover in [".public-building-4242", ".public-building-17-old", ".public-old-99"] {
        std::fs::create_dir_all(nest.path().join(leftover).join("n")).unwrap();
        std::fs::write(nest.path().join(leftover).join("n/index.html"), "old").unwrap();
    }
    std::fs::write(nest.path().join(".public.lock"), "").unwrap();
    std::fs::create_dir(nest.path().join(".publicity-building-1")).unwrap();
    let out = run(&mut build(&nest.site(), &public));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(names_starting(nest.path(), "."), [".publicity-building-1"], "only this output's leftovers are removed");
    assert!(std::fs::read_to_string(public.join("n/index.html")).unwrap().contains("<html"));
}

#[test]
fn a_build_waits_for_the_lock_and_gives_up_after_its_bound() {
    let nest = good_site();
    let public = nest.path().join("public");
    assert_eq!(run(&mut build(&nest.site(), &public)).status.code(), Some(0));
    let before = snapshot(&public);
    let held = privacy_site::fsx::Lock::acquire(&nest.path().join(".public.lock"), Duration::ZERO, &mut || {}).unwrap();
    let start = Instant::now();
    let out = run(build(&nest.site(), &public).args(["--lock-timeout", "1"]));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert!(err.contains("waiting for another build") && err.contains(".public.lock") && err.contains("--lock-timeout"), "{err}");
    assert_eq!(snapshot(&public), before);
    // Released while a build waits: the build goes ahead.
    let mut waiting = build(&nest.site(), &public).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(held);
    assert!(waiting.wait().unwrap().success());
}

#[test]
fn eight_concurrent_builds_of_one_output_all_succeed() {
    let nest = Nest::new(TempSite::real());
    let public = nest.path().join("public");
    let rounds = 3;
    for round in 0..rounds {
        let children: Vec<_> = (0..8).map(|_| build(&nest.site(), &public).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap()).collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let err = stderr(&out);
            assert!(out.status.success(), "round {round}: {err}");
            assert!(!err.contains("Directory not empty") && !err.contains("No such file"), "{err}");
        }
        assert!(public.join("vores-dialog/index.html").is_file() && public.join(".privacy-site-output").is_file());
        assert_eq!(names_starting(nest.path(), "."), Vec::<String>::new(), "round {round}: no leftovers");
    }
    eprintln!("{} concurrent builds, 8 at a time, all succeeded", rounds * 8);
}

/// A small xorshift generator: the kill moments, reproducible with KILL_SEED.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn killed_builds_never_lose_the_output_and_the_next_build_cleans_up() {
    let kills: usize = std::env::var("KILL_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(50);
    let seed = std::env::var("KILL_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1);
    let mut rng = Rng(seed);
    let nest = Nest::new(TempSite::real());
    let public = nest.path().join("public");
    assert!(run(&mut build(&nest.site(), &public)).status.success());
    // Kill moments spread over twice a warm build: a build after a kill also removes the leftovers.
    let start = Instant::now();
    assert!(run(&mut build(&nest.site(), &public)).status.success());
    let span = start.elapsed().as_micros() as u64 * 2;
    let complete: Vec<PathBuf> = snapshot(&public).into_keys().collect();
    let inode = |p: &Path| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).unwrap());
    let (mut finished, mut swapped, mut littered) = (0, 0, 0);
    for i in 0..kills {
        let before = inode(&public);
        let mut child = build(&nest.site(), &public).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(rng.next() % span));
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        }
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        assert!(public.is_dir(), "kill {i} (seed {seed}): no output folder");
        if inode(&public) != before {
            swapped += 1;
        }
        if !names_starting(nest.path(), ".public").is_empty() {
            littered += 1;
        }
        let now: Vec<PathBuf> = snapshot(&public).into_keys().collect();
        assert_eq!(now, complete, "kill {i} (seed {seed}): the output is not the complete previous one");
    }
    let left = names_starting(nest.path(), ".");
    assert!(run(&mut build(&nest.site(), &public)).status.success());
    assert_eq!(names_starting(nest.path(), "."), Vec::<String>::new(), "the next build removed {left:?}");
    assert_eq!(snapshot(&public).into_keys().collect::<Vec<_>>(), complete);
    eprintln!(
        "{kills} builds killed at random moments (seed {seed}): {swapped} after swapping in their output ({finished} of them had exited); \
         {littered} kills left a staging folder or lock file, each removed by a later build ({} at the end, none after the next build)",
        left.len()
    );
}

#[test]
fn check_matrix_never_overwrites_a_source_and_writes_atomically() {
    let nest = good_site();
    let site = nest.site();
    let before = snapshot(nest.path());
    for (target, why) in [("content/n.md", ".html"), ("content/n.html", "content folder"), ("templates/page.html", "templates folder"), ("content", "")] {
        let out = run(bin(&site).args(["check", "--matrix", target]));
        assert_eq!(out.status.code(), Some(2), "{target}: {}", stderr(&out));
        assert!(stderr(&out).contains(&format!("refusing to write `{target}`")) && stderr(&out).contains(why), "{}", stderr(&out));
        assert_eq!(snapshot(nest.path()), before, "{target}");
    }
    let out = run(bin(&site).args(["check", "--matrix", "matrix.html"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(site.join("matrix.html")).unwrap().contains("<table"));
    assert_eq!(names_starting(&site, ".privacy-site"), Vec::<String>::new());
}

#[test]
fn audit_matrix_never_overwrites_an_audited_page() {
    let nest = good_site();
    let page = nest.path().join("page.html");
    std::fs::write(&page, "<h1>Privatlivspolitik</h1><p>Lejre Kommune er dataansvarlig.</p>").unwrap();
    let out = run(bin(nest.path()).args(["audit", "page.html", "--matrix", "./page.html"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("one of the pages being audited"), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&page).unwrap().starts_with("<h1>"));
}

#[test]
fn config_paths_and_language_codes_cannot_leave_the_site() {
    let cases = [
        ("stylesheet = \"style.scss\"", "stylesheet = \"../../elsewhere/evil.scss\"", "stylesheet"),
        ("stylesheet = \"style.scss\"", "stylesheet = \"style.scss\"\ntemplates_dir = \"/etc\"", "templates_dir"),
        ("stylesheet = \"style.scss\"", "stylesheet = \"style.scss\"\nsass_dir = \"../elsewhere\"", "sass_dir"),
        ("code = \"en\"", "code = \"../../x\"", "code"),
    ];
    for (from, to, key) in cases {
        let nest = Nest::new(TempSite::real());
        let site = nest.site();
        std::fs::create_dir_all(nest.path().join("elsewhere")).unwrap();
        std::fs::write(nest.path().join("elsewhere/evil.scss"), "body { color: red }").unwrap();
        let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
        assert!(config.contains(from));
        let config = config.replacen(from, to, 1);
        std::fs::write(site.join("config.toml"), &config).unwrap();
        let line = config.lines().position(|l| l.starts_with(to.lines().last().unwrap())).unwrap() + 1;
        let before = snapshot(nest.path());
        for verb in [&["build", "--output", "public"][..], &["check"]] {
            let out = run(bin(&site).args(verb));
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{to}: {err}");
            assert!(err.contains(&format!("config.toml:{line}: `{key} = ")), "{to}: {err}");
            assert_eq!(snapshot(nest.path()), before, "{to}: nothing written");
        }
    }
}

#[test]
fn a_sass_folder_linked_from_outside_is_refused() {
    let nest = Nest::new(TempSite::real());
    let site = nest.site();
    std::fs::rename(site.join("sass"), nest.path().join("outside-sass")).unwrap();
    std::os::unix::fs::symlink(nest.path().join("outside-sass"), site.join("sass")).unwrap();
    let out = run(bin(&site).args(["build"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("`sass_dir = \"sass\"` leads outside the site through a symbolic link"), "{}", stderr(&out));
}

#[test]
fn a_symlink_out_of_the_site_is_named_and_never_read() {
    let nest = good_site();
    let site = nest.site();
    std::fs::write(nest.path().join("passwd"), "root:x:0:0:root:/root:/bin/bash\n").unwrap();
    std::os::unix::fs::symlink(nest.path().join("passwd"), site.join("content/leak.md")).unwrap();
    for verb in [&["check"][..], &["build", "--output", "public"], &["translated", "--all"]] {
        let out = run(bin(&site).args(verb));
        let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert_eq!(out.status.code(), Some(2), "{verb:?}: {all}");
        assert!(all.contains("content/leak.md") && all.contains("outside the site"), "{all}");
        assert!(!all.contains("root:x:0:0"), "the target's contents are never shown: {all}");
    }
    assert!(!site.join("public").exists());
    // A link that stays inside the site is followed.
    std::fs::remove_file(site.join("content/leak.md")).unwrap();
    std::fs::create_dir(site.join("drafts")).unwrap();
    std::fs::rename(site.join("content/n.md"), site.join("drafts/n.md")).unwrap();
    std::os::unix::fs::symlink("../drafts/n.md", site.join("content/n.md")).unwrap();
    let out = run(bin(&site).args(["check"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn translated_under_a_full_disk_leaves_the_page_whole() {
    let nest = Nest::new(TempSite::real());
    let site = nest.site();
    let da = site.join("content/vores-dialog.md");
    let text = std::fs::read_to_string(&da).unwrap();
    std::fs::write(&da, format!("{text}\nEn ny sætning.\n")).unwrap();
    let en = site.join("content/vores-dialog.en.md");
    let before = std::fs::read(&en).unwrap();
    assert!(before.len() > 8192);
    // A file-size limit stands in for a full disk; SIGXFSZ ignored, so write fails with EFBIG.
    let script = format!("trap '' XFSZ; ulimit -f 4; exec '{}' translated content/vores-dialog.en.md", env!("CARGO_BIN_EXE_privacy-site"));
    let out = run(Command::new("sh").args(["-c", &script]).current_dir(&site));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("vores-dialog.en.md"), "{}", stderr(&out));
    assert_eq!(std::fs::read(&en).unwrap(), before, "the page is not truncated");
    assert_eq!(names_starting(&site.join("content"), ".privacy-site"), Vec::<String>::new(), "no temporary file left");
    let out = run(bin(&site).args(["translated", "content/vores-dialog.en.md"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_ne!(std::fs::read(&en).unwrap(), before);
}

#[test]
fn new_writes_both_pages_or_neither() {
    let nest = good_site();
    let site = nest.site();
    let before = snapshot(nest.path());
    let long = "x".repeat(250);
    let out = run(bin(&site).args(["new", &long, "--title", "Lang"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("250 characters"), "{}", stderr(&out));
    assert_eq!(snapshot(nest.path()), before);
    // Past the validator: the English name is too long for the file system.
    let files = vec![(PathBuf::from("content/ok.md"), "da".to_string()), (PathBuf::from(format!("content/{long}.en.md")), "en".to_string())];
    let e = privacy_site::scaffold::write_pages(&site, &files, false).unwrap_err().to_string();
    assert!(e.contains(".en.md"), "{e}");
    assert_eq!(snapshot(nest.path()), before, "the Danish page is not left behind");

    let new = |extra: &[&str]| run(bin(&site).args(["new", "parkering", "--title", "Parkering"]).args(extra));
    assert_eq!(new(&[]).status.code(), Some(0));
    std::fs::write(site.join("content/parkering.en.md"), "edited").unwrap();
    let again = new(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(std::fs::read_to_string(site.join("content/parkering.en.md")).unwrap(), "edited");
    assert_eq!(new(&["--force"]).status.code(), Some(0));
    assert!(std::fs::read_to_string(site.join("content/parkering.en.md")).unwrap().contains("{#controller}"));
}

#[test]
fn import_refuses_slugs_that_are_paths_empty_hidden_or_reserved() {
    let nest = good_site();
    let site = nest.site();
    let page = nest.path().join("other-project/page.txt");
    std::fs::write(&page, "Privatlivspolitik\n\nLejre Kommune er dataansvarlig for behandlingen.\n").unwrap();
    let before = snapshot(nest.path());
    for slug in ["../../x", "../x", "/abs/path", "", ".skjult", "en", "kontakt", "Store Bogstaver", "a/b"] {
        let out = run(bin(&site).arg("import").arg(&page).args(["--slug", slug]));
        assert_eq!(out.status.code(), Some(2), "{slug:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("page name"), "{slug:?}: {}", stderr(&out));
        assert_eq!(snapshot(nest.path()), before, "{slug:?} wrote something");
    }
    let out = run(bin(&site).arg("import").arg(&page).args(["--output", "templates/page.md"]));
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(snapshot(nest.path()), before);
    // `import --lang` is also the page's language: a Danish page, content/importeret.md.
    let out = run(bin(&site).arg("import").arg(&page).args(["--slug", "importeret", "--lang", "da"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(site.join("content/importeret.md").is_file());
}
