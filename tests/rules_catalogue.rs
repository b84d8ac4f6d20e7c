//! The rule catalogue, rule by rule: every rule has a variation of a clean
//! write-up that triggers it and a near miss that must not. A rule added to
//! `jobmark::rules::ALL` without an entry here fails `table_covers_every_rule`.

use jobmark::calendar::{day_from_ymd, CalendarKind, Day};
use jobmark::config::FileSettings;
use jobmark::diagnostic::Finding;
use jobmark::lint::lint_bytes;
use jobmark::pack::Pack;

/// A clean Solar Hijri write-up: zero findings at 2026-11-25.
const BASE: &str = r#"# [Snappfood](https://snappfood.ir/)

### Status
#### 📜📞🔧📝⚖️❌
## Python Developer (Backend)
### Interview Process
```mermaid
flowchart LR
    sr(Sent Resume) --> hr(HR Call) --> ti(Technical Interview) --> t(Task) --> tr(Task Review) -- rejected --x o(Offer)
```

### Apply Way
Jobinja & Site

### Interview Date
- **Sent Resume** <br />1402.06.12

- **HR Call** <br />1402.06.20

- **Technical Interview** <br />1402.06.27 AT 11 AM

- **Task** <br />They sent 1402.07.01 <br />I sent 1402.07.06

- **Task Review** <br />1402.07.15 AT 3 PM

- **Rejection Email** <br />1402.07.22

### Interview Duration
- **HR Call** <br />20 minutes

- **Technical Interview** <br />1 hour & 15 minutes

- **Task** <br />5 days

- **Task Review** <br />45 minutes

### Interview Platform
Google Meet

### Technical Interview
Two engineers from the backend team.

- Tell us about yourself.
- What is the GIL?

### Task
A small order-tracking service with a REST API.

### Task Review
We walked through the code.

### Score
<h4><mark style="background-color:#ff9800">6.5/10</mark></h4>
"#;

/// The same process in Gregorian dates (newer files).
const BASE_GREGORIAN: &str = r#"# [Zalando](https://zalando.com/)

### Status
#### 📜📞🔧❎
## Rust Engineer (Platform)
### Interview Process
```mermaid
flowchart LR
    sr(Sent Resume) --> hr(HR Call) --> ti(Technical Interview) --> o(Offer) -.-> d(Declined)
```

### Apply Way
LinkedIn

### Interview Date
- **Sent Resume** <br />2025/06/30

- **HR Call** <br />2025/07/08

- **Technical Interview** <br />2025/07/21 AT 2 PM

- **Offer** <br />2025/07/29

- **Declined** <br />2025/08/02

### Interview Duration
- **HR Call** <br />30 minutes

- **Technical Interview** <br />1 hour & 30 minutes

### Interview Platform
Microsoft Teams

### Technical Interview
Ownership and lifetimes.

### Score
<h4><mark style="background-color:#4caf50">8/10</mark></h4>
"#;

fn today() -> Day {
    day_from_ymd(CalendarKind::Gregorian, 2026, 11, 25).unwrap()
}

/// Findings of `bytes` as a write-up; panics when it is not one.
fn lint(bytes: &[u8]) -> (String, Vec<Finding>) {
    let linted = lint_bytes(
        "case.md",
        bytes,
        &Pack::builtin(),
        &FileSettings::default(),
        today(),
    )
    .expect("the variation is still a write-up");
    (
        linted.report.text.to_string(),
        linted.report.findings.clone(),
    )
}

/// `text` with the first `from` replaced by `to`; `from` must occur.
fn sub(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "fixture does not contain {from:?}");
    text.replacen(from, to, 1)
}

