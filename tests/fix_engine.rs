//! Properties of the fix engine over generated texts (ASCII, emoji with and
//! without variation selectors, Persian) and generated fixes, plus the
//! on-disk guarantees of `write_atomic`.

use std::ops::Range;

use jobmark::diagnostic::{Applicability, Edit, Fix};
use jobmark::fix::{apply, unified_diff, write_atomic, Applied, FixError};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "a",
            "b",
            " ",
            "\n",
            "\r\n",
            "📜",
            "⚖️",
            "مصاحبه",
            "۱۴۰۲",
            "é",
            "#",
        ]),
        0..30,
    )
    .prop_map(|parts| parts.concat())
}

fn boundaries(text: &str) -> Vec<usize> {
    (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .collect()
}

fn replacement() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["", "x", "📜", "⚖️", "ی", "\n", "yy"]).prop_map(String::from)
}

fn applicability() -> impl Strategy<Value = Applicability> {
    prop::sample::select(vec![
        Applicability::Safe,
        Applicability::Safe,
        Applicability::Unsafe,
        Applicability::DisplayOnly,
    ])
}

/// A text with fixes whose edits are on character boundaries but may
/// overlap, touch, or nest across fixes. Within a fix, edits are disjoint
/// (as a rule would make them).
fn text_and_fixes() -> impl Strategy<Value = (String, Vec<Fix>)> {
    text().prop_flat_map(|text| {
        let points = boundaries(&text);
        let n = points.len();
        let edit = (0..n, 0..n, replacement()).prop_map({
            let points = points.clone();
            move |(a, b, replacement)| {
                let (a, b) = (a.min(b), a.max(b));
                Edit {
                    range: points[a]..points[b],
                    replacement,
                }
            }
        });
        let fix = (prop::collection::vec(edit, 1..3), applicability()).prop_map(
            |(mut edits, applicability)| {
                edits.sort_by_key(|e| (e.range.start, e.range.end));
                // Keep a fix internally consistent: drop edits that clash with
                // an earlier one of the same fix.
                let mut kept: Vec<Edit> = Vec::new();
                for edit in edits {
                    if kept.iter().all(|k| !clash(&k.range, &edit.range)) {
                        kept.push(edit);
                    }
                }
                Fix {
                    title: "t".into(),
                    applicability,
                    edits: kept,
                }
            },
        );
        (Just(text), prop::collection::vec(fix, 0..6))
    })
}

/// A text with fixes that are disjoint by construction, gaps between them.
fn text_and_disjoint_fixes() -> impl Strategy<Value = (String, Vec<Fix>)> {
    text().prop_flat_map(|text| {
        let points = boundaries(&text);
        let n = points.len();
        (
            Just(text),
            prop::collection::btree_set(0..n, 0..=n.min(8)),
            prop::collection::vec((replacement(), any::<bool>()), 4),
        )
            .prop_map(move |(text, chosen, replacements)| {
                let chosen: Vec<usize> = chosen.into_iter().map(|i| points[i]).collect();
                let fixes = chosen
                    .chunks_exact(2)
                    .zip(replacements)
                    .map(|(pair, (replacement, insert))| {
                        let range = if insert {
                            pair[0]..pair[0]
                        } else {
                            pair[0]..pair[1]
                        };
                        Fix::safe("t", vec![Edit { range, replacement }])
                    })
                    .collect();
                (text, fixes)
            })
    })
}

/// The engine's notion of "cannot both apply", restated for the tests:
/// overlapping ranges, or an insertion touching another edit.
fn clash(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end)
        || ((a.is_empty() || b.is_empty()) && a.start <= b.end && b.start <= a.end)
}

fn fixes_clash(a: &Fix, b: &Fix) -> bool {
    a.edits
        .iter()
        .any(|x| b.edits.iter().any(|y| clash(&x.range, &y.range)))
}

