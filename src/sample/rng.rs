//! SplitMix64: the small, documented, dependency-free PRNG behind the sample generator.
//!
//! SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", 2014) adds
//! the golden-ratio increment to a 64-bit state and scrambles it with a bijective finaliser. It
//! is not cryptographic; it is fast, passes BigCrush, and is trivially reproducible, which is all
//! sample data needs. Every finding gets its own generator seeded from `(seed, index)`, so any
//! finding can be regenerated on its own (updates and attack-sequence signals rely on that).

/// The golden-ratio increment of SplitMix64.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijection on `u64` with good avalanche.
pub(crate) fn mix64(value: u64) -> u64 {
    let mut z = value;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Derives an independent stream key from a seed and a stream label (e.g. a finding index).
pub(crate) fn derive(seed: u64, stream: u64) -> u64 {
    mix64(seed ^ mix64(stream.wrapping_add(GOLDEN_GAMMA)))
}

/// A SplitMix64 generator.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    state: u64,
}

impl Rng {
    /// A generator whose sequence is fully determined by `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 uniformly distributed bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        mix64(self.state)
    }

    /// A uniform integer in `0..bound` (0 when `bound` is 0), by multiply-high (Lemire), whose
    /// bias is below 2^-32 for the small bounds used here.
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(bound)) >> 64) as u64
    }

    /// A uniform index into a slice of length `len` (0 when `len` is 0).
    pub(crate) fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    /// A uniform integer in `low..=high` (`low` when `high < low`).
    pub(crate) fn range_i64(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = high.abs_diff(low).saturating_add(1);
        low.wrapping_add(self.below(span) as i64)
    }

    /// A uniform float in `[0, 1)` with 53 bits of precision.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// `true` with probability `probability`.
    pub(crate) fn chance(&mut self, probability: f64) -> bool {
        self.unit() < probability
    }

    /// A uniformly chosen element; `slice` must not be empty (all call sites pass static tables).
    pub(crate) fn pick<'a, T>(&mut self, slice: &'a [T]) -> &'a T {
        &slice[self.index(slice.len())]
    }

    /// An index skewed towards 0 (u² law), so pools grow "hubs": the first few entries of a
    /// resource or actor pool collect most of the findings.
    pub(crate) fn skewed_index(&mut self, len: usize) -> usize {
        let u = self.unit();
        ((u * u * len as f64) as usize).min(len.saturating_sub(1))
    }

    /// An index drawn according to cumulative weights (`cumulative` ascending, last = total).
    pub(crate) fn weighted(&mut self, cumulative: &[u64]) -> usize {
        let total = cumulative.last().copied().unwrap_or(0);
        let needle = self.below(total);
        cumulative
            .partition_point(|&edge| edge <= needle)
            .min(cumulative.len().saturating_sub(1))
    }

    /// `len` lowercase hex digits.
    pub(crate) fn hex(&mut self, len: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        (0..len)
            .map(|_| char::from(DIGITS[self.index(16)]))
            .collect()
    }

    /// `len` characters of uppercase letters and digits (access key ids, principal ids).
    pub(crate) fn upper_alnum(&mut self, len: usize) -> String {
        const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        (0..len)
            .map(|_| char::from(ALPHABET[self.index(36)]))
            .collect()
    }
}

/// Cumulative sums of `weights`, for [`Rng::weighted`].
pub(crate) fn cumulative(weights: impl IntoIterator<Item = u64>) -> Vec<u64> {
    let mut total = 0u64;
    weights
        .into_iter()
        .map(|weight| {
            total += weight;
            total
        })
        .collect()
}
