//! `jobmark stats --history` through the binary, on scripted repositories
//! with fixed author and committer dates: open applications at each month
//! end (both calendars, deletions, moves), recorded stage dates standing in
//! for unwritten ones and marked in the JSON, charts and page, hostile
//! commit times, and plain `stats` unchanged without the flag.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;
use support::TestRepo;

fn jobmark(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobmark"))
        .current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("run jobmark")
}

/// Run `stats ARGS --out <tmp>/page` in `dir`; the page directory and its
/// stats.json.
fn stats(dir: &Path, args: &[&str]) -> (tempfile::TempDir, Value) {
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("page");
    let mut all = vec!["stats"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", page.to_str().unwrap()]);
    let output = jobmark(dir, &all);
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    let json = std::fs::read_to_string(page.join("stats.json")).unwrap();
    (out, serde_json::from_str(&json).unwrap())
}

fn read(out: &tempfile::TempDir, name: &str) -> String {
    std::fs::read_to_string(out.path().join("page").join(name)).unwrap()
}

/// A write-up with `status` and `Interview Date` entries (label, date).
fn write_up(company: &str, status: &str, dated: &[(&str, &str)]) -> String {
    let dates: String = dated
        .iter()
        .map(|(label, date)| format!("- **{label}** <br />{date}\n\n"))
        .collect();
    format!(
        "# [{company}](https://{company}.example)\n\n### Status\n#### {status}\n## Python Engineer\n### Interview Process\n```mermaid\nflowchart LR\n    sr(Send resume) --> hr(HR Call)\n```\n\n### Apply Way\nLinkedIn\n\n### Interview Date\n{dates}### Interview Platform\nGoogle Meet\n\n### Score\n<h4><mark style=\"background-color:#4caf50\">8/10</mark></h4>\n"
    )
}

/// Commit everything with author and committer at `date` (git's format,
/// e.g. `2023-01-10T12:00:00+00:00`).
fn commit_at(t: &TestRepo, message: &str, date: &str) {
    t.git(&["add", "-A"]);
    t.git_env(
        t.path(),
        &[("GIT_AUTHOR_DATE", date), ("GIT_COMMITTER_DATE", date)],
        &["commit", "-q", "--allow-empty", "-m", message],
    );
}

/// `{month: open}` of `history.open_per_month`.
fn open_counts(stats: &Value) -> Vec<(String, u64)> {
    stats["history"]["open_per_month"]
        .as_object()
        .expect("open_per_month is an object")
        .iter()
        .map(|(k, v)| (k.clone(), v["open"].as_u64().unwrap()))
        .collect()
}

fn owned(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

/// a and b open in January; a rejected in February; c added and b deleted
/// in March; c moved into a folder with a new stage in April.
fn pipeline_repo() -> TestRepo {
    let t = TestRepo::init();
    let resume = [("Sent Resume", "2023/01/09")];
    t.write("a.md", write_up("Alpha", "📜", &resume));
    commit_at(&t, "alpha: applied", "2023-01-10T12:00:00+00:00");
    t.write("b.md", write_up("Beta", "📜📞", &resume));
    commit_at(&t, "beta: applied, HR call", "2023-01-20T12:00:00+00:00");
    t.write("a.md", write_up("Alpha", "📜📞❌", &resume));
    commit_at(&t, "alpha: rejected", "2023-02-15T12:00:00+00:00");
    t.write("c.md", write_up("Gamma", "📜", &resume));
    commit_at(&t, "gamma: applied", "2023-03-05T12:00:00+00:00");
    t.git(&["rm", "-q", "b.md"]);
    commit_at(&t, "beta: drop the write-up", "2023-03-20T12:00:00+00:00");
    t.git(&["mv", "c.md", "gamma.md"]);
    std::fs::create_dir_all(t.path().join("src/gamma")).unwrap();
    t.git(&["mv", "gamma.md", "src/gamma/gamma.md"]);
    t.write("src/gamma/gamma.md", write_up("Gamma", "📜📞🔧", &resume));
    commit_at(
        &t,
        "gamma: into its folder, technical",
        "2023-04-10T12:00:00+00:00",
    );
    t
}

#[test]
fn open_applications_at_each_month_end_follow_closes_deletions_and_moves() {
    let t = pipeline_repo();
    let (out, json) = stats(t.path(), &["--history", "--calendar", "gregorian"]);
    assert_eq!(
        open_counts(&json),
        owned(&[
            ("2023-01", 2),
            ("2023-02", 1),
            ("2023-03", 1),
            ("2023-04", 1)
        ])
    );
    let history = &json["history"];
    let january = &history["open_per_month"]["2023-01"]["by_furthest_stage"];
    assert_eq!(january["resume"], 1, "{january}");
    assert_eq!(january["hr_call"], 1, "{january}");
    assert_eq!(
        history["open_per_month"]["2023-04"]["by_furthest_stage"]["technical"],
        1
    );
    assert_eq!(history["time"], "author");
    // The moved write-up is one application with both paths; the deleted
    // one is listed as deleted.
    assert_eq!(history["documents"], 3);
    let apps = history["applications"].as_array().unwrap();
    let gamma = apps
        .iter()
        .find(|a| a["path"] == "src/gamma/gamma.md")
        .expect("gamma listed");
    assert_eq!(
        gamma["paths"],
        serde_json::json!(["c.md", "src/gamma/gamma.md"])
    );
    assert_eq!(gamma["counted"], true);
    assert_eq!(gamma["stages"]["resume"]["recorded"], "2023-03-05");
    assert_eq!(gamma["stages"]["technical"]["recorded"], "2023-04-10");
    let beta = apps.iter().find(|a| a["path"] == "b.md").unwrap();
    assert_eq!(beta["deleted"], true);
    assert_eq!(beta["counted"], false);
    // The chart and the page are there and name what they show.
    let pipeline = read(&out, "pipeline.svg");
    assert!(pipeline.contains("Pipeline over time"), "{pipeline}");
    assert!(pipeline.contains("April") && pipeline.contains("January"));
    let page = read(&out, "README.md");
    assert!(page.contains("## Pipeline over time"), "{page}");
    assert!(page.contains("![Open applications at each month end](pipeline.svg)"));
    assert!(
        page.contains("At the end of April 2023, 1 application was open; the most at a month end was 2 (January 2023)."),
        "{page}"
    );
    assert!(read(&out, "stages-recorded.svg").contains("Stages as first recorded"));
}

#[test]
fn the_history_thresholds_of_the_config_decide_what_a_move_is() {
    let t = pipeline_repo();
    // Only identical content is a move: gamma, moved with a new stage,
    // becomes two documents, and its old path is deleted.
    t.write(
        ".jobmark.toml",
        "[history]\nfind-renames = 100\nbreak-rewrites = \"off\"\nfind-copies = \"off\"\n",
    );
    let (_, json) = stats(t.path(), &["--history", "--calendar", "gregorian"]);
    assert_eq!(json["history"]["documents"], 4);
    let apps = json["history"]["applications"].as_array().unwrap();
    let old = apps.iter().find(|a| a["path"] == "c.md").unwrap();
    assert_eq!(old["deleted"], true);
}

#[test]
fn a_year_shows_its_twelve_month_ends() {
    let t = pipeline_repo();
    let (_, json) = stats(t.path(), &["--history", "--year", "2023"]);
    let counts = open_counts(&json);
    assert_eq!(counts.len(), 12);
    assert_eq!(counts[0], ("2023-01".to_string(), 2));
    // After the last change its state holds: gamma is still open.
    assert_eq!(counts[11], ("2023-12".to_string(), 1));
}

#[test]
fn month_ends_follow_the_chosen_calendar() {
    // 2023-02-10 is in Bahman 1401, 2023-02-25 in Esfand 1401 (Esfand 1
    // is 2023-02-20), 2023-03-25 in Farvardin 1402.
    let t = TestRepo::init();
    t.write(
        "x.md",
        write_up("Xi", "📜", &[("Sent Resume", "2023/02/09")]),
    );
    commit_at(&t, "xi: applied", "2023-02-10T12:00:00+00:00");
    t.write(
        "x.md",
        write_up("Xi", "📜❌", &[("Sent Resume", "2023/02/09")]),
    );
    commit_at(&t, "xi: rejected", "2023-02-25T12:00:00+00:00");
    t.write(
        "y.md",
        write_up("Ypsilon", "📜", &[("Sent Resume", "2023/03/24")]),
    );
    commit_at(&t, "ypsilon: applied", "2023-03-25T12:00:00+00:00");

    let (_, gregorian) = stats(t.path(), &["--history", "--calendar", "gregorian"]);
    assert_eq!(
        open_counts(&gregorian),
        owned(&[("2023-02", 0), ("2023-03", 1)])
    );
    let (out, jalali) = stats(t.path(), &["--history", "--calendar", "jalali"]);
    assert_eq!(
        open_counts(&jalali),
        owned(&[("1401-11", 1), ("1401-12", 0), ("1402-01", 1)])
    );
    let xi = jalali["history"]["applications"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["path"] == "x.md")
        .unwrap();
    assert_eq!(xi["stages"]["rejected"]["recorded"], "1401-12-06");
    let pipeline = read(&out, "pipeline.svg");
    assert!(
        pipeline.contains("Bahman")
            && pipeline.contains("Esfand")
            && pipeline.contains("Farvardin"),
        "{pipeline}"
    );
    assert!(pipeline.contains("Solar Hijri calendar"));
}

/// One write-up whose HR call is on the status line from 2023-05-09 but
/// never dated, and one whose undated HR call was only committed after the
/// technical interview it preceded.
fn stand_in_repo() -> TestRepo {
    let t = TestRepo::init();
    let resume = ("Sent Resume", "2023/05/01");
    t.write("delta.md", write_up("Delta", "📜", &[resume]));
    commit_at(&t, "delta: applied", "2023-05-02T09:00:00+00:00");
    t.write("delta.md", write_up("Delta", "📜📞", &[resume]));
    commit_at(&t, "delta: HR call", "2023-05-09T09:00:00+00:00");
    t.write(
        "delta.md",
        write_up(
            "Delta",
            "📜📞🔧",
            &[resume, ("Technical Interview", "2023/05/19")],
        ),
    );
    commit_at(&t, "delta: technical", "2023-05-20T09:00:00+00:00");
    t.write(
        "epsilon.md",
        write_up(
            "Epsilon",
            "📜📞🔧",
            &[
                ("Sent Resume", "2023/06/01"),
                ("Technical Interview", "2023/06/10"),
            ],
        ),
    );
    commit_at(
        &t,
        "epsilon: written up afterwards",
        "2023-06-30T09:00:00+00:00",
    );
    t
}

#[test]
fn a_stage_never_dated_gets_its_recorded_date_marked_as_such() {
    let t = stand_in_repo();
    let (out, json) = stats(t.path(), &["--history", "--calendar", "gregorian"]);
    let history = &json["history"];
    let apps = history["applications"].as_array().unwrap();
    let delta = apps.iter().find(|a| a["path"] == "delta.md").unwrap();
    assert_eq!(
        delta["stages"]["hr_call"],
        serde_json::json!({
            "written": null,
            "recorded": "2023-05-09",
            "commit": delta["stages"]["hr_call"]["commit"].clone(),
            "stand_in": true
        })
    );
    assert_eq!(
        delta["stages"]["hr_call"]["commit"].as_str().unwrap().len(),
        40
    );
    assert_eq!(
        delta["stages"]["technical"],
        serde_json::json!({
            "written": "2023-05-19",
            "recorded": "2023-05-20",
            "commit": delta["stages"]["technical"]["commit"].clone(),
            "stand_in": false
        })
    );
    // Epsilon's HR call appeared with the technical interview already
    // dated before it: that recorded date cannot stand in, and a note says so.
    let epsilon = apps.iter().find(|a| a["path"] == "epsilon.md").unwrap();
    assert_eq!(epsilon["stages"]["hr_call"]["written"], Value::Null);
    assert_eq!(epsilon["stages"]["hr_call"]["recorded"], "2023-06-30");
    assert_eq!(epsilon["stages"]["hr_call"]["stand_in"], false);
    let notes = history["notes"].to_string();
    assert!(notes.contains("1 recorded date not used"), "{notes}");

    // Durations: the stand-in ones apart, and the plain numbers untouched.
    let hr_to_technical = &history["durations_days"]["HR call → Technical interview"];
    assert_eq!(hr_to_technical["written"], serde_json::json!([]));
    assert_eq!(hr_to_technical["recorded"], serde_json::json!([10]));
    assert!(
        json["durations_days"]
            .get("HR call → Technical interview")
            .is_none(),
        "written-only durations must not gain recorded ones: {}",
        json["durations_days"]
    );
    assert_eq!(
        history["durations_days"]["Resume → first response"],
        serde_json::json!({"written": [9], "recorded": [8]})
    );

    let durations = read(&out, "durations.svg");
    assert!(durations.contains("recorded from history"), "{durations}");
    assert!(durations.contains("n = 1 (1 recorded)"), "{durations}");
    let page = read(&out, "README.md");
    assert!(
        page.contains("| delta.md | HR call | (none) | 2023-05-09 |"),
        "{page}"
    );
    assert!(page.contains("*recorded from history*"), "{page}");
}

#[test]
fn per_month_counts_a_write_up_dated_only_by_history_apart() {
    // No Interview Date entry at all: only the history dates it.
    let t = TestRepo::init();
    t.write("zeta.md", write_up("Zeta", "📜📞", &[]));
    commit_at(&t, "zeta", "2023-07-04T09:00:00+00:00");
    t.write(
        "eta.md",
        write_up("Eta", "📜", &[("Sent Resume", "2023/08/01")]),
    );
    commit_at(&t, "eta", "2023-08-02T09:00:00+00:00");
    let (out, json) = stats(t.path(), &["--history", "--calendar", "gregorian"]);
    assert_eq!(
        json["history"]["per_month"],
        serde_json::json!({
            "2023-07": {"written": 0, "recorded": 1},
            "2023-08": {"written": 1, "recorded": 0}
        })
    );
    // The plain per-month numbers still count written dates only.
    assert_eq!(json["per_month"], serde_json::json!({"2023-08": 1}));
    let chart = read(&out, "per-month.svg");
    assert!(chart.contains("recorded from history"), "{chart}");
    assert!(
        chart.contains("1 written, 1 recorded from history"),
        "{chart}"
    );
}

#[test]
fn without_the_flag_nothing_of_the_history_appears() {
    let t = stand_in_repo();
    let (out, json) = stats(t.path(), &["--calendar", "gregorian"]);
    assert!(json.get("history").is_none(), "{json}");
    assert!(!out.path().join("page/pipeline.svg").exists());
    assert!(!read(&out, "README.md").contains("recorded from history"));
    assert!(!read(&out, "durations.svg").contains("recorded"));
}

/// Write a commit object with raw author/committer lines (times git's own
/// porcelain refuses) on top of HEAD and move `main` to it.
fn raw_commit(t: &TestRepo, author_time: &str, committer_time: &str, message: &str) {
    t.git(&["add", "-A"]);
    let tree = t.git(&["write-tree"]);
    let parent = t.git(&["rev-parse", "HEAD"]);
    let body = format!(
        "tree {tree}\nparent {parent}\nauthor A <a@example.com> {author_time}\ncommitter C <c@example.com> {committer_time}\n\n{message}\n"
    );
    let object = t.path().join("commit.raw");
    std::fs::write(&object, body).unwrap();
    let id = t.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        object.to_str().unwrap(),
    ]);
    std::fs::remove_file(&object).unwrap();
    t.git(&["update-ref", "refs/heads/main", &id]);
}