fn sub_all(text: &str, pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .fold(text.to_string(), |t, (f, r)| sub(&t, f, r))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

fn describe(text: &str, findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{} {} {:?}",
                line_of(text, f.span.start),
                f.code,
                f.message,
                &text[f.span.clone()]
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

type Variation = fn(&str) -> Vec<u8>;

struct Case {
    code: &'static str,
    /// Triggers `code`.
    bad: Variation,
    /// A near miss (or the repaired text): must not trigger `code`.
    good: Variation,
    /// Line and exact text of the finding's span in the bad variation.
    at: Option<(usize, &'static str)>,
}

macro_rules! s {
    ($($from:expr => $to:expr),* $(,)?) => {
        |base: &str| sub_all(base, &[$(($from, $to)),*]).into_bytes()
    };
}

fn unchanged(base: &str) -> Vec<u8> {
    base.as_bytes().to_vec()
}

/// UTF-8 read as windows-1252 and saved again as UTF-8.
fn garble(text: &str) -> String {
    let (garbled, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
    garbled.into_owned()
}

const STATUS: &str = "#### 📜📞🔧📝⚖️❌";

fn cases() -> Vec<Case> {
    vec![
        Case {
            code: "JM001",
            bad: |b| {
                let mut bytes = b.as_bytes().to_vec();
                let at = b.find("Two engineers").unwrap();
                bytes.insert(at, 0xFF);
                bytes
            },
            good: s!("Two engineers" => "Twó engineers"),
            at: Some((41, "\u{FFFD}")),
        },
        Case {
            code: "JM002",
            bad: |b| sub(b, STATUS, &garble(STATUS)).into_bytes(),
            good: s!("Two engineers from the backend team." => "مصاحبه فنی با دو نفر از تیم بک‌اند بود."),
            at: None,
        },
        Case {
            code: "JM003",
            bad: |b| [b"\xEF\xBB\xBF".as_slice(), b.as_bytes()].concat(),
            good: s!("Two engineers" => "Two\u{FEFF} engineers"),
            at: Some((1, "\u{FEFF}")),
        },
        Case {
            code: "JM004",
            bad: |b| b.replace('\n', "\r\n").into_bytes(),
            good: s!("Two engineers" => "Two\rengineers"),
            at: Some((1, "\r")),
        },
        Case {
            code: "JM005",
            // Over the default limit of 4 MiB: reported, not parsed (the
            // report holds no text, so the span is the empty start).
            bad: |b| format!("{b}{}", "padding\n".repeat(600_000)).into_bytes(),
            good: unchanged,
            at: Some((1, "")),
        },
        Case {
            code: "JM101",
            bad: s!("### Interview Platform\nGoogle Meet\n\n" => ""),
            good: s!("### Interview Platform\n" => "### Platform\n"),
            at: Some((3, "### Status")),
        },
        Case {
            code: "JM102",
            bad: s!(
                "### Apply Way\nJobinja & Site\n\n" => "",
                "### Interview Platform\nGoogle Meet\n" => "### Interview Platform\nGoogle Meet\n\n### Apply Way\nJobinja & Site\n",
            ),
            // Stage sections share one slot: any order among them is fine.
            good: s!(
                "### Task Review\nWe walked through the code.\n\n" => "",
                "### Technical Interview\n" => "### Task Review\nWe walked through the code.\n\n### Technical Interview\n",
            ),
            at: Some((37, "### Apply Way")),
        },
        Case {
            code: "JM103",
            bad: s!("### Score" => "## Score"),
            good: s!("### Score" => "### Score ###"),
            at: Some((52, "## Score")),
        },
        Case {
            code: "JM104",
            bad: s!("### Task Review\n" => "### Task\nMore about the task.\n\n### Task Review\n"),
            // Two technical interviews on the status line allow two sections.
            good: s!(
                "🔧📝" => "🔧🔧📝",
                "- **Task** <br />They" => "- **Second Technical Interview** <br />1402.06.29\n\n- **Task** <br />They",
                "### Task\n" => "### Second Technical Interview\nSystem design.\n\n### Task\n",
            ),
            at: Some((49, "### Task")),
        },
        Case {
            code: "JM105",
            bad: s!("### Interview Platform\nGoogle Meet\n" => "### Interview Platform\n"),
            good: s!("### Interview Platform\nGoogle Meet\n" => "### Interview Platform\n- Google Meet\n"),
            at: Some((37, "### Interview Platform")),
        },
        Case {
            code: "JM106",
            bad: s!("\n### Status" => "# Snappfood Group\n\n### Status"),
            good: s!("- What is the GIL?\n" => "- What is the GIL?\n\n```\n# Snappfood Group\n```\n"),
            at: Some((2, "# Snappfood Group")),
        },
        Case {
            code: "JM107",
            bad: s!("(https://snappfood.ir/)" => "(snappfood.ir)"),
            good: s!("(https://snappfood.ir/)" => "(http://snappfood.ir/)"),
            at: Some((1, "snappfood.ir")),
        },
        Case {
            code: "JM108",
            bad: s!("### Apply Way" => "### Apply way"),
            good: s!("### Apply Way" => "### Apply Way:"),
            at: Some((12, "Apply way")),
        },
        Case {
            code: "JM109",
            bad: |b| format!("\n{b}").into_bytes(),
            good: |b| format!("<!-- jobmark-disable-file JM999 -->\n{b}").into_bytes(),
            at: Some((1, "\n")),
        },
        Case {
            code: "JM110",
            bad: s!("```mermaid" => "```text"),
            good: s!("flowchart LR" => "graph LR"),
            at: Some((6, "### Interview Process")),
        },
        Case {
            code: "JM111",
            bad: s!("A small order-tracking service with a REST API.\n\n" => "<p dir=\"rtl\">\nتسک\n</p>\n"),
            good: s!("A small order-tracking service with a REST API.\n\n" => "<p dir=\"rtl\">\nتسک\n</p>\n\n"),
            at: Some((50, "### Task Review")),
        },
        Case {
            code: "JM112",
            // A placeholder alone is a to-do; a placeholder among notes is
            // just a word.
            bad: s!("Google Meet\n" => "TBD\n"),
            good: s!("We walked through the code.\n" => "We walked through the code. TBD: the feedback.\n"),
            at: Some((37, "### Interview Platform")),
        },
        Case {
            code: "JM201",
            bad: s!(STATUS => "####"),
            good: s!(STATUS => "📜📞🔧📝⚖️❌"),
            at: None,
        },
        Case {
            code: "JM202",
            bad: s!("⚖️❌" => "⚖️🎉❌"),
            // U+2696 without its variation selector is the same legend entry.
            good: s!("⚖️❌" => "⚖❌"),
            at: Some((4, "🎉")),
        },
        Case {
            code: "JM203",
            bad: s!("📜📞🔧📝⚖️❌" => "📜📞🔧📝❌⚖️"),
            good: unchanged,
            at: Some((4, "❌")),
        },
        Case {
            code: "JM204",
            bad: s!("⚖️❌" => "⚖️❌✅"),
            good: unchanged,
            at: Some((4, "✅")),
        },
        Case {
            code: "JM205",
            bad: s!("⚖️❌" => "⚖️", "\n\n- **Rejection Email** <br />1402.07.22" => ""),
            good: unchanged,
            at: Some((4, "📜📞🔧📝⚖️")),
        },
        Case {
            code: "JM301",
            bad: s!("<br />1402.07.22" => "<br />soon"),
            good: s!("<br />1402.07.22" => "<br />IDK"),
            at: Some((26, "**Rejection Email** <br />soon")),
        },
        Case {
            code: "JM302",
            bad: s!("1402.07.22" => "1402.07.31"),
            good: s!("1402.07.22" => "1402.07.30"),
            at: Some((26, "1402.07.31")),
        },
        Case {
            code: "JM303",
            bad: s!("1402.07.22" => "1402.07."),
            good: unchanged,
            at: Some((26, "1402.07.")),
        },
        Case {
            code: "JM304",
            bad: s!("1402.07.22" => "Ghosting"),
            good: unchanged,
            at: Some((26, "Ghosting")),
        },
        Case {
            code: "JM305",
            bad: s!("1402.06.12" => "1402.06.22"),
            good: s!("1402.06.12" => "1402.06.20"),
            at: Some((18, "1402.06.20")),
        },
        Case {
            code: "JM306",
            // 2026-11-25 is 1405.09.04.
            bad: s!("1402.07.22" => "1405.09.05"),
            good: s!("1402.07.22" => "1405.09.04"),
            at: Some((26, "1405.09.05")),
        },
        Case {
            code: "JM307",
            bad: s!("1402.07.22" => "2023/10/14"),
            good: unchanged,
            at: Some((26, "2023/10/14")),
        },
        Case {
            code: "JM308",
            bad: s!("1402.07.22" => "1402/07/22"),
            good: unchanged,
            at: Some((26, "1402/07/22")),
        },
        Case {
            code: "JM309",
            bad: s!("**Sent Resume**" => "**Send Resume**"),
            good: s!("**Sent Resume**" => "**Sent Resume (via Jobinja)**"),
            at: Some((16, "Send Resume")),
        },
        Case {
            code: "JM310",
            bad: s!("- **HR Call** <br />20" => "- **Coffee Chat** <br />20"),
            good: s!("- **HR Call** <br />20" => "- **HR Call (Skype voice chat)** <br />20"),
            at: Some((29, "Coffee Chat")),
        },
        Case {
            code: "JM401",
            bad: s!("- **Task Review** <br />1402.07.15 AT 3 PM\n\n" => ""),
            good: unchanged,
            at: Some((4, "⚖️")),
        },
        Case {
            code: "JM402",
            bad: s!("⚖️❌" => "❌"),
            good: unchanged,
            at: Some((24, "Task Review")),
        },
        Case {
            code: "JM403",
            bad: s!("### Task Review\nWe walked through the code.\n\n" => ""),
            good: s!("### Task Review\n" => "### Task Review Interview\n"),
            at: Some((4, "⚖️")),
        },
        Case {
            code: "JM404",
            bad: s!("⚖️❌" => "⚖️❎"),
            good: s!("⚖️❌" => "⚖️❎", "**Rejection Email**" => "**Response Email**"),
            at: Some((4, "❎")),
        },
        Case {
            code: "JM501",
            bad: s!(r##"<h4><mark style="background-color:#ff9800">6.5/10</mark></h4>"## => "No score yet."),
            good: unchanged,
            at: Some((52, "### Score")),
        },
        Case {
            code: "JM502",
            bad: s!(r##"#ff9800">"## => r##"#ff9800"; color:#ffffff">"##),
            good: s!(r##"#ff9800">"## => r##"#ff9800; color:#ffffff">"##),
            at: Some((53, "\"")),
        },
        Case {
            code: "JM503",
            bad: s!("6.5/10" => "6.3/10"),
            good: s!("6.5/10" => "5/10"),
            at: Some((53, "6.3")),
        },
        Case {
            code: "JM504",
            bad: s!("#ff9800" => "#4caf50"),
            // An older generator's colour for the same band.
            good: s!("#ff9800" => "#FFD700"),
            at: Some((53, "#4caf50")),
        },
        Case {
            code: "JM601",
            bad: s!("Jobinja & Site" => "Jobinja & site"),
            good: s!("Jobinja & Site" => "Jobinja and Site"),
            at: Some((13, "site")),
        },
        Case {
            code: "JM602",
            bad: s!("Jobinja & Site" => "Jobinja & Telegram"),
            good: s!("Jobinja & Site" => "Jobinja & Quera"),
            at: Some((13, "Telegram")),
        },
        Case {
            code: "JM603",
            bad: s!("Google Meet\n" => "google meet\n"),
            good: s!("Google Meet\n" => "Google Meet, Zoom\n"),
            at: Some((38, "google meet")),
        },
        Case {
            code: "JM604",
            bad: s!("Google Meet\n" => "Discord\n"),
            good: s!("Google Meet\n" => "Skyroom\n"),
            at: Some((38, "Discord")),
        },
        Case {
            code: "JM901",
            bad: s!("Google Meet\n" => "<!-- jobmark-disable-next-line unknown-platfrom -->\nDiscord\n"),
            good: s!("Google Meet\n" => "<!-- jobmark-disable-next-line Unknown-Platform -->\nDiscord\n"),
            at: Some((38, "unknown-platfrom")),
        },
        Case {
            code: "JM902",
            bad: s!("Google Meet\n" => "<!-- jobmark-disable-next-line JM604 -->\nGoogle Meet\n"),
            good: s!("Google Meet\n" => "<!-- jobmark-disable-next-line JM604 -->\nDiscord\n"),
            at: Some((38, "JM604")),
        },
    ]
}

#[test]
fn the_bases_are_clean() {
    for base in [BASE, BASE_GREGORIAN] {
        let (text, findings) = lint(base.as_bytes());
        assert!(findings.is_empty(), "{}", describe(&text, &findings));
    }
}

#[test]
fn table_covers_every_rule() {
    let table: Vec<&str> = cases().iter().map(|c| c.code).collect();
    for rule in jobmark::rules::ALL {
        let code = rule.meta().code;
        assert_eq!(
            table.iter().filter(|c| **c == code).count(),
            1,
            "{code} needs exactly one (bad, good) pair in the table"
        );
    }
    assert_eq!(
        table.len(),
        jobmark::rules::ALL.len(),
        "codes that are no rule"
    );
}

fn check(base: &str, case: &Case) -> Vec<String> {
    let mut failures = Vec::new();
    let (text, findings) = lint(&(case.bad)(base));
    let hits: Vec<&Finding> = findings.iter().filter(|f| f.code == case.code).collect();
    if hits.is_empty() {
        failures.push(format!(
            "{}: bad variation does not trigger it; findings:\n{}",
            case.code,
            describe(&text, &findings)
        ));
    } else if let Some((line, span_text)) = case.at {
        let found = hits
            .iter()
            .any(|f| line_of(&text, f.span.start) == line && &text[f.span.clone()] == span_text);
        if !found {
            failures.push(format!(
                "{}: expected at line {line} on {span_text:?}; got:\n{}",
                case.code,
                describe(&text, &findings)
            ));
        }
    }
    let (text, findings) = lint(&(case.good)(base));
    if findings.iter().any(|f| f.code == case.code) {
        failures.push(format!(
            "{}: good variation triggers it:\n{}",
            case.code,
            describe(&text, &findings)
        ));
    }
    failures
}

#[test]
fn every_rule_fires_on_its_bad_variation_and_not_on_its_good_one() {
    let failures: Vec<String> = cases().iter().flat_map(|c| check(BASE, c)).collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// Date rules on the Gregorian base: the calendar is told by the year.
#[test]
fn gregorian_date_rules() {
    let cases = [
        Case {
            code: "JM302",
            bad: s!("2025/07/29" => "2025/02/29"),
            good: s!("2025/07/29" => "2025/07/31"),
            at: None,
        },
        Case {
            code: "JM308",
            bad: s!("2025/07/29" => "2025-7-29"),
            good: unchanged,
            at: Some((22, "2025-7-29")),
        },
        Case {
            code: "JM305",
            bad: s!("2025/07/08" => "2025/06/29"),
            good: s!("2025/07/08" => "2025/06/30"),
            at: Some((18, "2025/06/29")),
        },
        Case {
            code: "JM306",
            bad: s!("2025/08/02" => "2026/11/26"),
            good: s!("2025/08/02" => "2026/11/25"),
            at: Some((24, "2026/11/26")),
        },
        Case {
            code: "JM301",
            bad: s!("2025/07/08" => "08/07/2025"),
            good: unchanged,
            at: Some((18, "08/07/2025")),
        },
        Case {
            code: "JM307",
            // 2025/07/08 is 1404.04.17.
            bad: s!("2025/07/08" => "1404.04.17"),
            good: unchanged,
            at: Some((18, "1404.04.17")),
        },
        Case {
            code: "JM404",
            bad: s!("🔧❎" => "🔧✅"),
            good: unchanged,
            at: Some((4, "✅")),
        },
    ];
    let failures: Vec<String> = cases
        .iter()
        .flat_map(|c| check(BASE_GREGORIAN, c))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn markdown_without_the_status_heading_is_not_a_write_up() {
    let readme = "# Interviews\n\nSee the write-ups.\n\n## Statistics\n";
    assert!(lint_bytes(
        "README.md",
        readme.as_bytes(),
        &Pack::builtin(),
        &FileSettings::default(),
        today()
    )
    .is_none());
    let fenced = "# Notes\n```\n### Status\n```\n";
    assert!(lint_bytes(
        "n.md",
        fenced.as_bytes(),
        &Pack::builtin(),
        &FileSettings::default(),
        today()
    )
    .is_none());
}

fn codes_of(text: &str) -> Vec<&'static str> {
    lint(text.as_bytes()).1.iter().map(|f| f.code).collect()
}

#[test]
fn score_bands_at_their_boundaries() {
    let tag = r##"<h4><mark style="background-color:#ff9800">6.5/10</mark></h4>"##;
    for (score, colour, ok) in [
        ("10", "#4caf50", true),
        ("8", "#4caf50", true),
        ("8", "#54CA56", true),
        ("8", "#ff9800", false),
        ("7.5", "#ff9800", true),
        ("7.5", "#4caf50", false),
        ("5", "#ffd700", true),
        ("5", "#f44336", false),
        ("4.5", "#DC3545", true),
        ("4.5", "#ff9800", false),
        ("0", "#f44336", true),
    ] {
        let text = sub(
            BASE,
            tag,
            &format!(r#"<h4><mark style="background-color:{colour}">{score}/10</mark></h4>"#),
        );
        let codes = codes_of(&text);
        assert_eq!(
            !codes.contains(&"JM504"),
            ok,
            "{score}/10 in {colour}: {codes:?}"
        );
        assert!(!codes.contains(&"JM503"), "{score}: {codes:?}");
    }
    for bad in ["10.5", "-1", "7.25"] {
        let text = sub(BASE, "6.5/10", &format!("{bad}/10"));
        assert!(codes_of(&text).contains(&"JM503"), "{bad}");
    }
}

#[test]
fn solar_hijri_leap_years_and_punctuation() {
    // 1403 is a leap year: Esfand has 30 days; 1402's has 29.
    let leap = sub(BASE, "1402.07.22", "1403.12.30");
    assert!(!codes_of(&leap).contains(&"JM302"), "{:?}", codes_of(&leap));
    let not_leap = sub(BASE, "1402.07.22", "1402.12.30");
    assert!(codes_of(&not_leap).contains(&"JM302"));
    // Gregorian punctuation on a Solar Hijri date: fixed to dots.
    let slashed = sub(BASE, "1402.07.22", "1402/07/22");
    let (_, findings) = lint(slashed.as_bytes());
    let finding = findings.iter().find(|f| f.code == "JM308").expect("JM308");
    let fix = finding.fix.as_ref().expect("a fix");
    let fixed = jobmark::fix::apply(&slashed, [fix], false).text;
    assert_eq!(fixed, BASE);
    // Persian digits are digits.
    let persian = sub(BASE, "1402.07.22", "۱۴۰۲.۰۷.۲۲");
    assert!(
        !codes_of(&persian).contains(&"JM301"),
        "{:?}",
        codes_of(&persian)
    );
}

#[test]
fn label_spellings_that_carry_information_are_not_drift() {
    for label in [
        "1st Technical Interview",
        "Technical Interview I (On-site)",
        "Technical Interview (Live coding)",
    ] {
        let text = sub(
            BASE,
            "**Technical Interview** <br />1402.06.27",
            &format!("**{label}** <br />1402.06.27"),
        );
        let codes = codes_of(&text);
        assert!(
            !codes.contains(&"JM309") && !codes.contains(&"JM310"),
            "{label}: {codes:?}"
        );
    }
    let drift = sub(BASE, "**Rejection Email**", "**Rejection Letter**");
    assert!(codes_of(&drift).contains(&"JM309"));
}
