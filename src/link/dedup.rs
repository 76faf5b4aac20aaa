/*!
Near-duplicate documents: syndicated copies, reposts and lightly edited rewrites.

Each document gets a 64-bit SimHash of its word 3-shingles at ingest. Two documents are
copies when their fingerprints differ in at most [`MAX_HAMMING`] bits and they were
published within [`MAX_DAYS_APART`] days of each other. Candidates are found without
comparing all pairs: split into four 16-bit bands, two fingerprints within 3 bits agree
exactly on at least one band (pigeonhole), so only documents sharing a band value are
compared, and within a band only those near in date.
*/

use rustc_hash::FxHashMap;

use super::{LinkDocument, UnionFind};

/// Most differing fingerprint bits for two documents to count as copies.
pub const MAX_HAMMING: u32 = 3;
/// Copies are published within this many days of each other.
pub const MAX_DAYS_APART: i64 = 7;
/// Documents with fewer words get no fingerprint (0) and are never called copies.
const MIN_WORDS: usize = 25;
/// Comparisons per document within one band bucket (bounds work on dense buckets).
const MAX_CANDIDATES: usize = 64;

/// FNV-1a, a small stable hash: fingerprints are stored, so they must not change between
/// builds the way a seeded hasher's would.
fn fnv1a(bytes: &[u8], seed: u64) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The SimHash of `text`'s lowercased word 3-shingles; 0 for texts under 25 words.
pub fn simhash(text: &str) -> u64 {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    if words.len() < MIN_WORDS {
        return 0;
    }
    let mut weights = [0i32; 64];
    for shingle in words.windows(3) {
        let mut h = 0u64;
        for w in shingle {
            h = fnv1a(w.as_bytes(), h.rotate_left(17));
        }
        for (bit, weight) in weights.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *weight += 1;
            } else {
                *weight -= 1;
            }
        }
    }
    let fp = weights
        .iter()
        .enumerate()
        .fold(0u64, |fp, (bit, &w)| if w > 0 { fp | 1 << bit } else { fp });
    // 0 means "no fingerprint"; a real all-zero fingerprint is vanishingly rare.
    fp.max(1)
}

/// For each document that is a copy of an earlier one, `(copy, original)` by document id.
/// The original of a group is its earliest document (by date, then content hash), so the
/// answer does not depend on ingest order.
pub fn near_duplicates(docs: &[LinkDocument]) -> Vec<(i64, i64)> {
    let mut order: Vec<usize> = (0..docs.len()).filter(|&i| docs[i].simhash != 0).collect();
    order.sort_by(|&a, &b| {
        (docs[a].published, &docs[a].key).cmp(&(docs[b].published, &docs[b].key))
    });
    let mut groups = UnionFind::new(docs.len());
    for band in 0..4 {
        let mut buckets: FxHashMap<u16, Vec<usize>> = FxHashMap::default();
        for &i in &order {
            let value = (docs[i].simhash >> (band * 16)) as u16;
            buckets.entry(value).or_default().push(i);
        }
        for members in buckets.values() {
            for (n, &a) in members.iter().enumerate() {
                for &b in members[n + 1..].iter().take(MAX_CANDIDATES) {
                    if let (Some(da), Some(db)) = (docs[a].published, docs[b].published) {
                        if (db - da).num_days() > MAX_DAYS_APART {
                            break;
                        }
                    }
                    if (docs[a].simhash ^ docs[b].simhash).count_ones() <= MAX_HAMMING {
                        groups.union(a, b);
                    }
                }
            }
        }
    }
    // The first member of each group in `order` is its original.
    let mut original: FxHashMap<usize, usize> = FxHashMap::default();
    let mut pairs = Vec::new();
    for &i in &order {
        let root = groups.find(i);
        match original.get(&root) {
            Some(&first) => pairs.push((docs[i].id, docs[first].id)),
            None => {
                original.insert(root, i);
            }
        }
    }
    pairs.sort_unstable();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "A car bomb exploded near a bakery in the city of Qamishli on \
        Wednesday, killing at least 44 people and wounding dozens, the Syrian Observatory \
        for Human Rights said, adding that the toll was likely to rise as many were in \
        critical condition.";

    #[test]
    fn a_lightly_edited_copy_keeps_its_fingerprint_close() {
        let copy = STORY.replace("Wednesday", "Wednesday morning");
        let other = "Government forces shelled rebel positions in the eastern Ghouta \
            district outside Damascus on Friday while talks on a ceasefire continued in \
            Geneva between delegations of the two sides and the United Nations envoy.";
        let a = simhash(STORY);
        assert!((a ^ simhash(&copy)).count_ones() <= 8);
        assert!((a ^ simhash(other)).count_ones() > 16);
        assert_eq!(simhash("Four shot; one killed."), 0);
    }
}
