//! Statistics on hand-made records whose answers were worked out by hand,
//! and the output files as a user would check them: every SVG is XML,
//! hostile names come out as text, `stats.json` has the documented keys.

use jobmark::calendar::{day_from_ymd, CalendarKind, Day};
use jobmark::chart;
use jobmark::pack::{OutcomeId, Pack, StageId};
use jobmark::stats::application::{Application, DatedEvent};
use jobmark::stats::page::{escape_md, render_readme};
use jobmark::stats::{compute, StatsOptions, CONTACT_TO_OUTCOME};
use quick_xml::events::Event;
use quick_xml::Reader;

use CalendarKind::{Gregorian, Jalali};

/// The records below are written against the built-in interview pack.
static PACK: std::sync::LazyLock<Pack> = std::sync::LazyLock::new(Pack::builtin);
const FIRST_RESPONSE: &str = "Resume → first response";
const OPEN: Option<OutcomeId> = None;

fn stage(key: &str) -> StageId {
    PACK.stage_by_key(key)
        .expect("a stage of the built-in pack")
}

fn outcome(key: &str) -> Option<OutcomeId> {
    Some(
        PACK.outcome_by_key(key)
            .expect("an outcome of the built-in pack"),
    )
}

fn day(cal: CalendarKind, y: i32, m: u8, d: u8) -> Day {
    day_from_ymd(cal, y, m, d).expect("test dates are valid")
}

fn ev(label: &str, stage: Option<StageId>, cal: CalendarKind, y: i32, m: u8, d: u8) -> DatedEvent {
    DatedEvent {
        label: label.to_string(),
        stage,
        is_outcome: stage.is_none(),
        day: Some(day(cal, y, m, d)),
        calendar: Some(cal),
        invalid: None,
    }
}

fn placeholder(label: &str, stage: Option<StageId>) -> DatedEvent {
    DatedEvent {
        label: label.to_string(),
        stage,
        is_outcome: false,
        day: None,
        calendar: None,
        invalid: None,
    }
}

fn broken(label: &str, stage: Option<StageId>, why: &str) -> DatedEvent {
    DatedEvent {
        label: label.to_string(),
        stage,
        is_outcome: false,
        day: None,
        calendar: Some(Jalali),
        invalid: Some(why.to_string()),
    }
}

fn app(
    path: &str,
    company: &str,
    stages: &[StageId],
    outcome: Option<OutcomeId>,
    dated: Vec<DatedEvent>,
) -> Application {
    Application {
        path: path.to_string(),
        company: company.to_string(),
        stages: stages.to_vec(),
        outcome,
        dated,
        channels: vec![],
        platforms: vec![],
        score: None,
    }
}

fn resume_on(path: &str, cal: CalendarKind, y: i32, m: u8, d: u8) -> Application {
    app(
        path,
        path,
        &[stage("resume")],
        OPEN,
        vec![ev("Sent Resume", Some(stage("resume")), cal, y, m, d)],
    )
}

fn all() -> StatsOptions {
    StatsOptions::default()
}

#[test]
fn outcomes_are_counted_from_the_status_line() {
    let apps = vec![
        app("a.md", "A", &[stage("resume")], outcome("rejected"), vec![]),
        app("b.md", "B", &[stage("resume")], outcome("rejected"), vec![]),
        app("c.md", "C", &[stage("resume")], outcome("accepted"), vec![]),
        app("d.md", "D", &[stage("resume")], outcome("declined"), vec![]),
        app("e.md", "E", &[stage("resume")], OPEN, vec![]),
    ];
    let s = compute(&apps, &PACK, &all());
    assert_eq!(s.documents, 5);
    assert_eq!(
        (
            s.outcomes.by_key("accepted"),
            s.outcomes.by_key("rejected"),
            s.outcomes.by_key("declined"),
            s.outcomes.by_key("open")
        ),
        (1, 2, 1, 1)
    );
}

