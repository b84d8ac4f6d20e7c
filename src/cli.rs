//! Command-line definitions (clap) and the dispatch to commands.
//!
//! Only argument parsing and global decisions (colour, verbosity, exit
//! codes) live here; each command is a function in [`crate::commands`]
//! taking its options and a writer, so it can be tested without a process.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::calendar::CalendarKind;
use crate::report::Format;

/// How a run ended. The numeric values are the process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No error-level finding (or `--exit-zero`).
    Success = 0,
    /// Error-level findings (or findings at the `--fail-on` level).
    Findings = 1,
    /// Usage, I/O, configuration or repository error.
    Error = 2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour for stdout: `auto` means a terminal and no `NO_COLOR`.
    pub fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::io::stdout().is_terminal()
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Parser)]
#[command(
    name = "jobmark",
    version = crate::version_string(),
    about = "Lint, read from git, and chart a repository of job-interview write-ups",
    propagate_version = true
)]
pub struct Cli {
    /// When to colour output: auto (a terminal without NO_COLOR), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only findings (no summary line, no progress).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print which files were read and skipped, and timings.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check write-ups against the schema.
    Check(CheckArgs),
    /// Print the documentation of one rule (by code or name).
    Rule {
        /// A rule code (`JM101`) or name (`missing-section`).
        rule: String,
    },
    /// List every rule.
    Rules {
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show how each write-up evolved over the git history.
    History(HistoryArgs),
    /// Compute statistics and draw charts (SVG) of the write-ups.
    Stats(StatsArgs),
    /// Write a new write-up from the schema.
    New(NewArgs),
    /// Manage the git pre-commit hook.
    Hook {
        #[command(subcommand)]
        action: HookAction,
    },
    /// Run a language server over stdin/stdout (diagnostics, fixes, hover,
    /// completion in an editor; see docs/editors.md).
    Server,
    /// Print shell completions.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One line per rule.
    Text,
    /// Every rule with its full documentation, as data.
    Json,
    /// The table README.md embeds.
    Markdown,
    /// Every rule's full documentation as one Markdown page (docs/rules.md).
    Reference,
}

/// Where write-ups are read from. Without any of these: the working tree.
#[derive(Debug, Args, Clone, Default)]
pub struct SourceArgs {
    /// Read the tree at this revision (branch, tag, HEAD~3, commit id) from
    /// the object database, without a checkout.
    #[arg(long, value_name = "REV", conflicts_with_all = ["staged", "range"])]
    pub rev: Option<String>,
    /// Read the staged content (the index) of the write-ups this commit
    /// changes (those that differ from HEAD), as a pre-commit hook should.
    #[arg(long, conflicts_with = "range")]
    pub staged: bool,
    /// Check only what BASE..HEAD adds, modifies or renames, and report only
    /// findings the range introduced.
    #[arg(long, value_name = "BASE..HEAD")]
    pub range: Option<String>,
    /// The repository (default: discovered from the current directory).
    /// Bare repositories work.
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    /// Files or directories (default `.`), relative to the current
    /// directory for every source, as in git; `-` reads standard input.
    pub paths: Vec<PathBuf>,
    /// With `-`: the path standard input stands for (config matching and
    /// the path shown in findings).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    /// Write a `jobmark-disable-next-line CODE` comment above each current
    /// finding, so the files pass as they are and only new problems fail.
    #[arg(long, conflicts_with_all = ["fix", "diff"])]
    pub add_suppressions: bool,
    #[command(flatten)]
    pub source: SourceArgs,
    /// With --range: report every finding of the touched files, not only new ones.
    #[arg(long, requires = "range")]
    pub all_findings: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also write the report in FORMAT to FILE (repeatable), e.g.
    /// `--also-report sarif=jobmark.sarif`: one run, several reports.
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_also_report)]
    pub also_report: Vec<(Format, PathBuf)>,
    /// Use this rule pack instead of the built-in interview schema.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Use this configuration file instead of discovering `.jobmark.toml`.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only these rules (codes, prefixes or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<String>,
    /// Never these rules (codes, prefixes or names; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Apply safe fixes to the files.
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with --fix or --diff).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff instead of writing them.
    #[arg(long)]
    pub diff: bool,
    /// Print counts per rule instead of each finding.
    #[arg(long)]
    pub statistics: bool,
    /// Apply `exclude` from .jobmark.toml to files named on the command line
    /// too (pre-commit passes file names).
    #[arg(long)]
    pub force_exclude: bool,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Treat this day (YYYY-MM-DD, Gregorian) as today for `future-date`.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Largest write-up that is checked (bytes, or e.g. `16MiB`); larger
    /// ones are reported as JM005. Overrides `max-file-size` in .jobmark.toml.
    #[arg(long, value_name = "SIZE", value_parser = crate::size_limit::parse_size)]
    pub max_file_size: Option<u64>,
    /// With --fix: also fix a file that has other hard links, which then
    /// stops sharing its content with them (refused by default).
    #[arg(long, requires = "fix")]
    pub allow_hard_links: bool,
}

