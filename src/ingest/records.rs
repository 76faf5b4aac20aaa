/*!
Multi-article inputs: JSON Lines and CSV, one article per record.

Fields are `id, title, text, published, outlet, url`. CSV headers that differ are mapped
with `--column text=body`; common alternatives (`article_content`, `content`, `body`,
`article_title`, `headline`, `date`, `source`, `unit_id`) are recognised without a mapping.
*/

use std::collections::HashMap;

use super::{
    build_document, dates::parse_date, ErrorKind, IngestError, IngestOptions, IngestResult,
};
use crate::doc::Origin;

/// The document fields a record can fill.
const FIELDS: &[&str] = &["id", "title", "text", "published", "outlet", "url"];

/// Header names recognised for each field when no mapping is given, in order of preference.
const ALIASES: &[(&str, &[&str])] = &[
    ("id", &["id", "doc_id", "unit_id", "article_id", "uid"]),
    ("title", &["title", "article_title", "headline"]),
    (
        "text",
        &[
            "text",
            "article_content",
            "content",
            "body",
            "article",
            "notes",
        ],
    ),
    (
        "published",
        &[
            "published",
            "date",
            "pub_date",
            "published_at",
            "publish_date",
        ],
    ),
    ("outlet", &["outlet", "source", "publisher", "site"]),
    ("url", &["url", "link"]),
];

/// A mapping from document fields to input column names (`text=body`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnMap {
    map: HashMap<String, String>,
}

impl ColumnMap {
    /// Parses `field=column` pairs; errors name the bad pair.
    pub fn parse(pairs: &[String]) -> Result<ColumnMap, String> {
        let mut map = HashMap::new();
        for p in pairs {
            let Some((field, column)) = p.split_once('=') else {
                return Err(format!(
                    "--column '{p}': expected FIELD=COLUMN, e.g. text=body"
                ));
            };
            if !FIELDS.contains(&field) {
                return Err(format!(
                    "--column '{p}': unknown field '{field}' (one of {})",
                    FIELDS.join(", ")
                ));
            }
            map.insert(field.to_string(), column.to_string());
        }
        Ok(ColumnMap { map })
    }

    /// The column to read `field` from, given the available column names.
    fn resolve<'a>(&self, field: &str, available: &'a [String]) -> Option<&'a str> {
        if let Some(col) = self.map.get(field) {
            return available.iter().find(|a| *a == col).map(String::as_str);
        }
        let aliases = ALIASES.iter().find(|(f, _)| *f == field)?.1;
        aliases.iter().find_map(|alias| {
            available
                .iter()
                .find(|a| a.eq_ignore_ascii_case(alias))
                .map(String::as_str)
        })
    }
}

/// The fields of one record, already looked up.
struct Record {
    id: Option<String>,
    title: Option<String>,
    text: String,
    published: Option<String>,
    outlet: Option<String>,
    url: Option<String>,
}

fn to_document(rec: Record, name: &str, line: u64, opts: &IngestOptions) -> IngestResult {
    if rec.text.trim().is_empty() {
        return Err(IngestError {
            path: name.to_string(),
            line: Some(line),
            kind: ErrorKind::Empty,
        });
    }
    let stem = std::path::Path::new(name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("stdin");
    let id = rec
        .id
        .filter(|i| !i.trim().is_empty())
        .unwrap_or_else(|| format!("{stem}:{line}"));
    let origin = Origin {
        path: name.to_string(),
        line: Some(line),
    };
    let mut doc = build_document(id, &rec.text, origin, opts);
    if let Some(t) = rec.title.filter(|t| !t.trim().is_empty()) {
        doc.title = Some(t.trim().to_string());
    }
    if let Some(d) = rec.published.as_deref().and_then(parse_date) {
        doc.published = Some(d);
    }
    if let Some(o) = rec.outlet.filter(|o| !o.trim().is_empty()) {
        doc.outlet = Some(o.trim().to_string());
    }
    doc.url = rec.url.filter(|u| !u.trim().is_empty());
    Ok(doc)
}

/// Reads JSON Lines, one line at a time (a file of any size streams through); each bad
/// line is reported with its number and skipped.
pub fn read_jsonl(
    mut input: impl std::io::BufRead,
    name: &str,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(IngestResult),
) {
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        line += 1;
        let err = |kind| IngestError {
            path: name.to_string(),
            line: Some(line),
            kind,
        };
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                sink(Err(err(ErrorKind::Io(e.to_string()))));
                break;
            }
        }
        let raw = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match super::decode(raw) {
            Ok(t) => t,
            Err((_, kind)) => {
                sink(Err(err(kind)));
                continue;
            }
        };
        let value: serde_json::Value = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                sink(Err(err(ErrorKind::JsonLine(e.to_string()))));
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            sink(Err(err(ErrorKind::JsonLine(
                "expected a JSON object".into(),
            ))));
            continue;
        };
        let keys: Vec<String> = obj.keys().cloned().collect();
        let get = |field: &str| -> Option<String> {
            let key = opts.columns.resolve(field, &keys)?;
            match obj.get(key)? {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            }
        };
        let Some(body) = get("text") else {
            sink(Err(err(ErrorKind::JsonLine(
                "no \"text\" field (map another with --column text=FIELD)".into(),
            ))));
            continue;
        };
        let rec = Record {
            id: get("id"),
            title: get("title"),
            text: body,
            published: get("published"),
            outlet: get("outlet"),
            url: get("url"),
        };
        sink(to_document(rec, name, line, opts));
    }
}

