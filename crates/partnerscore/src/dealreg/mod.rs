//! Deal registration conflicts (DESIGN §5): two partners chasing the same customer find out before they
//! collide.
//!
//! Registrations are judged in order of `registered_on`, then id, as a deal desk would: one is `lost` when
//! an accepted registration of a different partner, for the same customer key and a compatible product,
//! has a window overlapping its own (it loses to the earliest such); otherwise it is accepted, `won` when
//! something lost to it, else `clear`. A lost registration holds no window.
//!
//! ```
//! use partnerscore::dealreg::{dealreg, Registrations, Status};
//!
//! let registrations = Registrations::from_csv(
//!     "id,partner_id,customer,product,registered_on\n\
//!      R1,P001,\"Acme Holdings, Inc.\",Firewall,2026-01-10\n\
//!      R2,P002,ACME holdings inc,,2026-03-01\n\
//!      R3,P002,Acme Holdings,Firewall,2026-04-10\n",
//! )?;
//! let report = dealreg(&registrations, 90)?;
//! // R1's window is [2026-01-10, 2026-04-10): R2 (any product) overlaps it and loses;
//! // R3 starts the day R1's window ends, so it is clear.
//! let statuses: Vec<Status> = report.registrations().map(|r| r.status).collect();
//! assert_eq!(statuses, [Status::Won, Status::Lost, Status::Clear]);
//! assert_eq!(report.get(1).and_then(|r| r.lost_to), Some("R1"));
//! assert_eq!(report.conflicts[0].customer_key.as_ref(), "acme holdings");
//! # Ok::<(), partnerscore::Error>(())
//! ```

mod customer;
mod judge;
mod report;

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Arc;

use serde_json::Value as Json;

pub use customer::{customer_key, product_key, LEGAL_SUFFIXES};
pub use report::{Conflict, DealRegReport, Judged, Status, StatusCounts};

use crate::data::{Date, FastHash, Value};
use crate::decimal::parse_decimal;
use crate::error::{Error, Result};
use crate::records::{self, Row, Spot};
use crate::Decimal;

/// The window a registration holds when it has no `expires_on`, in days.
pub const DEFAULT_WINDOW_DAYS: i64 = 90;

/// The fields of a registration record.
const FIELDS: [&str; 7] = ["id", "partner_id", "customer", "product", "amount", "registered_on", "expires_on"];
/// The columns a CSV must have.
const REQUIRED: [&str; 4] = ["id", "partner_id", "customer", "registered_on"];
/// How records are named in errors.
const WHAT: &str = "registrations";

/// One deal registration, as loaded (ids and names shared, not copied, by the report).
#[derive(Debug, Clone, PartialEq)]
pub struct Registration {
    /// The registration's id, unique.
    pub id: Arc<str>,
    /// The registering partner.
    pub partner_id: Arc<str>,
    /// The customer, as written.
    pub customer: Arc<str>,
    /// The customer key names match on ([`customer_key`]).
    pub customer_key: Arc<str>,
    /// The product, as written; `None` when absent (compatible with every product).
    pub product: Option<Arc<str>>,
    /// The deal amount, when given (checked to be a decimal; not used by the judging).
    pub amount: Option<Decimal>,
    /// The day the registration was made: the start of its window.
    pub registered_on: Date,
    /// The end of the window (exclusive), when given; else `registered_on + window_days`.
    pub expires_on: Option<Date>,
}

/// Registrations loaded and checked: every record valid, ids unique.
#[derive(Debug, Clone, Default)]
pub struct Registrations {
    /// Shared with the reports judged from them.
    records: Arc<Vec<Registration>>,
    spots: Vec<Spot>,
    /// Per registration: its partner and product key numbered, its customer key hashed (for the judging).
    partner_ix: Vec<u32>,
    key_hash: Vec<u64>,
    product_ix: Vec<Option<u32>>,
}

impl Registrations {
    /// Loads a JSON array of registration objects (`{id, partner_id, customer, product?, amount?,
    /// registered_on, expires_on?}`); `null` and `""` are absent, a numeric id is read as its text.
    pub fn from_json(text: &str) -> Result<Registrations> {
        let mut texts = ChunkTexts::default();
        let parsed = records::from_json(text, WHAT, &FIELDS, |row| parse(&mut texts, row))?;
        Self::from_parsed(vec![(texts, parsed)])
    }

    /// As [`Registrations::from_json`], from an array already parsed.
    pub fn from_json_values(records: &[Json]) -> Result<Registrations> {
        let mut texts = ChunkTexts::default();
        let parsed = records::from_json_values(records, WHAT, &FIELDS, |row| parse(&mut texts, row))?;
        Self::from_parsed(vec![(texts, parsed)])
    }

    /// Loads a CSV with a header row (`id`, `partner_id`, `customer`, `registered_on` required; `product`,
    /// `amount`, `expires_on` optional; other columns ignored); an empty cell is absent.
    pub fn from_csv(text: &str) -> Result<Registrations> {
        Self::from_parsed(records::from_csv(text, WHAT, &FIELDS, &REQUIRED, parse)?)
    }

