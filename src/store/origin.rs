//! Which shard owns a finding id, where a record came from (the de-duplication tie-break),
//! and the place in the load a store list names a finding by.

use serde::{Deserialize, Serialize};

/// Where a record was read: its file in load order, then the piece of that file (a large file
/// split at record boundaries is read as pieces 0, 1, … by different parsers; a whole file is
/// piece 0), then the finding's place among those its parser read from that piece (in the
/// order the parser's own set first saw them). Ordered so that the earlier file, then the
/// earlier piece, then the earlier finding comes first, which is the order one sequential load
/// would have read them in: an id's smallest origin is its place in the page's set.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Origin {
    pub file: u32,
    pub piece: u32,
    pub record: u32,
}

/// Which finding a store list names, and its place in the load: where the load first read it
/// (the order of the page's set, which breaks a list's last tie), and its title for the list
/// (after the id, so it never decides an order).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LoadPlace {
    pub first_seen: Origin,
    pub id: String,
    pub title: Option<String>,
}

/// 64-bit FNV-1a offset basis and prime.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The shard (in `0..shard_count`) that owns finding `id`: FNV-1a of the id's bytes modulo
/// the shard count. Written out rather than taken from a hasher crate because it must give the
/// same answer on every platform and in every build (wasm32 and native, any `usize` width):
/// every parser of a load routes an id to the same owner. A count of 0 is treated as 1.
pub fn owner_of(id: &str, shard_count: usize) -> usize {
    let hash = id.bytes().fold(FNV_OFFSET, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    });
    let count = shard_count.max(1) as u64;
    usize::try_from(hash % count).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owner_is_stable_and_in_range() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector).
        assert_eq!(
            owner_of("a", 1 << 20),
            0xaf63dc4c8601ec8c_u64 as usize % (1 << 20)
        );
        for count in [1, 2, 3, 8] {
            for id in ["", "a", "f2c3e4b5", "ünïcode"] {
                let owner = owner_of(id, count);
                assert!(owner < count);
                assert_eq!(owner, owner_of(id, count));
            }
        }
        assert_eq!(owner_of("anything", 0), 0);
    }

    #[test]
    fn ids_spread_over_the_shards() {
        let mut per_shard = [0_u32; 8];
        for i in 0..8_000 {
            per_shard[owner_of(&format!("finding-{i}"), 8)] += 1;
        }
        assert!(
            per_shard.iter().all(|&n| (800..1200).contains(&n)),
            "{per_shard:?}"
        );
    }

    #[test]
    fn origins_order_by_file_then_piece_then_record() {
        let at = |file, piece, record| Origin {
            file,
            piece,
            record,
        };
        assert!(at(0, 5, 9) < at(1, 0, 0));
        assert!(at(1, 1, 0) > at(1, 0, 7));
        assert!(at(1, 1, 2) > at(1, 1, 1));
    }
}