/// Reads CSV (or TSV, by extension) with a header row, record by record (a file of any
/// size streams through); each bad record is reported with its line and skipped.
pub fn read_csv(
    mut input: impl std::io::BufRead,
    name: &str,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(IngestResult),
) {
    let delimiter = if name.to_ascii_lowercase().ends_with(".tsv") {
        b'\t'
    } else {
        b','
    };
    // A byte-order mark is not part of the first column's name.
    if input
        .fill_buf()
        .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
    {
        input.consume(3);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(input);
    let headers: Vec<String> = match reader.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| String::from_utf8_lossy(c).trim().to_string())
            .collect(),
        Err(e) => {
            return sink(Err(IngestError {
                path: name.to_string(),
                line: Some(1),
                kind: ErrorKind::CsvRow(e.to_string()),
            }))
        }
    };
    let Some(text_col) = opts.columns.resolve("text", &headers) else {
        return sink(Err(IngestError {
            path: name.to_string(),
            line: Some(1),
            kind: ErrorKind::CsvRow(format!(
                "no text column among [{}] (map one with --column text=COLUMN)",
                headers.join(", ")
            )),
        }));
    };
    let index = |field: &str| -> Option<usize> {
        let col = if field == "text" {
            Some(text_col)
        } else {
            opts.columns.resolve(field, &headers)
        }?;
        headers.iter().position(|h| h == col)
    };
    let cols: Vec<Option<usize>> = FIELDS.iter().map(|f| index(f)).collect();
    let mut record = csv::ByteRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line());
                sink(Err(IngestError {
                    path: name.to_string(),
                    line: Some(line),
                    kind: ErrorKind::CsvRow(e.to_string()),
                }));
                // A malformed record (wrong field count) can be skipped; I/O errors end it.
                if matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    continue;
                }
                break;
            }
        }
        let mut fields: Vec<Option<String>> = Vec::with_capacity(FIELDS.len());
        let mut bad = None;
        for c in &cols {
            let v = c
                .and_then(|c| record.get(c))
                .map(|b| match super::decode(b) {
                    Ok(t) => Ok(t.to_string()),
                    Err((_, ErrorKind::Empty)) => Ok(String::new()),
                    Err((_, kind)) => Err(kind),
                });
            match v {
                Some(Ok(s)) => fields.push(Some(s)),
                Some(Err(kind)) => {
                    bad = Some(kind);
                    break;
                }
                None => fields.push(None),
            }
        }
        if let Some(kind) = bad {
            sink(Err(IngestError {
                path: name.to_string(),
                line: Some(line),
                kind,
            }));
            continue;
        }
        let mut it = fields.into_iter();
        let mut next = || it.next().flatten();
        let rec = Record {
            id: next(),
            title: next(),
            text: next().unwrap_or_default(),
            published: next(),
            outlet: next(),
            url: next(),
        };
        sink(to_document(rec, name, line, opts));
    }
}