#[test]
fn months_follow_the_solar_hijri_year_boundary_and_leap_day() {
    let apps = vec![
        // Last day of 1402 (not a leap year: Esfand has 29 days).
        resume_on("last-1402.md", Jalali, 1402, 12, 29),
        // Nowruz 1403.
        resume_on("first-1403.md", Jalali, 1403, 1, 1),
        // Leap day: 1403 is a leap year, Esfand 30 exists.
        resume_on("leap.md", Jalali, 1403, 12, 30),
        // 2024-03-20 is 1403.01.01, written in Gregorian.
        resume_on("greg.md", Gregorian, 2024, 3, 20),
        // Document order is not timeline order: the resume (1402.12.29)
        // dates the write-up, not the first entry (1403.01.05).
        app(
            "out-of-order.md",
            "X",
            &[stage("resume"), stage("hr_call")],
            OPEN,
            vec![
                ev("HR Call", Some(stage("hr_call")), Jalali, 1403, 1, 5),
                ev("Sent Resume", Some(stage("resume")), Jalali, 1402, 12, 29),
            ],
        ),
    ];
    let s = compute(
        &apps,
        &PACK,
        &StatsOptions {
            year: None,
            calendar: Some(Jalali),
        },
    );
    let months: Vec<(&str, usize)> = s.per_month.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(months, vec![("1402-12", 2), ("1403-01", 2), ("1403-12", 1)]);

    // The same write-ups on the Gregorian calendar: 1402.12.29 = 2024-03-19,
    // 1403.01.01 = 2024-03-20, 1403.12.30 = 2025-03-20.
    let s = compute(
        &apps,
        &PACK,
        &StatsOptions {
            year: None,
            calendar: Some(Gregorian),
        },
    );
    let months: Vec<(&str, usize)> = s.per_month.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(months, vec![("2024-03", 4), ("2025-03", 1)]);

    // Year filter 1403: the two write-ups dated 1402.12.29 are another year.
    let s = compute(
        &apps,
        &PACK,
        &StatsOptions {
            year: Some(1403),
            calendar: Some(Jalali),
        },
    );
    assert_eq!(s.documents, 3);
    assert_eq!(s.other_years, 2);
    assert!(s.excluded.is_empty(), "{:?}", s.excluded);
    let months: Vec<(&str, usize)> = s.per_month.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(months, vec![("1403-01", 2), ("1403-12", 1)]);
}

#[test]
fn default_calendar_is_the_one_most_write_ups_use() {
    let apps = vec![
        resume_on("a.md", Gregorian, 2025, 7, 21),
        resume_on("b.md", Gregorian, 2025, 8, 1),
        resume_on("c.md", Jalali, 1402, 8, 2),
    ];
    let s = compute(&apps, &PACK, &all());
    assert_eq!(s.calendar, Gregorian);
    assert_eq!(
        s.per_month.get("2023-10"),
        Some(&1),
        "1402.08.02 is 2023-10-24"
    );
    let s = compute(&apps[2..], &PACK, &all());
    assert_eq!(s.calendar, Jalali);
}

#[test]
fn durations_cross_calendars() {
    // Resume 1402.12.25 (= 2024-03-15), HR call 2024/03/20, technical
    // 2024/04/01, rejection 2024/04/10.
    let a = app(
        "mixed.md",
        "Mixed",
        &[stage("resume"), stage("hr_call"), stage("technical")],
        outcome("rejected"),
        vec![
            ev("Sent Resume", Some(stage("resume")), Jalali, 1402, 12, 25),
            ev("HR Call", Some(stage("hr_call")), Gregorian, 2024, 3, 20),
            ev(
                "Technical Interview",
                Some(stage("technical")),
                Gregorian,
                2024,
                4,
                1,
            ),
            ev("Rejection Email", None, Gregorian, 2024, 4, 10),
        ],
    );
    let s = compute(&[a], &PACK, &all());
    // 1402.12.25 → 1402.12.29 is 4 days, → 1403.01.01 (2024-03-20) is 5.
    assert_eq!(s.durations_days.get(FIRST_RESPONSE), Some(&vec![5]));
    assert_eq!(
        s.durations_days.get("HR call → Technical interview"),
        Some(&vec![12])
    );
    // 2024-03-15 → 2024-04-10: 16 days left in March + 10.
    assert_eq!(s.durations_days.get(CONTACT_TO_OUTCOME), Some(&vec![26]));
    let names: Vec<&str> = s.durations_days.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        vec![
            FIRST_RESPONSE,
            "HR call → Technical interview",
            CONTACT_TO_OUTCOME
        ]
    );
}

