/*!
Ingest: bytes to [`Document`]s.

Reads plain text, HTML, JSON Lines and CSV ([`InputFormat`]); removes scrape junk (PHP
dumps of JSON lists, "Back to top button", a headline repeated as the next line); finds the
title, the dateline's outlet ("TEHRAN (Tasnim) –") and the publication date ("Wed Jun 12,
2013 20:59:42"). Every problem is an [`IngestError`] naming the file and line; one bad
record never stops the others.
*/

mod clean;
mod dates;
mod html;
mod records;

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

pub use clean::{clean_text, Cleaned};
pub use dates::parse_date;
pub use records::ColumnMap;

use crate::doc::{Document, Origin};

/// The formats sitrep reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text, one article per file.
    Txt,
    /// An HTML page, one article per file.
    Html,
    /// JSON Lines: one `{"id","title","text","published","outlet","url"}` object per line.
    Jsonl,
    /// CSV with a header row, one article per record.
    Csv,
}

impl InputFormat {
    /// The format a path's extension implies (`None` for unknown extensions).
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Txt),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "csv" | "tsv" => Some(InputFormat::Csv),
            _ => None,
        }
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "txt" | "text" => Ok(InputFormat::Txt),
            "html" | "htm" => Ok(InputFormat::Html),
            "jsonl" | "ndjson" => Ok(InputFormat::Jsonl),
            "csv" | "tsv" => Ok(InputFormat::Csv),
            other => Err(format!(
                "unknown input format '{other}' (txt, html, jsonl, csv)"
            )),
        }
    }
}

/// Settings for reading inputs.
#[derive(Clone, Debug, Default)]
pub struct IngestOptions {
    /// Force a format instead of guessing from the extension.
    pub format: Option<InputFormat>,
    /// CSV/JSON field name mapping (`text=body`).
    pub columns: ColumnMap,
    /// Publication date for inputs that lack one.
    pub published: Option<NaiveDate>,
    /// Outlet for inputs that lack one.
    pub outlet: Option<String>,
}

/// What went wrong with one input item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read.
    Io(String),
    /// The file holds binary data (NUL bytes), not text.
    Binary,
    /// The bytes are not valid UTF-8.
    Decode {
        /// Byte offset of the first bad byte.
        offset: usize,
    },
    /// The file or record has no text.
    Empty,
    /// A JSON line could not be parsed or lacks `text`.
    JsonLine(String),
    /// A CSV record could not be parsed or lacks the text column.
    CsvRow(String),
    /// The path's extension names no format sitrep reads.
    UnknownFormat,
}

/// An input item that was skipped, with where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IngestError {
    /// The input path (`-` for stdin).
    pub path: String,
    /// 1-based line, when the problem is on one line.
    pub line: Option<u64>,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        match &self.kind {
            ErrorKind::Io(e) => write!(f, ": cannot read: {e}"),
            ErrorKind::Binary => write!(f, ": binary file (NUL bytes), expected text"),
            ErrorKind::Decode { offset } => {
                write!(f, ": not valid UTF-8 (first bad byte at offset {offset})")
            }
            ErrorKind::Empty => write!(f, ": no text"),
            ErrorKind::JsonLine(e) => write!(f, ": bad JSON line: {e}"),
            ErrorKind::CsvRow(e) => write!(f, ": bad CSV record: {e}"),
            ErrorKind::UnknownFormat => write!(
                f,
                ": unknown file type (expected .txt, .html, .jsonl or .csv; or pass --input-format)"
            ),
        }
    }
}

impl std::error::Error for IngestError {}

/// One input item's outcome.
pub type IngestResult = Result<Document, IngestError>;

/// Expands the command-line paths: directories are walked recursively (sorted, hidden files
/// skipped); `-` stays as stdin.
pub fn expand_paths(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<IngestError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" || p.is_file() {
            files.push(p.clone());
        } else if p.is_dir() {
            walk(p, &mut files, &mut errors);
        } else {
            errors.push(IngestError {
                path: p.display().to_string(),
                line: None,
                kind: ErrorKind::Io("no such file or directory".into()),
            });
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(IngestError {
                path: dir.display().to_string(),
                line: None,
                kind: ErrorKind::Io(e.to_string()),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            walk(&p, files, errors);
        } else if InputFormat::from_path(&p).is_some() {
            files.push(p);
        }
    }
}

