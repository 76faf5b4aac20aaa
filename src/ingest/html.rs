/*!
Visible text of an HTML page: scripts, styles, navigation, headers, footers, forms and
share/related-link blocks are dropped; block elements become paragraphs.

Offsets for HTML inputs refer to this extracted text (the markup has no useful character
offsets for a reader), so the visible text is the document's "raw" text.
*/

use chrono::NaiveDate;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

use super::dates::parse_date;

/// What an HTML page yields.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Page {
    /// Visible text, paragraphs separated by blank lines.
    pub text: String,
    /// `og:title`, else `<title>`.
    pub title: Option<String>,
    /// `article:published_time`, `<time datetime>` or similar.
    pub published: Option<NaiveDate>,
    /// `og:site_name`.
    pub outlet: Option<String>,
    /// `og:url` or the canonical link.
    pub url: Option<String>,
}

const SKIP: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "button", "select", "template", "head", "figure", "menu",
];

const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "br",
    "tr",
    "table",
    "article",
    "section",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "main",
    "hr",
];

/// Class or id fragments that mark page furniture.
const FURNITURE: &[&str] = &[
    "share",
    "social",
    "related",
    "comment",
    "newsletter",
    "subscribe",
    "advert",
    "promo",
    "cookie",
    "breadcrumb",
    "sidebar",
    "menu",
];

/// Extracts the visible article text and metadata of a page.
pub fn visible_text(html: &str) -> Page {
    let doc = Html::parse_document(html);
    let mut page = Page::default();
    let mut out = String::new();
    let mut skip_depth = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if skip_depth > 0 || is_skipped(e) {
                        skip_depth += 1;
                        read_meta(e, &mut page);
                        continue;
                    }
                    read_meta(e, &mut page);
                    if BLOCK.contains(&name) {
                        out.push_str("\n\n");
                    }
                }
                Node::Text(t) if skip_depth == 0 => {
                    out.push_str(&t.replace(['\n', '\r', '\t'], " "));
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                    } else if BLOCK.contains(&e.name()) {
                        out.push_str("\n\n");
                    }
                }
            }
        }
    }
    if page.title.is_none() {
        let sel = scraper::Selector::parse("title").expect("static selector");
        page.title = doc
            .select(&sel)
            .next()
            .map(|t| t.text().collect::<String>().trim().to_string())
            .filter(|t| !t.is_empty());
    }
    // Tidy: trim each line, collapse runs of blank lines and spaces.
    let mut text = String::with_capacity(out.len());
    for para in out.split("\n\n") {
        let para = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if !para.is_empty() {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&para);
        }
    }
    page.text = text;
    page
}

fn is_skipped(e: &scraper::node::Element) -> bool {
    if SKIP.contains(&e.name()) {
        return true;
    }
    let marks = [e.attr("class"), e.attr("id"), e.attr("role")];
    marks.iter().flatten().any(|v| {
        let v = v.to_ascii_lowercase();
        FURNITURE.iter().any(|f| v.contains(f)) || v == "navigation" || v == "banner"
    })
}

fn read_meta(e: &scraper::node::Element, page: &mut Page) {
    match e.name() {
        "meta" => {
            let key = e.attr("property").or_else(|| e.attr("name")).unwrap_or("");
            let Some(content) = e.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
                return;
            };
            match key {
                "og:title" => page.title = Some(content.to_string()),
                "og:site_name" => page.outlet = Some(content.to_string()),
                "og:url" => page.url = Some(content.to_string()),
                "article:published_time" | "date" | "pubdate" | "dc.date" | "DC.date.issued" => {
                    page.published = page.published.or_else(|| parse_date(content));
                }
                _ => {}
            }
        }
        "time" => {
            if let Some(d) = e.attr("datetime").and_then(parse_date) {
                page.published = page.published.or(Some(d));
            }
        }
        "link" if e.attr("rel") == Some("canonical") && page.url.is_none() => {
            page.url = e.attr("href").map(str::to_string);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_article_drops_furniture() {
        let html = r#"<html><head><title>Site | 80 militants killed</title>
<meta property="og:site_name" content="SANA"><meta property="article:published_time" content="2016-01-10T08:00:00Z">
<script>var x = "80 killed";</script><style>p{}</style></head>
<body><nav><a href="/">Home</a></nav><div class="share-bar">Share on Twitter</div>
<article><h1>80 militants killed near Latakia</h1><p>A military source said 80 militants were killed
and seven vehicles destroyed.</p><p>Second paragraph.</p></article><footer>© 2016</footer></body></html>"#;
        let page = visible_text(html);
        assert_eq!(
            page.text,
            "80 militants killed near Latakia\n\nA military source said 80 militants were killed and seven vehicles destroyed.\n\nSecond paragraph."
        );
        assert_eq!(page.outlet.as_deref(), Some("SANA"));
        assert_eq!(page.published, NaiveDate::from_ymd_opt(2016, 1, 10));
        assert_eq!(page.title.as_deref(), Some("Site | 80 militants killed"));
    }
}
