//! Request ids, in the shape AWS gives them (a UUID), each a pure function
//! of the session's seed and of the calls so far, as every id the
//! simulator mints is (docs/serve.md): two servers fed the same calls give
//! the same ids. A call's id is drawn from the number of steps the
//! session had applied when the call took the session, and from how many
//! ids had been given since that number last moved: those of calls
//! refused before they changed anything, and of calls that are no step
//! (GetCallerIdentity, CloudWatch's reads). No two calls of a session
//! share the pair, and no two pairs share an id.

use crate::sampling::mix;

/// The ids a session gives.
#[derive(Clone, Debug)]
pub struct RequestIds {
    seed: u64,
    /// The steps applied when the last id was given.
    steps: u64,
    /// Ids given since `steps` last moved.
    since: u64,
}

impl RequestIds {
    pub fn new(seed: u64) -> RequestIds {
        RequestIds {
            seed,
            steps: 0,
            since: 0,
        }
    }

    /// The id of the call that takes the session now, after `steps`
    /// applied steps.
    pub fn next(&mut self, steps: u64) -> String {
        if steps != self.steps {
            self.steps = steps;
            self.since = 0;
        }
        let id = request_id(self.seed, steps, self.since);
        self.since += 1;
        id
    }
}

/// The id numbered (`steps`, `since`) in `seed`'s space: 64 bits that
/// tell `steps` apart (`mix` is a bijection) and 56 that, for one
/// `steps`, tell `since` apart, laid out in the 120 bits a version-4 UUID
/// leaves free.
fn request_id(seed: u64, steps: u64, since: u64) -> String {
    let a = mix(seed ^ steps.rotate_left(29));
    let b = spread(since ^ a ^ seed.rotate_left(47));
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        (a >> 4) & 0xFFF,
        (a & 0xF) << 8 | b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

/// A bijection of the numbers below 2^56 that spreads neighbours apart
/// (each step, an xor, a product by an odd number or a right xorshift
/// modulo 2^56, is one); the bits above are dropped.
fn spread(x: u64) -> u64 {
    const BELOW: u64 = (1 << 56) - 1;
    let mut z = x & BELOW;
    z = z.wrapping_mul(0xBF58_476D_1CE4_E5B9) & BELOW;
    z ^= z >> 28;
    z = z.wrapping_mul(0x94D0_49BB_1331_11EB) & BELOW;
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn ids_are_aws_shaped_distinct_and_a_function_of_seed_and_calls() {
        let mut ids = RequestIds::new(7);
        let mut again = RequestIds::new(7);
        let mut seen = HashSet::new();
        for steps in 0..200u64 {
            // Some calls refused or not steps, then one applied.
            for _ in 0..steps % 4 + 1 {
                let id = ids.next(steps);
                assert_eq!(id, again.next(steps));
                assert!(seen.insert(id.clone()), "{id} given twice");
                let groups: Vec<usize> = id.split('-').map(str::len).collect();
                assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
                assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()));
            }
        }
        assert_ne!(RequestIds::new(8).next(0), RequestIds::new(7).next(0));
    }
}
