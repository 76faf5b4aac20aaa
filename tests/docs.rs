//! The README's coding-profile table is the shipped table.

#[test]
fn readme_profile_table_matches_the_data_file() {
    let readme = include_str!("../README.md");
    let tsv = include_str!("../data/lexicon/vague_quantities.tsv");
    let rows = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1);
    let mut n = 0;
    for row in rows {
        let cols: Vec<&str> = row.split('\t').collect();
        let cells: Vec<String> = cols[1..]
            .iter()
            .map(|c| {
                if c.is_empty() {
                    "open".to_string()
                } else {
                    c.to_string()
                }
            })
            .collect();
        let line = format!("| \"{}\" | {} |", cols[0], cells.join(" | "));
        assert!(readme.contains(&line), "README lacks the row: {line}");
        n += 1;
    }
    assert!(n >= 20);
}