#[test]
fn documents_with_broken_dates_are_counted_where_they_can_be_and_listed_where_not() {
    let mut undated = app(
        "src/ghost.md",
        "Ghost",
        &[stage("resume")],
        outcome("rejected"),
        vec![
            placeholder("Sent Resume", Some(stage("resume"))),
            placeholder("Ghosting", None),
        ],
    );
    undated.channels = vec!["LinkedIn".into()];
    undated.score = Some(f64::NAN);
    let half_broken = app(
        "src/half.md",
        "Half",
        &[stage("resume"), stage("hr_call")],
        OPEN,
        vec![
            ev("Sent Resume", Some(stage("resume")), Jalali, 1402, 3, 1),
            broken(
                "HR Call",
                Some(stage("hr_call")),
                "day 0 does not exist (days start at 1)",
            ),
        ],
    );
    let late_resume = app(
        "src/late.md",
        "Late",
        &[stage("resume"), stage("hr_call")],
        OPEN,
        vec![
            ev("Sent Resume", Some(stage("resume")), Jalali, 1402, 8, 20),
            ev("HR Call", Some(stage("hr_call")), Jalali, 1402, 8, 15),
        ],
    );
    let apps = vec![undated, half_broken, late_resume];
    let s = compute(
        &apps,
        &PACK,
        &StatsOptions {
            year: None,
            calendar: Some(Jalali),
        },
    );

    // Counted where possible.
    assert_eq!(s.documents, 3);
    assert_eq!(s.outcomes.by_key("rejected"), 1);
    assert_eq!(s.channels.get("LinkedIn"), Some(&1));
    assert_eq!(
        s.per_month.get("1402-03"),
        Some(&1),
        "half-broken is dated by its valid entry"
    );
    assert_eq!(
        s.per_month.get("1402-08"),
        Some(&1),
        "dated by its earliest entry"
    );
    assert!(s.scores.is_empty());

    let find = |path: &str, chart: &str| {
        s.excluded
            .iter()
            .find(|e| e.path == path && e.charts.iter().any(|c| c == chart))
            .map(|e| e.reason.clone())
    };
    let why = find("src/ghost.md", "per-month").expect("undated write-up listed for per-month");
    assert!(why.contains("no dates"), "{why}");
    assert!(find("src/ghost.md", "durations").is_some());
    let why = find("src/ghost.md", "scores").expect("NaN score listed");
    assert!(why.contains("NaN"), "{why}");
    let why = find("src/half.md", "durations").expect("invalid date listed");
    assert!(why.contains("'HR Call'") && why.contains("day 0"), "{why}");
    assert!(find("src/half.md", "per-month").is_none());
    let why = find("src/late.md", "durations").expect("out-of-order dates listed");
    assert!(
        why.contains("out of order") && why.contains("'HR Call' (1402-08-15)"),
        "{why}"
    );
    assert_eq!(s.excluded.len(), 4, "{:#?}", s.excluded);
    // No durations come out of these three.
    assert!(s.durations_days.is_empty(), "{:?}", s.durations_days);

    // Under a year filter an undated write-up cannot be placed at all.
    let s = compute(
        &apps,
        &PACK,
        &StatsOptions {
            year: Some(1402),
            calendar: Some(Jalali),
        },
    );
    assert_eq!(s.documents, 2);
    let e = s
        .excluded
        .iter()
        .find(|e| e.path == "src/ghost.md")
        .expect("listed");
    assert_eq!(e.charts, vec!["all".to_string()]);
    assert!(
        e.reason.contains("1402") && e.reason.contains("year is unknown"),
        "{}",
        e.reason
    );
}

#[test]
fn names_merge_case_variants_and_count_each_write_up_once() {
    let mut a = app("a.md", "Snapp", &[stage("resume")], OPEN, vec![]);
    a.channels = vec!["LinkedIn".into(), "linkedin".into()];
    a.platforms = vec!["Google Meet".into()];
    let mut b = app(
        "b.md",
        "snapp",
        &[stage("resume")],
        outcome("rejected"),
        vec![],
    );
    b.channels = vec![" LinkedIn ".into(), "Refer".into()];
    b.platforms = vec!["google meet".into(), "".into()];
    let mut c = app("c.md", "Digikala", &[stage("resume")], OPEN, vec![]);
    c.channels = vec!["Jobinja".into()];
    let s = compute(&[a, b, c], &PACK, &all());
    let channels: Vec<(&str, usize)> = s.channels.iter().map(|(k, n)| (k.as_str(), *n)).collect();
    assert_eq!(
        channels,
        vec![("LinkedIn", 2), ("Jobinja", 1), ("Refer", 1)]
    );
    assert_eq!(s.platforms.len(), 1);
    assert_eq!(s.platforms.get("Google Meet"), Some(&2));
    // The readable spelling wins even when outnumbered.
    let mut d = app("d.md", "X", &[stage("resume")], OPEN, vec![]);
    d.channels = vec!["quera".into()];
    let mut e = d.clone();
    e.channels = vec!["Quera".into()];
    let s2 = compute(&[d.clone(), d, e], &PACK, &all());
    assert_eq!(s2.channels.get("Quera"), Some(&3));
    assert_eq!(s.companies.len(), 2);
    assert_eq!(s.companies[0].outcomes.total(), 2);
    assert!(s.companies[0].name.eq_ignore_ascii_case("snapp"));
}

