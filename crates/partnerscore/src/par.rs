//! Row blocks processed on all cores (feature `parallel`) or one after another, with the same result
//! either way: blocks come back in order, and the first error is the one of the earliest row.

use std::ops::Range;

use crate::error::Result;

/// Rows per block: large enough to amortise scheduling, small enough to balance two cores.
pub(crate) const BLOCK: usize = 4096;

/// Calls `f` on consecutive row ranges covering `0..n` and returns the outputs in row order, or the
/// error of the earliest failing block.
pub(crate) fn map_blocks<B, F>(n: usize, f: F) -> Result<Vec<B>>
where
    B: Send,
    F: Fn(Range<usize>) -> Result<B> + Sync + Send,
{
    let blocks: Vec<Range<usize>> = (0..n.div_ceil(BLOCK)).map(|b| b * BLOCK..((b + 1) * BLOCK).min(n)).collect();
    #[cfg(feature = "parallel")]
    let outputs: Vec<Result<B>> = {
        use rayon::prelude::*;
        blocks.into_par_iter().map(f).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let outputs: Vec<Result<B>> = blocks.into_iter().map(f).collect();
    outputs.into_iter().collect()
}

/// Maps every item (e.g. every cohort × metric pair) on all cores, keeping order.
pub(crate) fn map_items<T, B, F>(items: Vec<T>, f: F) -> Vec<B>
where
    T: Send,
    B: Send,
    F: Fn(T) -> B + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.into_par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.into_iter().map(f).collect()
    }
}

/// Calls `f(index, block)` on every block, on all cores, to fill in results in place.
pub(crate) fn for_each_block<B, F>(blocks: &mut [B], f: F)
where
    B: Send,
    F: Fn(usize, &mut B) + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        blocks.par_iter_mut().enumerate().for_each(|(b, block)| f(b, block));
    }
    #[cfg(not(feature = "parallel"))]
    for (b, block) in blocks.iter_mut().enumerate() {
        f(b, block);
    }
}
