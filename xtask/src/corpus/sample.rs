//! Seeded random samples of a corpus (`--sample N --seed S`): the same seed over the same list
//! always draws the same specs, on every machine, so a sample named in a report can be rerun.

/// SplitMix64 (Steele, Lea and Flood): a few lines, a good spread from any seed, zero included.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `bound`, by the multiply-and-shift method, which has no modulo bias worth
    /// the name for lists of this size.
    fn below(&mut self, bound: usize) -> usize {
        ((u128::from(self.next()) * bound as u128) >> 64) as usize
    }
}

/// `n` of `items` (all of them when there are no more), drawn by a seeded partial Fisher-Yates
/// shuffle and returned in the order they had in `items`.
pub fn sample<T: Clone>(items: &[T], n: usize, seed: u64) -> Vec<T> {
    let mut rng = SplitMix64(seed);
    let mut order: Vec<usize> = (0..items.len()).collect();
    let n = n.min(items.len());
    for i in 0..n {
        let j = i + rng.below(items.len() - i);
        order.swap(i, j);
    }
    let mut chosen = order[..n].to_vec();
    chosen.sort_unstable();
    chosen.into_iter().map(|i| items[i].clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sample_depends_on_the_seed_alone_and_keeps_the_list_order() {
        let items: Vec<u32> = (0..1000).collect();
        let first = sample(&items, 50, 7);
        assert_eq!(first, sample(&items, 50, 7));
        assert_ne!(first, sample(&items, 50, 8));
        assert_eq!(first.len(), 50);
        assert!(first.windows(2).all(|w| w[0] < w[1]), "in list order, no repeats: {first:?}");
        assert_eq!(sample(&items[..3], 50, 7), [0, 1, 2]);
    }

    #[test]
    fn every_item_can_be_drawn() {
        let items: Vec<u32> = (0..10).collect();
        let mut seen = [0usize; 10];
        for seed in 0..2000 {
            for i in sample(&items, 1, seed) {
                seen[i as usize] += 1;
            }
        }
        // Each item is drawn about 200 times in 2000 draws; 100 would be far outside chance.
        assert!(seen.iter().all(|&n| n > 100), "{seen:?}");
    }
}
