//! Byte-level searches the splitter runs on every record: the structural-byte tables and the
//! word-at-a-time search for a string's closing quote.

/// Bytes that matter inside a record: string quotes and brackets.
pub(super) const STRUCTURAL: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'{' as usize] = true;
    table[b'[' as usize] = true;
    table[b'}' as usize] = true;
    table[b']' as usize] = true;
    table
};

/// The same plus `,`, for a top-level object's own members (a comma means a key comes next).
pub(super) const STRUCTURAL_OR_COMMA: [bool; 256] = {
    let mut table = STRUCTURAL;
    table[b',' as usize] = true;
    table
};

/// Where the string whose body starts at `from` ends: the index of its closing quote, if it
/// closes inside `bytes`.
pub(super) fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        i += find_quote_or_backslash(bytes.get(i..)?)?;
        if bytes[i] == b'"' {
            return Some(i);
        }
        // A backslash: the next byte is escaped, whatever it is.
        i += 2;
    }
}

/// Index of the first `"` or `\` in `bytes`, eight bytes at a time.
pub(super) fn find_quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let quotes = ONES * u64::from(b'"');
    let backslashes = ONES * u64::from(b'\\');
    let mut offset = 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut array = [0u8; 8];
        array.copy_from_slice(word);
        let value = u64::from_le_bytes(array);
        let x = value ^ quotes;
        let y = value ^ backslashes;
        // A zero byte in x or y marks a match (exact: borrows only run above a zero byte).
        let found = (x.wrapping_sub(ONES) & !x | y.wrapping_sub(ONES) & !y) & HIGHS;
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    words
        .remainder()
        .iter()
        .position(|&b| b == b'"' || b == b'\\')
        .map(|index| offset + index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_search_finds_the_first_quote_or_backslash() {
        for text in [
            "",
            "abc",
            "\"",
            "abcdefgh\"",
            "abcdefg\\x\"",
            "\u{7f}\u{80}\"\\",
        ] {
            let expected = text.bytes().position(|b| b == b'"' || b == b'\\');
            assert_eq!(
                find_quote_or_backslash(text.as_bytes()),
                expected,
                "{text:?}"
            );
        }
        let mut long = vec![b'a'; 40];
        for index in 0..40 {
            long[index] = b'\\';
            assert_eq!(find_quote_or_backslash(&long), Some(index));
            long[index] = b'"';
            assert_eq!(find_quote_or_backslash(&long), Some(index));
            long[index] = 0xdc;
            assert_eq!(find_quote_or_backslash(&long), None);
        }
    }
}