#[test]
fn funnel_follows_each_write_up_through_the_stages_it_reached() {
    let apps = vec![
        app(
            "1.md",
            "1",
            &[stage("resume"), stage("hr_call"), stage("technical")],
            outcome("rejected"),
            vec![],
        ),
        app("2.md", "2", &[stage("resume")], outcome("rejected"), vec![]),
        app(
            "3.md",
            "3",
            &[
                stage("resume"),
                stage("hr_call"),
                stage("hr_interview"),
                stage("technical"),
                stage("task"),
                stage("task_review"),
            ],
            outcome("accepted"),
            vec![],
        ),
        // A repeated technical interview is one stage reached.
        app(
            "4.md",
            "4",
            &[stage("resume"), stage("technical"), stage("technical")],
            OPEN,
            vec![],
        ),
    ];
    let s = compute(&apps, &PACK, &all());
    let f = &s.funnel;
    let id = |name: &str| f.nodes.iter().position(|n| n.id == name).unwrap();
    let link = |a: &str, b: &str| {
        f.links
            .iter()
            .find(|l| l.from == id(a) && l.to == id(b))
            .map(|l| l.count)
    };
    assert_eq!(f.nodes[id("technical")].count, 3);
    assert_eq!(s.reached("technical"), 3);
    assert_eq!(link("write_ups", "hr_call"), Some(2));
    assert_eq!(link("write_ups", "rejected"), Some(1));
    assert_eq!(link("write_ups", "technical"), Some(1));
    assert_eq!(link("hr_call", "technical"), Some(1));
    assert_eq!(link("hr_call", "hr_interview"), Some(1));
    assert_eq!(link("technical", "rejected"), Some(1));
    assert_eq!(link("technical", "open"), Some(1));
    assert_eq!(link("task_review", "accepted"), Some(1));
    assert_eq!(f.links.len(), 11);
    // Flow is conserved at every node.
    for (i, n) in f.nodes.iter().enumerate() {
        let inflow: usize = f.links.iter().filter(|l| l.to == i).map(|l| l.count).sum();
        let outflow: usize = f
            .links
            .iter()
            .filter(|l| l.from == i)
            .map(|l| l.count)
            .sum();
        if n.column > 0 {
            assert_eq!(inflow, n.count, "{}", n.id);
        }
        if n.column > 0 && n.column < 6 {
            assert_eq!(outflow, n.count, "{}", n.id);
        }
    }
}

/// All text content of an SVG (entities resolved), after checking that it
/// is well-formed XML with no `script` element and no character XML 1.0
/// forbids.
fn svg_text(svg: &str) -> String {
    assert!(
        !svg.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')),
        "control character in SVG"
    );
    let mut reader = Reader::from_str(svg);
    let mut text = String::new();
    let mut depth = 0i32;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => {
                assert_ne!(e.name().as_ref(), "script", "script element in SVG");
                depth += 1;
            }
            Ok(Event::Empty(e)) => assert_ne!(e.name().as_ref(), "script", "script element in SVG"),
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Text(t)) => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => {
                let name = r.xml10_content();
                text.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity &{other};"),
                });
            }
            Ok(_) => {}
            Err(e) => panic!(
                "SVG is not well-formed XML at {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "unclosed elements");
    text
}