/// Reads one input path (file or `-`) and hands every document or error to `sink`, in
/// input order.
pub fn read_path(path: &Path, opts: &IngestOptions, sink: &mut dyn FnMut(IngestResult)) {
    let name = path.display().to_string();
    let err = |kind| IngestError {
        path: name.clone(),
        line: None,
        kind,
    };
    let format = opts
        .format
        .or_else(|| InputFormat::from_path(path))
        .or_else(|| {
            // stdin and unknown extensions: sniff.
            (path.as_os_str() == "-").then_some(InputFormat::Txt)
        });
    let Some(format) = format else {
        return sink(Err(err(ErrorKind::UnknownFormat)));
    };
    if path.as_os_str() != "-" && matches!(format, InputFormat::Jsonl | InputFormat::Csv) {
        // Record formats stream: an archive larger than memory is fine.
        let file = match std::fs::File::open(path) {
            Ok(f) => std::io::BufReader::with_capacity(1 << 16, f),
            Err(e) => return sink(Err(err(ErrorKind::Io(e.to_string())))),
        };
        return match format {
            InputFormat::Jsonl => records::read_jsonl(file, &name, opts, sink),
            _ => records::read_csv(file, &name, opts, sink),
        };
    }
    let bytes = if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        match std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
            Ok(_) => buf,
            Err(e) => return sink(Err(err(ErrorKind::Io(e.to_string())))),
        }
    } else {
        match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return sink(Err(err(ErrorKind::Io(e.to_string())))),
        }
    };
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| *s != "-")
        .unwrap_or("stdin")
        .to_string();
    read_bytes(&bytes, &name, &stem, format, opts, sink);
}

/// Reads input held in memory (`name` for messages, `stem` as the default id).
pub fn read_bytes(
    bytes: &[u8],
    name: &str,
    stem: &str,
    format: InputFormat,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(IngestResult),
) {
    let err = |line, kind| IngestError {
        path: name.to_string(),
        line,
        kind,
    };
    match format {
        InputFormat::Jsonl => return records::read_jsonl(bytes, name, opts, sink),
        InputFormat::Csv => return records::read_csv(bytes, name, opts, sink),
        InputFormat::Txt | InputFormat::Html => {}
    }
    let text = match decode(bytes) {
        Ok(t) => t,
        Err((line, kind)) => return sink(Err(err(line, kind))),
    };
    let origin = Origin {
        path: name.to_string(),
        line: None,
    };
    let doc = match format {
        InputFormat::Html => {
            let page = html::visible_text(text);
            let mut doc = build_document(stem.to_string(), &page.text, origin, opts);
            doc.title = page.title.or(doc.title);
            doc.published = page.published.or(doc.published);
            doc.outlet = page.outlet.or(doc.outlet);
            doc.url = page.url;
            doc
        }
        _ => build_document(stem.to_string(), text, origin, opts),
    };
    if doc.text.trim().is_empty() {
        return sink(Err(err(None, ErrorKind::Empty)));
    }
    sink(Ok(doc))
}

/// Checks that bytes are text: no NUL bytes, valid UTF-8 (a leading BOM is dropped).
pub fn decode(bytes: &[u8]) -> Result<&str, (Option<u64>, ErrorKind)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(nul) = memchr::memchr(0, &bytes[..bytes.len().min(1 << 16)]) {
        let line = memchr::memchr_iter(b'\n', &bytes[..nul]).count() as u64 + 1;
        return Err((Some(line), ErrorKind::Binary));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) if t.trim().is_empty() => Err((None, ErrorKind::Empty)),
        Ok(t) => Ok(t),
        Err(e) => {
            let offset = e.valid_up_to();
            let line = memchr::memchr_iter(b'\n', &bytes[..offset]).count() as u64 + 1;
            Err((Some(line), ErrorKind::Decode { offset }))
        }
    }
}

/// Cleans `raw` and fills in the metadata it carries.
pub fn build_document(id: String, raw: &str, origin: Origin, opts: &IngestOptions) -> Document {
    let cleaned = clean_text(raw);
    Document {
        id,
        title: cleaned.title,
        text: cleaned.text,
        published: cleaned.published.or(opts.published),
        outlet: cleaned.outlet.or_else(|| opts.outlet.clone()),
        url: None,
        origin,
        offsets: cleaned.offsets,
        ..Default::default()
    }
}
