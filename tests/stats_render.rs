//! Charts on generated data sets of 1, 40 and 300 write-ups (Persian and
//! emoji company names, mixed calendars, broken dates): every file is
//! written, every SVG is well-formed, sized with its rows, and the README
//! shows every chart.
//!
//! Set `JOBMARK_STATS_OUT=DIR` to keep the output in `DIR/<size>/` for
//! looking at it (e.g. converted with `rsvg-convert`).

use jobmark::calendar::{day_from_ymd, CalendarKind, Day};
use jobmark::chart;
use jobmark::pack::{OutcomeId, Pack, StageId};
use jobmark::stats::application::{Application, DatedEvent};
use jobmark::stats::{compute, StatsOptions};

/// The generated records are written against the built-in interview pack.
static PACK: std::sync::LazyLock<Pack> = std::sync::LazyLock::new(Pack::builtin);
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

/// A small deterministic generator (64-bit LCG), so runs are repeatable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const COMPANIES: &[&str] = &[
    "Digikala",
    "دیجی‌کالا",
    "Snapp",
    "اسنپ",
    "Cafe Bazaar",
    "کافه‌بازار",
    "Divar",
    "Tapsi",
    "Alibaba.ir",
    "sternx",
    "Yektanet",
    "Hamravesh",
    "ArvanCloud",
    "آروان‌کلاد",
    "Zarinpal",
    "🚀 Rocket Labs",
    "Some Extremely Long Company Name Incorporated International GmbH & Co. KG",
    "<script>alert(1)</script>",
    "A & B \"x\"",
    "Digicloud",
    "Sheypoor",
    "Filimo",
    "Aparat",
    "Okala",
    "Torob",
    "Basalam",
    "Namava",
    "Emalls",
    "Bale",
    "Rubika",
];
const CHANNELS: &[&str] = &[
    "LinkedIn",
    "linkedin",
    "Site",
    "Refer",
    "Jobinja",
    "Jobvision",
    "Quera",
    "Email",
];
const PLATFORMS: &[&str] = &[
    "Google Meet",
    "Skype",
    "Microsoft Teams",
    "Zoom",
    "In-person",
    "Phone",
    "google meet",
];

fn event(label: &str, stage: Option<StageId>, day: Day, cal: CalendarKind) -> DatedEvent {
    DatedEvent {
        label: label.to_string(),
        stage,
        is_outcome: stage.is_none(),
        day: Some(day),
        calendar: Some(cal),
        invalid: None,
    }
}

pub fn generate(n: usize, seed: u64) -> Vec<Application> {
    let mut rng = Rng(seed);
    let start = day_from_ymd(CalendarKind::Jalali, 1402, 1, 1).unwrap();
    let gregorian_from = day_from_ymd(CalendarKind::Gregorian, 2025, 1, 1).unwrap();
    (0..n)
        .map(|i| {
            let company = if n > 60 && i >= COMPANIES.len() {
                format!("Company {}", i % (n / 2))
            } else {
                COMPANIES[i % COMPANIES.len()].to_string()
            };
            let mut day = Day(start.0 + rng.below(760) as i64);
            let cal = if day >= gregorian_from {
                CalendarKind::Gregorian
            } else {
                CalendarKind::Jalali
            };
            let mut stages = vec![stage("resume")];
            let mut dated = vec![event("Sent Resume", Some(stage("resume")), day, cal)];
            let mut candidates = vec![];
            if rng.chance(55) {
                candidates.push((stage("hr_call"), "HR Call"));
            }
            if rng.chance(25) {
                candidates.push((stage("hr_interview"), "HR Interview"));
            }
            if rng.chance(60) {
                candidates.push((stage("technical"), "Technical Interview"));
                if rng.chance(25) {
                    candidates.push((stage("technical"), "2nd Technical Interview"));
                }
            }
            if rng.chance(35) {
                candidates.push((stage("task"), "Task"));
                if rng.chance(70) {
                    candidates.push((stage("task_review"), "Task Review"));
                }
            }
            let ghosted = candidates.is_empty() && rng.chance(40);
            for (stage, label) in candidates {
                day = Day(day.0 + 1 + rng.below(14) as i64);
                stages.push(stage);
                dated.push(event(label, Some(stage), day, cal));
            }
            let ending = match rng.below(100) {
                _ if ghosted => OPEN,
                0..=19 if stages.len() > 2 => outcome("accepted"),
                0..=59 => outcome("rejected"),
                60..=74 => outcome("declined"),
                _ => OPEN,
            };
            if ending != OPEN {
                day = Day(day.0 + 1 + rng.below(20) as i64);
                let label = if ending == outcome("accepted") {
                    "Offer"
                } else {
                    "Rejection Email"
                };
                dated.push(event(label, None, day, cal));
            }
            if i % 17 == 5 {
                // A placeholder only: no date at all.
                dated = vec![DatedEvent {
                    label: "Sent Resume".into(),
                    stage: Some(stage("resume")),
                    is_outcome: false,
                    day: None,
                    calendar: None,
                    invalid: None,
                }];
            } else if i % 23 == 7 && dated.len() > 1 {
                dated[1].day = None;
                dated[1].invalid = Some("day 0 does not exist (days start at 1)".into());
            }
            let channels = (0..1 + rng.below(2))
                .map(|_| CHANNELS[rng.below(CHANNELS.len() as u64) as usize].to_string())
                .collect();
            let platforms = if stages.len() > 1 {
                vec![PLATFORMS[rng.below(PLATFORMS.len() as u64) as usize].to_string()]
            } else {
                vec![]
            };
            let score = if rng.chance(80) {
                Some(rng.below(21) as f64 / 2.0)
            } else {
                None
            };
            Application {
                path: format!("src/app-{i}.md"),
                company,
                stages,
                outcome: ending,
                dated,
                channels,
                platforms,
                score,
            }
        })
        .collect()
}