fn accepted_edits<'f>(fixes: &'f [Fix], applied: &Applied) -> Vec<&'f Edit> {
    let mut edits: Vec<&Edit> = applied
        .applied
        .iter()
        .flat_map(|&i| &fixes[i].edits)
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn bytes_outside_accepted_edits_are_unchanged(
        (text, fixes) in text_and_fixes(),
        allow_unsafe in any::<bool>(),
    ) {
        let applied = apply(&text, &fixes, allow_unsafe);
        let output = applied.text.as_bytes();
        // Walk the original's gaps between accepted edits and find each one
        // verbatim at the place the replacements before it push it to.
        let mut original_cursor = 0;
        let mut output_cursor = 0;
        for edit in accepted_edits(&fixes, &applied) {
            let gap = &text.as_bytes()[original_cursor..edit.range.start];
            prop_assert_eq!(&output[output_cursor..output_cursor + gap.len()], gap);
            output_cursor += gap.len();
            prop_assert_eq!(
                &output[output_cursor..output_cursor + edit.replacement.len()],
                edit.replacement.as_bytes()
            );
            output_cursor += edit.replacement.len();
            original_cursor = edit.range.end;
        }
        prop_assert_eq!(&output[output_cursor..], &text.as_bytes()[original_cursor..]);
    }

    #[test]
    fn result_does_not_depend_on_input_order(
        ((text, fixes), order) in text_and_fixes().prop_flat_map(|(text, fixes)| {
            let order = Just((0..fixes.len()).collect::<Vec<_>>()).prop_shuffle();
            (Just((text, fixes)), order)
        }),
        allow_unsafe in any::<bool>(),
    ) {
        let shuffled: Vec<&Fix> = order.iter().map(|&i| &fixes[i]).collect();
        let a = apply(&text, &fixes, allow_unsafe);
        let b = apply(&text, shuffled.iter().copied(), allow_unsafe);
        prop_assert_eq!(&a.text, &b.text);
        let mut applied_a: Vec<&Fix> = a.applied.iter().map(|&i| &fixes[i]).collect();
        let mut applied_b: Vec<&Fix> = b.applied.iter().map(|&i| shuffled[i]).collect();
        let key = |f: &&Fix| format!("{:?}", f);
        applied_a.sort_by_key(key);
        applied_b.sort_by_key(key);
        prop_assert_eq!(applied_a, applied_b);
    }

    #[test]
    fn clashing_fixes_are_never_both_applied_and_skips_are_justified(
        (text, fixes) in text_and_fixes(),
        allow_unsafe in any::<bool>(),
    ) {
        let applied = apply(&text, &fixes, allow_unsafe);
        for (n, &i) in applied.applied.iter().enumerate() {
            for &j in &applied.applied[n + 1..] {
                prop_assert!(!fixes_clash(&fixes[i], &fixes[j]), "both {i} and {j} applied");
            }
            prop_assert!(fixes[i].applicability != Applicability::DisplayOnly);
            prop_assert!(allow_unsafe || fixes[i].applicability == Applicability::Safe);
        }
        // Skipped for overlap means: it clashes with something applied.
        for &i in &applied.skipped_overlapping {
            prop_assert!(applied.applied.iter().any(|&j| fixes_clash(&fixes[i], &fixes[j])));
        }
        // Every fix is accounted for exactly once.
        let mut all: Vec<usize> = [
            &applied.applied,
            &applied.skipped_overlapping,
            &applied.skipped_unsafe,
            &applied.display_only,
            &applied.skipped_invalid,
        ]
        .into_iter()
        .flatten()
        .copied()
        .collect();
        all.sort_unstable();
        prop_assert_eq!(all, (0..fixes.len()).collect::<Vec<_>>());
    }

    #[test]
    fn disjoint_safe_fixes_are_all_applied((text, fixes) in text_and_disjoint_fixes()) {
        let applied = apply(&text, &fixes, false);
        prop_assert_eq!(applied.applied, (0..fixes.len()).collect::<Vec<_>>());
        // Same result as applying them one by one from the end.
        let mut expected = text.clone();
        let mut edits: Vec<&Edit> = fixes.iter().flat_map(|f| &f.edits).collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        for edit in edits {
            expected.replace_range(edit.range.clone(), &edit.replacement);
        }
        prop_assert_eq!(applied.text, expected);
    }

    /// Edits inside a character or past the end are refused, not clamped:
    /// the fix is wrong, and guessing would corrupt the text.
    #[test]
    fn invalid_edits_never_panic_and_change_nothing(
        text in text(),
        start in 0usize..120,
        len in 0usize..10,
    ) {
        let range = start..start + len;
        let valid = range.end <= text.len()
            && text.is_char_boundary(range.start)
            && text.is_char_boundary(range.end);
        let fix = Fix::safe("t", vec![Edit { range, replacement: "z".into() }]);
        let applied = apply(&text, [&fix], false);
        if valid {
            prop_assert_eq!(applied.applied, vec![0]);
        } else {
            prop_assert_eq!(applied.skipped_invalid, vec![0]);
            prop_assert_eq!(applied.text, text);
        }
    }
}

