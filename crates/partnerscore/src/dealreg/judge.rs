//! The judging sweep (DESIGN §5): sort once, then walk each customer key's registrations in judged order
//! keeping the live accepted windows in pools indexed by partner, so finding the earliest accepted
//! registration of *another* partner takes O(log n) whatever the number of a partner's own repeats.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashMap};

use super::{Registration, Registrations};
use crate::data::Date;
use crate::data::FastHash;

/// What the sweep decided.
pub(super) struct Judgement {
    /// Per registration (input order): the index of the registration it lost to.
    pub lost_to: Vec<Option<usize>>,
    /// Winners (input indices) in judged order, each with its losers in judged order.
    pub conflicts: Vec<(usize, Vec<usize>)>,
}

/// Live accepted registrations of one product class of one customer key, by partner: the earliest
/// registration of each partner, ordered, answers "the earliest of another partner" in at most two steps.
#[derive(Default)]
struct Pool {
    by_partner: HashMap<u32, BTreeSet<u32>, FastHash>,
    firsts: BTreeSet<(u32, u32)>,
}

impl Pool {
    fn insert(&mut self, pos: u32, partner: u32) {
        let set = self.by_partner.entry(partner).or_default();
        let old = set.first().copied();
        set.insert(pos);
        if old.is_none_or(|old| pos < old) {
            if let Some(old) = old {
                self.firsts.remove(&(old, partner));
            }
            self.firsts.insert((pos, partner));
        }
    }

    fn remove(&mut self, pos: u32, partner: u32) {
        let Some(set) = self.by_partner.get_mut(&partner) else { return };
        let was_first = set.first() == Some(&pos);
        set.remove(&pos);
        if was_first {
            self.firsts.remove(&(pos, partner));
            match set.first() {
                Some(&next) => {
                    self.firsts.insert((next, partner));
                }
                None => {
                    self.by_partner.remove(&partner);
                }
            }
        }
    }

    /// The earliest live registration of a partner other than `partner` (partners are distinct in
    /// `firsts`, so at most two are looked at).
    fn earliest_other(&self, partner: u32) -> Option<u32> {
        self.firsts.iter().find(|(_, q)| *q != partner).map(|(pos, _)| *pos)
    }

    fn clear(&mut self) {
        self.by_partner.clear();
        self.firsts.clear();
    }
}

/// Judges `registrations` whose windows end (exclusive) on `ends`.
pub(super) fn judge(registrations: &Registrations, ends: &[Date]) -> Judgement {
    let records = registrations.records();
    let (partner, key, product) = (&registrations.partner_ix, &registrations.key_ix, &registrations.product_ix);
    let n = records.len();
    // Judged order: registered_on, then id (unique, so the order is total). Sorted on the day and the
    // id's first 8 bytes (big-endian, zero-padded: the same order as the bytes), whole ids on a tie.
    let mut sortable: Vec<(i32, u64, u32)> = records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut prefix = [0u8; 8];
            let bytes = r.id.as_bytes();
            let k = bytes.len().min(8);
            prefix[..k].copy_from_slice(&bytes[..k]);
            (r.registered_on.days(), u64::from_be_bytes(prefix), i as u32)
        })
        .collect();
    let by_judged = |a: &(i32, u64, u32), b: &(i32, u64, u32)| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| records[a.2 as usize].id.as_bytes().cmp(records[b.2 as usize].id.as_bytes()))
    };
    #[cfg(feature = "parallel")]
    {
        use rayon::slice::ParallelSliceMut;
        sortable.par_sort_unstable_by(by_judged);
    }
    #[cfg(not(feature = "parallel"))]
    sortable.sort_unstable_by(by_judged);
    let order: Vec<u32> = sortable.into_iter().map(|(_, _, i)| i).collect();
    let mut rank = vec![0u32; n];
    for (r, &i) in order.iter().enumerate() {
        rank[i as usize] = r as u32;
    }

    // Each key's registrations, in judged order (a counting sort by key keeps the judged order).
    let key_count = registrations.key_count;
    let mut start = vec![0usize; key_count + 1];
    for &k in key {
        start[k as usize + 1] += 1;
    }
    for k in 0..key_count {
        start[k + 1] += start[k];
    }
    let mut fill = start.clone();
    let mut grouped = vec![0u32; n];
    for &i in &order {
        let k = key[i as usize] as usize;
        grouped[fill[k]] = i;
        fill[k] += 1;
    }

    let mut lost_to: Vec<Option<usize>> = vec![None; n];
    let mut sweep = Sweep::default();
    for k in 0..key_count {
        let group = &grouped[start[k]..start[k + 1]];
        if group.len() < 2 {
            continue;
        }
        sweep.run(group, records, ends, partner, product, &mut lost_to);
    }

    // Conflicts: winners in judged order, losers in judged order.
    let mut pairs: Vec<(u32, u32)> =
        lost_to.iter().enumerate().filter_map(|(loser, winner)| winner.map(|w| (rank[w], rank[loser]))).collect();
    pairs.sort_unstable();
    let mut conflicts: Vec<(usize, Vec<usize>)> = Vec::new();
    for (w, l) in pairs {
        let (winner, loser) = (order[w as usize] as usize, order[l as usize] as usize);
        match conflicts.last_mut() {
            Some((last, losers)) if *last == winner => losers.push(loser),
            _ => conflicts.push((winner, vec![loser])),
        }
    }
    Judgement { lost_to, conflicts }
}

/// The state of one customer key's sweep, reused from key to key.
#[derive(Default)]
struct Sweep {
    /// Live accepted registrations by product (`None`: absent product).
    by_product: HashMap<Option<u32>, Pool, FastHash>,
    /// Every live accepted registration.
    all: Pool,
    /// Accepted registrations by the end of their window, earliest first.
    expiring: BinaryHeap<Reverse<(Date, u32)>>,
}

impl Sweep {
    fn run(
        &mut self,
        group: &[u32],
        records: &[Registration],
        ends: &[Date],
        partner: &[u32],
        product: &[Option<u32>],
        lost_to: &mut [Option<usize>],
    ) {
        self.by_product.values_mut().for_each(Pool::clear);
        self.all.clear();
        self.expiring.clear();
        for (pos, &i) in group.iter().enumerate() {
            let i = i as usize;
            // Windows that ended on or before this registration's day overlap nothing from here on:
            // every later registration starts no earlier.
            let start = records[i].registered_on;
            while let Some(&Reverse((end, p))) = self.expiring.peek() {
                if end > start {
                    break;
                }
                self.expiring.pop();
                let j = group[p as usize] as usize;
                if let Some(pool) = self.by_product.get_mut(&product[j]) {
                    pool.remove(p, partner[j]);
                }
                self.all.remove(p, partner[j]);
            }
            // Every live accepted registration started no later and ends after this one starts: it
            // overlaps. The earliest of another partner with a compatible product wins.
            let me = partner[i];
            let winner = match product[i] {
                Some(_) => {
                    let same = self.by_product.get(&product[i]).and_then(|pool| pool.earliest_other(me));
                    let any = self.by_product.get(&None).and_then(|pool| pool.earliest_other(me));
                    match (same, any) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    }
                }
                None => self.all.earliest_other(me),
            };
            match winner {
                Some(w) => lost_to[i] = Some(group[w as usize] as usize),
                None => {
                    let pos = pos as u32;
                    self.by_product.entry(product[i]).or_default().insert(pos, me);
                    self.all.insert(pos, me);
                    self.expiring.push(Reverse((ends[i], pos)));
                }
            }
        }
    }
}