fn hostile_apps() -> Vec<Application> {
    let mut a = app(
        "src/evil.md",
        "<script>alert(1)</script>",
        &[stage("resume"), stage("hr_call")],
        outcome("rejected"),
        vec![
            ev("Sent Resume", Some(stage("resume")), Jalali, 1402, 8, 2),
            ev("HR Call", Some(stage("hr_call")), Jalali, 1402, 8, 9),
        ],
    );
    a.channels = vec!["<b>Site</b>".into()];
    a.platforms = vec!["Zoom | Meet".into()];
    a.score = Some(4.5);
    let mut b = app(
        "src/amp.md",
        "A & B \"x\"",
        &[stage("resume")],
        OPEN,
        vec![ev("Sent Resume", Some(stage("resume")), Jalali, 1402, 9, 2)],
    );
    b.channels = vec!["LinkedIn".into()];
    b.score = Some(8.0);
    let mut c = app(
        "src/fa.md",
        "دیجی‌کالا 🚀\u{1}",
        &[stage("resume")],
        outcome("accepted"),
        vec![],
    );
    c.channels = vec!["Jobinja".into()];
    vec![a, b, c]
}

#[test]
fn every_svg_is_xml_and_shows_hostile_names_as_text() {
    let s = compute(&hostile_apps(), &PACK, &all());
    let charts = chart::render_all(&s).unwrap();
    assert_eq!(charts.len(), 7);
    for (name, svg) in &charts {
        let text = svg_text(svg);
        assert!(!text.is_empty(), "{name} has no text");
    }
    let outcomes = &charts.iter().find(|(n, _)| *n == "outcomes.svg").unwrap().1;
    assert!(
        outcomes.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "escaped once"
    );
    assert!(!outcomes.contains("&amp;lt;"), "escaped twice");
    let text = svg_text(outcomes);
    assert!(
        text.contains("<script>alert(1)</script>"),
        "the name reads as written"
    );
    assert!(text.contains("A & B \"x\""));
    assert!(
        text.contains("دیجی‌کالا 🚀"),
        "Persian and emoji kept as text"
    );
    let channels = svg_text(&charts.iter().find(|(n, _)| *n == "channels.svg").unwrap().1);
    assert!(channels.contains("<b>Site</b>"));
}

