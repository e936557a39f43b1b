//! A small seeded PRNG (SplitMix64). The simulation owns one so pod names and jitter are a pure
//! function of the seed and the inputs, identical natively and in the browser.

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, passes BigCrush, good enough for names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

/// The 27 characters the API server uses for generateName suffixes.
pub const NAME_ALPHABET: &[u8; 27] = b"bcdfghjklmnpqrstvwxz2456789";

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0) by rejection, so every alphabet letter is equally likely.
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % n;
            }
        }
    }

    /// Five characters from the generateName alphabet.
    pub fn name_suffix(&mut self) -> String {
        (0..5)
            .map(|_| NAME_ALPHABET[self.below(27) as usize] as char)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_gives_same_suffixes() {
        let mut a = Rng::new(42);
        let mut b = Rng::new(42);
        for _ in 0..10 {
            assert_eq!(a.name_suffix(), b.name_suffix());
        }
    }

    #[test]
    fn suffixes_use_only_the_apiserver_alphabet() {
        let mut r = Rng::new(7);
        for _ in 0..200 {
            let s = r.name_suffix();
            assert_eq!(s.len(), 5);
            assert!(s.bytes().all(|c| NAME_ALPHABET.contains(&c)), "{s}");
        }
    }
}
