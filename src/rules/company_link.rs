use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Reports a company heading that is not a link, or whose link is not
    /// an absolute `http://` or `https://` URL.
    ///
    /// ## Why is this bad?
    /// A link without a scheme (`[sternx](sternx.de)`) is resolved as a
    /// relative path by Markdown renderers and leads to a 404.
    ///
    /// ## Example
    /// ```markdown
    /// # [sternx](sternx.de)
    /// ```
    /// Use instead:
    /// ```markdown
    /// # [sternx](https://sternx.de)
    /// ```
    ///
    /// ## Fix
    /// Unsafe: `https://` is put in front of a URL that looks like a domain
    /// (the site might only serve `http://`).
    pub struct CompanyLink {
        code: "JM107",
        name: "company-link",
        severity: Error,
        summary: "The company heading is not a link to an absolute http(s) URL",
        fixable: true,
    }
}

fn looks_like_domain(url: &str) -> bool {
    let host = url.split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'))
}

impl CompanyLink {
    pub const GARBLED_OK: bool = false;

    pub fn run(ctx: &mut Context<'_>) {
        let doc = ctx.doc;
        let lossless = doc.is_lossless();
        let Some(heading) = doc.h1s().next() else {
            return;
        };
        match &heading.link {
            None => {
                ctx.report(
                    &Self::META,
                    heading.text_span.clone(),
                    format!("the company heading `{}` is not a link", heading.text),
                )
                .help(format!(
                    "write it as `# [{}](https://company.example)`",
                    heading.text
                ));
            }
            Some(link) => {
                let url = link.url.trim();
                let lower = url.to_ascii_lowercase();
                let absolute = (lower.starts_with("https://") || lower.starts_with("http://"))
                    && url.len() > "https://".len();
                if absolute {
                    return;
                }
                let span = link
                    .url_span
                    .clone()
                    .unwrap_or_else(|| heading.span.clone());
                let message = if url.is_empty() {
                    "the company link has no URL".to_string()
                } else {
                    format!("the company link `{url}` is not an absolute http(s) URL")
                };
                let finding = ctx.report(&Self::META, span.clone(), message);
                finding.help("start the URL with `https://`");
                if lossless
                    && link.url_span.is_some()
                    && looks_like_domain(url)
                    && !lower.contains("://")
                {
                    finding.fix(Fix::replace(
                        "Prefix the URL with `https://`",
                        Applicability::Unsafe,
                        span,
                        format!("https://{url}"),
                    ));
                }
            }
        }
    }
}