    /// Loads a document whose format is given by its file name (`.csv` or `.json`); anything else is read
    /// as JSON when it starts with `[`, else as CSV.
    pub fn from_text(text: &str, file_name: &str) -> Result<Registrations> {
        if records::is_json(text, file_name) {
            Self::from_json(text)
        } else {
            Self::from_csv(text)
        }
    }

    /// Builds registrations from columns a caller converted (the Python face's DataFrames): `(field,
    /// values)`, one value per registration; records are named `registrations[i]`.
    pub fn from_columns(columns: &[(String, Vec<Option<Value>>)]) -> Result<Registrations> {
        let mut texts = ChunkTexts::default();
        let parsed = records::from_columns(columns, WHAT, &FIELDS, |row| parse(&mut texts, row))?;
        Self::from_parsed(vec![(texts, parsed)])
    }

    /// The registrations, in input order.
    pub fn records(&self) -> &[Registration] {
        &self.records
    }

    /// Number of registrations.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// `registrations[3] (registration R4)` / `registrations line 5 (registration R4)`.
    fn location(&self, index: usize) -> String {
        let who = self.records.get(index).map(|r| format!("registration {}", r.id));
        self.spots.get(index).map_or_else(|| WHAT.to_string(), |spot| spot.at(WHAT, who.as_deref()))
    }
}

/// Texts already seen in a chunk of the input, numbered in order of first appearance, so that repeated
/// texts share one allocation and the chunk's numbers map to the whole input's with one lookup per
/// distinct text.
#[derive(Default)]
struct Texts {
    numbers: HashMap<Box<str>, u32, FastHash>,
    shared: Vec<Arc<str>>,
}

impl Texts {
    fn share(&mut self, text: &str) -> (u32, Arc<str>) {
        if let Some(&k) = self.numbers.get(text) {
            return (k, self.shared[k as usize].clone());
        }
        let k = self.shared.len() as u32;
        let shared: Arc<str> = Arc::from(text);
        self.numbers.insert(text.into(), k);
        self.shared.push(shared.clone());
        (k, shared)
    }
}

/// The partner ids and products of one chunk.
#[derive(Default)]
struct ChunkTexts {
    partners: Texts,
    products: Texts,
}

/// One registration read and checked on its own (on any core), with the hashes of its id and customer
/// key that the duplicate check and the judging sort on.
struct Parsed {
    record: Registration,
    /// The partner's and the product's numbers in the chunk's [`ChunkTexts`].
    partner: u32,
    product: Option<u32>,
    id_hash: u64,
    key_hash: u64,
    spot: Spot,
}

/// The 64-bit hash the loader and the judging sort on (equal texts, equal hashes; a tie is always
/// settled by comparing the texts).
fn text_hash(text: &str) -> u64 {
    FastHash.hash_one(text)
}

/// Reads one record: required fields, dates, the amount, the customer key.
fn parse(texts: &mut ChunkTexts, row: &Row<'_>) -> Result<Parsed> {
    let Some(id) = row.get("id") else {
        return Err(Error::input(row.at_field(None, "id"), "a registration needs an id"));
    };
    let who = || format!("registration {id}");
    let at = |field: &str| row.at_field(Some(&who()), field);
    let text =
        |field: &str| row.get(field).ok_or_else(|| Error::input(at(field), format!("a registration needs a {field}")));
    let date = |field: &str, text: &str| {
        Date::parse(text.trim()).ok_or_else(|| Error::input(at(field), format!("{text:?} is not a date (YYYY-MM-DD)")))
    };
    let partner_id = text("partner_id")?;
    let customer = text("customer")?;
    let registered_on = date("registered_on", text("registered_on")?)?;
    let expires_on = match row.get("expires_on") {
        Some(t) => {
            let expires_on = date("expires_on", t)?;
            if expires_on <= registered_on {
                return Err(Error::input(
                    at("expires_on"),
                    format!("expires_on {expires_on} is not after registered_on {registered_on}"),
                ));
            }
            Some(expires_on)
        }
        None => None,
    };
    let amount = match row.get("amount") {
        Some(t) => Some(parse_decimal(t).map_err(|reason| Error::input(at("amount"), reason))?),
        None => None,
    };
    let key = customer_key(customer);
    if key.is_empty() {
        return Err(Error::input(
            at("customer"),
            format!("customer name {customer:?} normalizes to nothing (no letter or digit)"),
        ));
    }
    let (partner, partner_id) = texts.partners.share(partner_id);
    let product = row.get("product").filter(|p| !p.trim().is_empty()).map(|p| texts.products.share(p));
    Ok(Parsed {
        partner,
        product: product.as_ref().map(|(k, _)| *k),
        id_hash: text_hash(id),
        key_hash: text_hash(&key),
        record: Registration {
            id: Arc::from(id),
            partner_id,
            customer: Arc::from(customer),
            customer_key: Arc::from(key),
            product: product.map(|(_, shared)| shared),
            amount,
            registered_on,
            expires_on,
        },
        spot: row.spot(),
    })
}