/// `FORMAT=FILE` of `--also-report`.
fn parse_also_report(value: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = value
        .split_once('=')
        .ok_or_else(|| format!("`{value}` is not FORMAT=FILE"))?;
    let format = Format::from_str(format, true)?;
    if file.is_empty() {
        return Err(format!("`{value}` names no file"));
    }
    Ok((format, PathBuf::from(file)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Human,
    Json,
}

#[derive(Debug, Args, Clone)]
pub struct HistoryArgs {
    /// Repository paths to select (default: every write-up).
    pub paths: Vec<String>,
    /// The repository (default: discovered from the current directory).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// Walk history from this revision (default HEAD).
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub rev: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Use this rule pack instead of the built-in interview schema.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Treat this day (YYYY-MM-DD, Gregorian) as today when counting findings.
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// Only versions committed on or after this day (YYYY-MM-DD, Solar
    /// Hijri or Gregorian as the year says).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only versions committed on or before this day (YYYY-MM-DD, Solar
    /// Hijri or Gregorian as the year says).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Content that left a file continues its document elsewhere when at
    /// least this similar, in percent (git -M) [default: `[history]
    /// find-renames` in .jobmark.toml, else 50].
    #[arg(long, value_name = "PERCENT",
          value_parser = clap::value_parser!(u8).range(0..=100))]
    pub find_renames: Option<u8>,
    /// Break a file rewritten by at least this percent into delete + add
    /// so its old content can move (git -B); `off` to disable [default:
    /// `[history] break-rewrites`, else 50].
    #[arg(long, value_name = "PERCENT|off", value_parser = parse_percent_or_off)]
    pub break_rewrites: Option<PercentOrOff>,
    /// Record the source of a new file at least this similar to a file
    /// changed in the same commit (git -C); `off` to disable [default:
    /// `[history] find-copies`, else 50].
    #[arg(long, value_name = "PERCENT|off", value_parser = parse_percent_or_off)]
    pub find_copies: Option<PercentOrOff>,
}

impl HistoryArgs {
    /// The thresholds: these flags over the config's `[history]` over
    /// git's defaults.
    pub fn follow_options(
        &self,
        config: &crate::config::HistoryThresholds,
    ) -> crate::source::FollowOptions {
        let configured = config.follow_options();
        crate::source::FollowOptions {
            rename_percent: self.find_renames.unwrap_or(configured.rename_percent),
            break_percent: self
                .break_rewrites
                .map_or(configured.break_percent, |p| p.0),
            copy_percent: self.find_copies.map_or(configured.copy_percent, |p| p.0),
        }
    }
}

/// A percentage from 0 to 100, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PercentOrOff(pub Option<u8>);

fn parse_percent_or_off(text: &str) -> Result<PercentOrOff, String> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(PercentOrOff(None));
    }
    match text.trim_end_matches('%').parse::<u8>() {
        Ok(p) if p <= 100 => Ok(PercentOrOff(Some(p))),
        _ => Err(format!("`{text}` is not a percentage (0-100) or `off`")),
    }
}