#[test]
fn hostile_commit_times_are_placed_by_their_neighbours_and_said() {
    let t = TestRepo::init();
    // A file name with an escape sequence: the page lists it.
    let path = "h\u{1b}[31m.md";
    t.write(
        path,
        write_up("Eta", "📜", &[("Sent Resume", "2023/01/09")]),
    );
    commit_at(&t, "applied", "2023-01-10T12:00:00+00:00");
    // The year 9999 (author) and before 1970 (committer): neither trusted.
    t.write(
        path,
        write_up("Eta", "📜📞", &[("Sent Resume", "2023/01/09")]),
    );
    raw_commit(&t, "253402300799 +0000", "-86400 +0000", "far future");
    // 1970 author time, sane committer time: the committer time places it.
    t.write(
        path,
        write_up("Eta", "📜📞❌", &[("Sent Resume", "2023/01/09")]),
    );
    raw_commit(&t, "0 +0000", "1680000000 +0000", "epoch");
    t.git(&["reset", "-q", "--hard", "main"]);

    let (out, json) = stats(t.path(), &["--history", "--calendar", "gregorian"]);
    // 2023-01 to 2023-03 (1680000000 is 2023-03-28, the rejection): three
    // months, not eight thousand years.
    assert_eq!(
        open_counts(&json),
        owned(&[("2023-01", 1), ("2023-02", 1), ("2023-03", 0)])
    );
    let notes = json["history"]["notes"].to_string();
    assert!(
        notes.contains("2 versions with an author time outside 2000-01-01.."),
        "{notes}"
    );
    assert!(notes.contains("1 placed by the committer time, 1 by the versions around them"));
    // The HR call took the time of the version before it, and stands in
    // for its missing written date.
    let h = &json["history"]["applications"][0];
    assert_eq!(h["path"], path);
    assert_eq!(h["stages"]["hr_call"]["recorded"], "2023-01-10");
    assert_eq!(h["stages"]["hr_call"]["stand_in"], true);
    assert_eq!(h["stages"]["rejected"]["recorded"], "2023-03-28");
    // No raw escape character reaches the page or the charts.
    let page = read(&out, "README.md");
    assert!(page.contains("| h\\[31m.md | HR call |"), "{page}");
    for file in [
        "README.md",
        "pipeline.svg",
        "stages-recorded.svg",
        "durations.svg",
    ] {
        assert!(!read(&out, file).contains('\u{1b}'), "{file}");
    }
}

#[test]
fn history_needs_a_repository_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.md"), write_up("A", "📜", &[])).unwrap();
    let out = dir.path().join("page");
    let output = jobmark(
        dir.path(),
        &["stats", "--history", "--out", out.to_str().unwrap()],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("--history reads the git history"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn a_path_in_another_repository_is_refused_not_drawn_empty() {
    let here = pipeline_repo();
    let other = pipeline_repo();
    let out = tempfile::tempdir().unwrap();
    let page = out.path().join("page");
    let output = jobmark(
        here.path(),
        &[
            "stats",
            "--history",
            other.path().to_str().unwrap(),
            "--out",
            page.to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("is outside the repository"), "{err}");
    assert!(!page.exists(), "nothing written");
    // From inside that repository, the same path is its history.
    let (_page, json) = stats(other.path(), &["--history", "."]);
    assert!(!open_counts(&json).is_empty());
}