#[test]
fn readme_escapes_user_text() {
    let s = compute(&hostile_apps(), &PACK, &all());
    let md = render_readme(&s);
    assert!(!md.contains("<script"), "raw tag in README");
    assert!(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(md.contains("A &amp; B \"x\""));
    assert!(
        md.contains("Zoom \\| Meet"),
        "pipe would split the table cell"
    );
    assert!(!md.contains("<b>"));
    for name in chart::SVG_FILES {
        assert!(md.contains(&format!("]({name})")), "README shows {name}");
    }
    assert_eq!(escape_md("a_b*c[d]`e`\\"), "a\\_b\\*c\\[d\\]\\`e\\`\\\\");
}

#[test]
fn readme_reads_the_numbers() {
    let mut apps: Vec<Application> = (0..40)
        .map(|i| {
            app(
                &format!("{i}.md"),
                &format!("C{i}"),
                &[stage("resume")],
                outcome("rejected"),
                vec![],
            )
        })
        .collect();
    for a in apps.iter_mut().take(12) {
        a.stages = vec![stage("resume"), stage("hr_call"), stage("technical")];
    }
    apps[0].outcome = outcome("accepted");
    apps[1].outcome = outcome("accepted");
    let md = render_readme(&compute(&apps, &PACK, &all()));
    assert!(
        md.contains(
            "12 of 40 applications reached Technical interview; 2 accepted, 38 rejected, 0 declined, 0 open."
        ),
        "{md}"
    );
}

#[test]
fn empty_input_gives_no_data_charts_and_a_valid_page() {
    let s = compute(&[], &PACK, &all());
    assert_eq!(s.documents, 0);
    for (name, svg) in chart::render_all(&s).unwrap() {
        assert!(svg_text(&svg).contains("no data"), "{name} says no data");
    }
    let md = render_readme(&s);
    assert!(md.contains("No write-up has a score."));
}

#[test]
fn stats_json_has_the_documented_keys() {
    let s = compute(
        &hostile_apps(),
        &PACK,
        &StatsOptions {
            year: Some(1402),
            calendar: Some(Jalali),
        },
    );
    let v: serde_json::Value = serde_json::from_str(&s.to_json()).unwrap();
    for key in [
        "documents",
        "outcomes",
        "per_month",
        "channels",
        "platforms",
        "scores",
        "durations_days",
        "excluded",
        "year",
        "calendar",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["accepted", "rejected", "declined", "open"] {
        assert!(v["outcomes"].get(key).is_some(), "missing outcomes.{key}");
    }
    assert_eq!(v["year"], 1402);
    assert_eq!(v["calendar"], "jalali");
    assert_eq!(v["documents"], 2);
    assert_eq!(v["per_month"]["1402-08"], 1);
    assert_eq!(v["durations_days"]["Resume → first response"][0], 7);
    assert_eq!(v["excluded"][0]["path"], "src/fa.md");
}

#[test]
fn write_all_writes_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let s = compute(&hostile_apps(), &PACK, &all());
    let written = chart::write_all(&s, &dir.path().join("out")).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for name in chart::SVG_FILES.iter().chain(&["stats.json", "README.md"]) {
        assert!(names.iter().any(|n| n == name), "{name} written");
        assert!(dir.path().join("out").join(name).is_file());
    }
}

#[test]
fn sankey_labels_every_band_with_its_count() {
    let mut apps = Vec::new();
    // 7 to an HR call then rejected, 3 rejected at once, 2 through a
    // technical interview (skipping HR) to an offer.
    for i in 0..7 {
        apps.push(app(
            &format!("h{i}.md"),
            "H",
            &[stage("resume"), stage("hr_call")],
            outcome("rejected"),
            vec![],
        ));
    }
    for i in 0..3 {
        apps.push(app(
            &format!("r{i}.md"),
            "R",
            &[stage("resume")],
            outcome("rejected"),
            vec![],
        ));
    }
    for i in 0..2 {
        apps.push(app(
            &format!("t{i}.md"),
            "T",
            &[stage("resume"), stage("technical")],
            outcome("accepted"),
            vec![],
        ));
    }
    let s = compute(&apps, &PACK, &all());
    assert_eq!(s.funnel.links.len(), 5);
    let svg = jobmark::chart::sankey::render_sankey(&s).unwrap();
    let text = svg_text(&svg);
    let labels: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    // Band counts are drawn as lone numbers: 7 (→ HR call), 3 (→ rejected),
    // 2 (→ technical), 7 (HR call → rejected), 2 (technical → accepted).
    let mut counts: Vec<&str> = labels
        .iter()
        .copied()
        .filter(|l| l.parse::<usize>().is_ok())
        .collect();
    counts.sort();
    assert_eq!(counts, vec!["2", "2", "3", "7", "7"], "{labels:?}");
    assert!(labels.contains(&"10 (83%)"), "rejected node: {labels:?}");
}

#[test]
fn per_month_for_a_year_shows_all_twelve_months_and_long_spans_stay_drawable() {
    let apps = vec![resume_on("a.md", Jalali, 1403, 5, 10)];
    let svg = chart::render_per_month(&compute(
        &apps,
        &PACK,
        &StatsOptions {
            year: Some(1403),
            calendar: Some(Jalali),
        },
    ))
    .unwrap();
    let text = svg_text(&svg);
    for month in Jalali.month_names() {
        assert!(text.contains(month), "{month} on the axis");
    }
    // Two centuries apart: only the months with write-ups are drawn.
    let apps = vec![
        resume_on("old.md", Jalali, 1300, 1, 1),
        resume_on("new.md", Jalali, 1499, 12, 1),
    ];
    let svg = chart::render_per_month(&compute(&apps, &PACK, &all())).unwrap();
    let text = svg_text(&svg);
    assert!(text.contains("empty months left out"));
    assert!(svg.len() < 50_000, "not one bar per month for 200 years");
}

/// Records are plain data: ids of another pack (here the built-in pack's
/// sixth stage, handed to a pack of four) are left out, never a panic.
#[test]
fn records_with_ids_of_another_pack_do_not_panic() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/packs/takehome.toml"
    ))
    .unwrap();
    let small = Pack::from_toml(&text).unwrap();
    assert!(small.stages.len() < PACK.stages.len());
    let apps = vec![app(
        "a.md",
        "A",
        &[stage("resume"), stage("task"), stage("task_review")],
        outcome("declined"),
        vec![
            ev("Task", Some(stage("task")), Gregorian, 2025, 1, 1),
            ev(
                "Task Review",
                Some(stage("task_review")),
                Gregorian,
                2025,
                1,
                9,
            ),
        ],
    )];
    let s = compute(&apps, &small, &all());
    assert_eq!(s.documents, 1);
    assert_eq!(s.outcomes.total(), 1);
    for (_, svg) in chart::render_all(&s).unwrap() {
        assert!(svg.starts_with("<svg") || svg.starts_with("<?xml"));
    }
    let _ = render_readme(&s);
}
