/*!
The fixed-size record the build script writes for each line of the shipped table, and
the encodings both sides share.

A look-up turns up many places it does not keep, and recognition and resolution test each
kept candidate on a few fields (population, feature, country, admin1 area, coordinates,
the start of its name) long before any place is chosen. Those fields sit side by side in
one [`RECORD_LEN`]-byte record per line, so that a candidate is made from one trip to
memory and a place's row is parsed only when its text is read.

This file is also compiled into the build script (which writes the records), so it depends
on nothing but `std`.
*/

/// Bytes in one record.
pub const RECORD_LEN: usize = 40;

/// The table's feature names, in the order of [`super::Feature`]'s variants: a record
/// stores a feature as its index here.
#[allow(dead_code)] // the build script's (and the tests')
pub const FEATURE_NAMES: [&str; 12] = [
    "country",
    "admin1",
    "admin2",
    "admin3",
    "city",
    "town",
    "village",
    "neighbourhood",
    "airport",
    "camp",
    "mountain",
    "other",
];

/// The stored area number of a place outside any admin1 (areas are numbered below it).
const NO_AREA: u32 = 0x00ff_ffff;

/// The stored country slot of a country code that has none ([`country_slot`]).
const NO_COUNTRY: u16 = u16::MAX;

/// What a record holds about one shipped place.
///
/// Layout, little-endian: `offset` u32 · `population` u32 · `area` (24 bits) and `feature`
/// (8 bits) in one u32 · country slot u16 · `name_len` u16 · `lat` f64 · `lon` f64 ·
/// `name_head` 8 bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Record {
    /// Byte offset of the place's line in the table.
    pub offset: u32,
    /// The row's population column (0 when it does not parse).
    pub population: u32,
    /// The number of the place's admin1 area; `None` outside any admin1.
    pub area: Option<u32>,
    /// Index of the row's feature in [`FEATURE_NAMES`] (the last, `other`, for an unknown
    /// name).
    pub feature: u8,
    /// [`country_slot`] of the row's country code.
    pub country_slot: Option<u16>,
    /// Length in bytes of the place's preferred name.
    pub name_len: u16,
    /// Latitude, as `str::parse::<f64>` reads the row's column.
    pub lat: f64,
    /// Longitude, likewise.
    pub lon: f64,
    /// [`name_head`] of the preferred name.
    pub name_head: [u8; 8],
}

impl Record {
    /// The record's bytes.
    #[allow(dead_code)] // the build script's
    pub fn encode(&self) -> [u8; RECORD_LEN] {
        let mut b = [0u8; RECORD_LEN];
        let area = self.area.unwrap_or(NO_AREA);
        assert!(area <= NO_AREA, "area number {area} exceeds 24 bits");
        b[0..4].copy_from_slice(&self.offset.to_le_bytes());
        b[4..8].copy_from_slice(&self.population.to_le_bytes());
        b[8..12].copy_from_slice(&(area | u32::from(self.feature) << 24).to_le_bytes());
        b[12..14].copy_from_slice(&self.country_slot.unwrap_or(NO_COUNTRY).to_le_bytes());
        b[14..16].copy_from_slice(&self.name_len.to_le_bytes());
        b[16..24].copy_from_slice(&self.lat.to_le_bytes());
        b[24..32].copy_from_slice(&self.lon.to_le_bytes());
        b[32..40].copy_from_slice(&self.name_head);
        b
    }

    /// Reads the record at the start of `b`; `None` when `b` is shorter than a record.
    #[inline]
    pub fn decode(b: &[u8]) -> Option<Record> {
        let b: &[u8; RECORD_LEN] = b.get(..RECORD_LEN)?.try_into().ok()?;
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        let f64_at = |i: usize| {
            let mut x = [0u8; 8];
            x.copy_from_slice(&b[i..i + 8]);
            f64::from_le_bytes(x)
        };
        let area_feature = u32_at(8);
        let area = area_feature & NO_AREA;
        let mut name_head = [0u8; 8];
        name_head.copy_from_slice(&b[32..40]);
        Some(Record {
            offset: u32_at(0),
            population: u32_at(4),
            area: (area != NO_AREA).then_some(area),
            feature: (area_feature >> 24) as u8,
            country_slot: Some(u16_at(12)).filter(|&s| s != NO_COUNTRY),
            name_len: u16_at(14),
            lat: f64_at(16),
            lon: f64_at(24),
            name_head,
        })
    }
}

/// The index of feature name `name` in [`FEATURE_NAMES`]; unknown names are `other`.
#[allow(dead_code)] // the build script's (and the tests')
pub fn feature_code(name: &str) -> u8 {
    let last = FEATURE_NAMES.len() - 1;
    FEATURE_NAMES
        .iter()
        .position(|&f| f == name)
        .unwrap_or(last) as u8
}

/// A number for an ISO 3166-1 alpha-2 code (two capital letters), below 26 × 26; `None`
/// for any other code.
pub fn country_slot(code: &str) -> Option<u16> {
    match *code.as_bytes() {
        [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => Some(u16::from(a - b'A') * 26 + u16::from(b - b'A')),
        _ => None,
    }
}

/// The first 8 bytes of `name` in ASCII lower case, zero-padded: with the name's length,
/// enough to tell most written names from a place's name without reading the place.
pub fn name_head(name: &str) -> [u8; 8] {
    let mut head = [0u8; 8];
    for (h, b) in head.iter_mut().zip(name.bytes()) {
        *h = b.to_ascii_lowercase();
    }
    head
}