#[test]
fn write_atomic_replaces_content_and_leaves_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.md");
    std::fs::write(&path, "Status: pendng\n").unwrap();
    let original = std::fs::read(&path).unwrap();
    write_atomic(&path, &original, "Status: pending 📜\n").unwrap();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Status: pending 📜\n"
    );
    assert_eq!(entries(dir.path()), vec!["acme.md"]);
}

#[test]
fn write_atomic_refuses_a_file_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("acme.md");
    std::fs::write(&path, "one\n").unwrap();
    let original = std::fs::read(&path).unwrap();
    std::fs::write(&path, "one, edited in an editor meanwhile\n").unwrap();
    let error = write_atomic(&path, &original, "fixed\n").unwrap_err();
    assert!(matches!(error, FixError::Changed { .. }), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("changed on disk since it was read"),
        "{error}"
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "one, edited in an editor meanwhile\n"
    );
    assert_eq!(entries(dir.path()), vec!["acme.md"]);
}

#[test]
fn write_atomic_reports_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let error = write_atomic(&dir.path().join("gone.md"), b"x", "y").unwrap_err();
    assert!(matches!(error, FixError::Io { .. }), "{error:?}");
    assert!(entries(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn write_atomic_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o600, 0o640, 0o755] {
        let path = dir.path().join(format!("f{mode:o}.md"));
        std::fs::write(&path, "a\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        write_atomic(&path, b"a\n", "b\n").unwrap();
        let got = std::fs::metadata(&path).unwrap().permissions().mode() & 0o7777;
        assert_eq!(got, mode, "mode of {}", path.display());
    }
}

#[cfg(unix)]
#[test]
fn write_atomic_refuses_a_symlink_and_leaves_both_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.md");
    let link = dir.path().join("link.md");
    std::fs::write(&target, "a\n").unwrap();
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let error = write_atomic(&link, b"a\n", "b\n").unwrap_err();
    assert!(matches!(error, FixError::Symlink { .. }), "{error:?}");
    assert!(error.is_skip());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "a\n");
    assert_eq!(entries(dir.path()), vec!["link.md", "real.md"]);
}

#[test]
fn diff_of_a_fix() {
    let old = "# Acme\n\nStatus: ⚖️ pendng\n";
    let fix = Fix::safe(
        "Replace",
        vec![Edit {
            range: old.find("pendng").map(|s| s..s + 6).unwrap(),
            replacement: "pending".into(),
        }],
    );
    let new = apply(old, [&fix], false).text;
    insta::assert_snapshot!(unified_diff("notes/acme.md", old, &new), @r"
    --- a/notes/acme.md
    +++ b/notes/acme.md
    @@ -1,3 +1,3 @@
     # Acme
     
    -Status: ⚖️ pendng
    +Status: ⚖️ pending
    ");
}

#[test]
fn diff_marks_a_missing_final_newline() {
    let diff = unified_diff("a.md", "x\ny", "x\nz");
    assert!(diff.contains("\\ No newline at end of file"), "{diff}");
}

fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