fn svg_height(svg: &str) -> f64 {
    let start = svg.find("height=\"").expect("height") + 8;
    svg[start..].split('"').next().unwrap().parse().unwrap()
}

fn check(name: &str, size: usize, options: &StatsOptions) {
    let apps = generate(size, 7 + size as u64);
    let stats = compute(&apps, &PACK, options);
    let dir = match std::env::var_os("JOBMARK_STATS_OUT") {
        Some(d) => std::path::PathBuf::from(d).join(name),
        None => tempfile::tempdir().unwrap().keep(),
    };
    let written = chart::write_all(&stats, &dir).unwrap();
    assert_eq!(written.len(), 9);
    for (name, svg) in chart::render_all(&stats).unwrap() {
        let mut reader = quick_xml::Reader::from_str(&svg);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name} ({size} write-ups) is not XML: {e}"),
            }
        }
        assert!(!svg.contains("<script"), "{name}");
        if size > 1 {
            assert!(
                !svg.contains(">no data<"),
                "{name} has data at {size} write-ups"
            );
        }
    }
    // Every document is either counted or listed.
    let dated: usize = stats.per_month.iter().map(|(_, n)| n).sum();
    let undated = stats
        .excluded
        .iter()
        .filter(|e| e.charts.iter().any(|c| c == "per-month" || c == "all"))
        .count();
    assert_eq!(dated + undated + stats.other_years, size);
}

#[test]
fn one_write_up() {
    check("1", 1, &StatsOptions::default());
}

#[test]
fn forty_write_ups() {
    check("40", 40, &StatsOptions::default());
}

#[test]
fn three_hundred_write_ups() {
    check("300", 300, &StatsOptions::default());
}

#[test]
fn a_year_of_write_ups_in_gregorian_months() {
    check(
        "300-2024",
        300,
        &StatsOptions {
            year: Some(2024),
            calendar: Some(CalendarKind::Gregorian),
        },
    );
}

#[test]
fn outcome_rows_grow_with_companies_but_stop_at_the_cap() {
    let small = chart::render_outcomes(&compute(&generate(10, 1), &PACK, &StatsOptions::default()))
        .unwrap();
    let large =
        chart::render_outcomes(&compute(&generate(500, 1), &PACK, &StatsOptions::default()))
            .unwrap();
    let huge = chart::render_outcomes(&compute(
        &generate(2000, 1),
        &PACK,
        &StatsOptions::default(),
    ))
    .unwrap();
    assert!(svg_height(&large) > svg_height(&small) * 3.0);
    assert_eq!(
        svg_height(&large),
        svg_height(&huge),
        "capped at {} rows",
        chart::MAX_COMPANY_ROWS
    );
    assert!(large.contains("more with"), "the rest is summed");
}

#[test]
fn no_write_ups() {
    check("0", 0, &StatsOptions::default());
}