#[derive(Debug, Args, Clone)]
pub struct StatsArgs {
    /// Files or directories (default `.`), relative to the current
    /// directory, also with --rev (as in git).
    pub paths: Vec<PathBuf>,
    /// Read the write-ups at this revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// The repository for --rev (default: discovered).
    #[arg(long, value_name = "PATH")]
    pub repo: Option<PathBuf>,
    /// Only write-ups whose first dated stage falls in this year (in
    /// --calendar; without it, the calendar the year belongs to: 2025 is
    /// Gregorian, 1404 Solar Hijri).
    #[arg(long)]
    pub year: Option<i32>,
    /// Calendar for months and years (default: the one most write-ups use).
    #[arg(long, value_enum)]
    pub calendar: Option<CalendarArg>,
    /// Output directory: created, or one that holds jobmark's previous
    /// output (it has a `.jobmark-stats` marker file).
    #[arg(long, default_value = "jobmark-stats")]
    pub out: PathBuf,
    /// Write into `--out` even when it is not jobmark's own directory,
    /// replacing files of the same names.
    #[arg(long)]
    pub force: bool,
    /// Use this rule pack instead of the built-in interview schema.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// Largest write-up that is read (bytes, or e.g. `16MiB`); larger ones
    /// are left out of the statistics.
    #[arg(long, value_name = "SIZE", value_parser = crate::size_limit::parse_size)]
    pub max_file_size: Option<u64>,
    /// Also read the git history (from --rev, default HEAD): open
    /// applications at each month end, when each stage first appeared, and
    /// those dates standing in for stages `Interview Date` never dates
    /// (marked "recorded from history").
    #[arg(long)]
    pub history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CalendarArg {
    Jalali,
    Gregorian,
}

impl From<CalendarArg> for CalendarKind {
    fn from(value: CalendarArg) -> Self {
        match value {
            CalendarArg::Jalali => CalendarKind::Jalali,
            CalendarArg::Gregorian => CalendarKind::Gregorian,
        }
    }
}

#[derive(Debug, Args, Clone)]
pub struct NewArgs {
    /// Company name (the H1 link text).
    #[arg(long)]
    pub company: Option<String>,
    /// Company website (absolute http(s) URL).
    #[arg(long)]
    pub url: Option<String>,
    /// Job title (the H2).
    #[arg(long)]
    pub title: Option<String>,
    /// Date the resume was sent (YYYY.MM.DD Solar Hijri or YYYY/MM/DD
    /// Gregorian; default: today in --calendar).
    #[arg(long)]
    pub date: Option<String>,
    /// Calendar of the default date.
    #[arg(long, value_enum, default_value_t = CalendarArg::Jalali)]
    pub calendar: CalendarArg,
    /// Apply channel (e.g. LinkedIn; default: the pack's first channel).
    #[arg(long)]
    pub channel: Option<String>,
    /// Where to write (default: src/<company>/<company>.md; `-` for stdout).
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
    /// Interview platform (e.g. `Google Meet`; default: a placeholder).
    #[arg(long)]
    pub platform: Option<String>,
    /// Move WRITE_UP forward: append this stage or outcome (`hr-call`,
    /// `technical`, `rejected`, or a label like `HR Call`), dated --date,
    /// with its status emoji.
    #[arg(long, value_name = "STAGE", requires = "write_up",
          conflicts_with_all = ["company", "url", "title", "channel", "output", "force"])]
    pub stage: Option<String>,
    /// With --stage: the write-up to move forward.
    #[arg(value_name = "WRITE_UP", requires = "stage")]
    pub write_up: Option<PathBuf>,
    /// Use this rule pack instead of the repository's (or the built-in) one.
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Write .git/hooks/pre-commit that checks the staged write-ups.
    Install {
        /// Replace a pre-commit hook that jobmark did not write.
        #[arg(long)]
        force: bool,
        /// The repository (default: discovered from the current directory).
        #[arg(long, value_name = "PATH")]
        repo: Option<PathBuf>,
    },
    /// Remove the pre-commit hook `jobmark hook install` wrote (a hook
    /// jobmark did not write is left alone).
    Uninstall {
        /// The repository (default: discovered from the current directory).
        #[arg(long, value_name = "PATH")]
        repo: Option<PathBuf>,
    },
}

/// Global options every command sees. The default is a plain run: no
/// colour, not quiet, not verbose.
#[derive(Debug, Clone, Copy, Default)]
pub struct GlobalOptions {
    pub color: bool,
    pub quiet: bool,
    pub verbose: bool,
}

/// Parse arguments and run; returns the exit status.
pub fn run() -> ExitStatus {
    let cli = Cli::parse();
    let globals = GlobalOptions {
        color: cli.color.enabled(),
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    let result = match cli.command {
        Command::Check(args) => crate::commands::check::run(
            &args,
            &globals,
            &mut std::io::BufWriter::new(std::io::stdout().lock()),
            &mut std::io::stderr(),
        ),
        Command::Rule { rule } => crate::commands::rules::show(&rule),
        Command::Rules { format } => crate::commands::rules::list(format),
        Command::History(args) => crate::commands::history::run(&args, &globals),
        Command::Stats(args) => {
            crate::commands::stats::run(&args, &globals, &mut std::io::stderr())
        }
        Command::New(args) => crate::commands::new::run(
            &args,
            &globals,
            &mut std::io::stdout(),
            &mut std::io::stderr(),
        ),
        Command::Hook { action } => crate::commands::hook::run(action, &globals),
        Command::Server => crate::server::run(),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            let mut buffer = Vec::new();
            clap_complete::generate(shell, &mut command, "jobmark", &mut buffer);
            crate::commands::print_stdout(&String::from_utf8_lossy(&buffer))
                .map(|()| ExitStatus::Success)
        }
    };
    match result {
        Ok(status) => status,
        // `jobmark check | true`: the reader left, the output is lost. Say
        // nothing (there is no one to tell) and fail: exit 2.
        Err(error) if is_broken_pipe(&error) => {
            crate::terminal::record_output_failure();
            ExitStatus::Error
        }
        Err(error) => {
            crate::commands::print_error(&error, globals.color, globals.verbose);
            ExitStatus::Error
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