/// Sorts on all cores (feature `parallel`) or on one.
fn sort_by<T: Send>(items: &mut [T], compare: impl Fn(&T, &T) -> std::cmp::Ordering + Sync) {
    #[cfg(feature = "parallel")]
    {
        use rayon::slice::ParallelSliceMut;
        items.par_sort_unstable_by(compare);
    }
    #[cfg(not(feature = "parallel"))]
    items.sort_unstable_by(compare);
}

impl Registrations {
    /// Checks ids are unique and numbers partners and product keys for the judging; `chunks` are the
    /// records in input order, as read (in chunks on all cores for a CSV).
    fn from_parsed(chunks: Vec<(ChunkTexts, Vec<Parsed>)>) -> Result<Registrations> {
        let parsed: Vec<&Parsed> = chunks.iter().flat_map(|(_, chunk)| chunk).collect();
        let n = parsed.len();
        // Duplicate ids: sort (hash, row) and compare the ids of equal hashes. The error names the
        // earliest row whose id an earlier row already has, as a sequential check would.
        let mut by_hash: Vec<(u64, u32)> = parsed.iter().enumerate().map(|(i, p)| (p.id_hash, i as u32)).collect();
        sort_by(&mut by_hash, |a, b| a.cmp(b));
        let mut duplicate: Option<(usize, usize)> = None;
        for run in by_hash.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
            let mut rows: Vec<usize> = run.iter().map(|&(_, row)| row as usize).collect();
            rows.sort_by(|&a, &b| parsed[a].record.id.cmp(&parsed[b].record.id).then(a.cmp(&b)));
            for pair in rows.windows(2) {
                let (first, again) = (pair[0], pair[1]);
                if parsed[first].record.id == parsed[again].record.id && duplicate.is_none_or(|(_, d)| again < d) {
                    duplicate = Some((first, again));
                }
            }
        }
        if let Some((first, again)) = duplicate {
            let name = |p: &Parsed| p.spot.at(WHAT, Some(&format!("registration {}", p.record.id)));
            return Err(Error::input(
                name(parsed[again]),
                format!("registration id {} is already used at {}", parsed[again].record.id, name(parsed[first])),
            ));
        }
        drop((by_hash, parsed));
        let mut out = Registrations {
            records: Arc::default(),
            spots: Vec::with_capacity(n),
            partner_ix: Vec::with_capacity(n),
            key_hash: Vec::with_capacity(n),
            product_ix: Vec::with_capacity(n),
        };
        // The chunks' partner and product numbers mapped to the whole input's: one lookup per distinct
        // text of a chunk, then one array read per registration.
        let mut partners: HashMap<Arc<str>, u32, FastHash> = HashMap::with_hasher(FastHash);
        let mut product_keys: HashMap<String, u32, FastHash> = HashMap::with_hasher(FastHash);
        let mut records = Vec::with_capacity(n);
        for (texts, chunk) in chunks {
            let partner_of: Vec<u32> = texts
                .partners
                .shared
                .iter()
                .map(|text| {
                    let next = partners.len() as u32;
                    *partners.entry(text.clone()).or_insert(next)
                })
                .collect();
            let product_of: Vec<u32> = texts
                .products
                .shared
                .iter()
                .map(|written| {
                    let next = product_keys.len() as u32;
                    *product_keys.entry(product_key(written).unwrap_or_default()).or_insert(next)
                })
                .collect();
            for p in chunk {
                out.partner_ix.push(partner_of[p.partner as usize]);
                out.product_ix.push(p.product.map(|k| product_of[k as usize]));
                out.key_hash.push(p.key_hash);
                out.spots.push(p.spot);
                records.push(p.record);
            }
        }
        out.records = Arc::new(records);
        Ok(out)
    }

    /// The records, shared (for a report).
    pub(super) fn shared(&self) -> Arc<Vec<Registration>> {
        Arc::clone(&self.records)
    }
}

/// Judges every registration (DESIGN §5) with windows of `window_days` where `expires_on` is absent.
/// `window_days` < 1, or a window ending after the year 9999, is an input error.
pub fn dealreg(registrations: &Registrations, window_days: i64) -> Result<DealRegReport> {
    if window_days < 1 {
        return Err(Error::input("window_days", format!("must be a whole number of days ≥ 1, found {window_days}")));
    }
    let mut ends = Vec::with_capacity(registrations.len());
    for (i, r) in registrations.records.iter().enumerate() {
        let end = match r.expires_on {
            Some(end) => Some(end),
            None => i32::try_from(window_days)
                .ok()
                .and_then(|w| r.registered_on.days().checked_add(w))
                .and_then(Date::from_days),
        };
        let Some(end) = end else {
            return Err(Error::input(
                registrations.location(i),
                format!("registered_on {} + {window_days} days is past the year 9999", r.registered_on),
            ));
        };
        ends.push(end);
    }
    let judgement = judge::judge(registrations, &ends);
    Ok(DealRegReport::new(registrations, window_days, &ends, judgement))
}
