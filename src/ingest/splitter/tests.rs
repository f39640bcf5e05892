//! Specifications of the splitter: every chunking and both loops cut the same records.

use super::*;

/// Everything a splitter reports for one input fed in chunks of `chunk` bytes.
fn split(input: &[u8], chunk: usize, fast_path: bool) -> Vec<String> {
    let mut splitter = Splitter::new();
    splitter.fast_path = fast_path;
    let mut seen = Vec::new();
    let mut sink = |piece: Piece<'_>| {
        seen.push(format!(
            "{:?} {:?} {}",
            String::from_utf8_lossy(piece.bytes),
            piece.start,
            piece.top_level
        ));
        Flow::Continue
    };
    for part in input.chunks(chunk.max(1)) {
        if let Err(error) = splitter.feed(part, &mut sink) {
            seen.push(format!("error {error:?}"));
            return seen;
        }
    }
    if let Err(error) = splitter.finish(&mut sink) {
        seen.push(format!("error {error:?}"));
    }
    seen.push(format!("top values {}", splitter.top_values()));
    seen
}

/// A small deterministic generator of JSON-ish text: nested values, escapes, raw newlines
/// (even inside strings), wrappers, stray brackets and truncation.
struct Gen(u64);

impl Gen {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }

    fn value(&mut self, out: &mut String, depth: u32) {
        let space = |g: &mut Gen, out: &mut String| {
            for _ in 0..g.next(3) {
                out.push([' ', '\n', '\t'][g.next(3) as usize]);
            }
        };
        match if depth > 6 {
            2 + self.next(2)
        } else {
            self.next(5)
        } {
            0 => {
                out.push('{');
                for index in 0..self.next(4) {
                    if index > 0 {
                        out.push(',');
                    }
                    space(self, out);
                    self.string(out);
                    out.push(':');
                    space(self, out);
                    self.value(out, depth + 1);
                }
                out.push('}');
            }
            1 => {
                out.push('[');
                for index in 0..self.next(4) {
                    if index > 0 {
                        out.push(',');
                    }
                    space(self, out);
                    self.value(out, depth + 1);
                }
                out.push(']');
            }
            2 => self.string(out),
            _ => out.push_str(["12", "true", "null", "-3.5e2"][self.next(4) as usize]),
        }
    }

    fn string(&mut self, out: &mut String) {
        out.push('"');
        for _ in 0..self.next(12) {
            out.push_str(
                [
                    "a", "\\\"", "\\\\", "\n", "{", "]", "Findings", "\\u00e9", "é", " ",
                ][self.next(10) as usize],
            );
        }
        out.push('"');
    }
}

#[test]
fn the_fast_path_cuts_exactly_like_the_general_loop() {
    let mut generator = Gen(0x9e37_79b9_7f4a_7c15);
    for case in 0..1500 {
        let mut text = String::new();
        match case % 4 {
            0 => text.push_str("{\"Findings\": ["),
            1 => text.push('['),
            _ => {}
        }
        for index in 0..generator.next(5) {
            if index > 0 {
                text.push_str(if case % 4 < 2 { ",\n" } else { "\n" });
            }
            generator.value(&mut text, 0);
        }
        match case % 4 {
            0 => text.push_str("], \"x\": {\"y\": [1]}}"),
            1 => text.push(']'),
            _ => {}
        }
        let mut bytes = text.into_bytes();
        if case % 7 == 0 && !bytes.is_empty() {
            let cut = generator.next(bytes.len() as u64) as usize;
            bytes.truncate(cut);
        }
        if case % 11 == 0 {
            bytes.push(b']');
        }
        let expected = split(&bytes, bytes.len(), false);
        for chunk in [1, 2, 3, 7, 64, bytes.len()] {
            assert_eq!(
                split(&bytes, chunk, true),
                expected,
                "case {case}, chunk {chunk}: {}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
}

#[test]
fn top_level_keys_read_by_the_fast_path_find_every_wrapper() {
    let inputs: [&[u8]; 8] = [
        b"{\"a\":1,\"Findings\":[{\"x\":1},2]}\n{\"b\":[3]}",
        b"{\"a\":\"Findings\",\"b\":[1]}",
        b"{\"Findings\" \"a\":[1]}",
        b"{\"a\\\"b\":1, \"c\\\\\":{\"d\":[]}, \"findings\": [3, {\"e\": \"}\"}]}",
        b"{\"x\":{\"Findings\":[1]},\n \"y\" : [ {} ] }\n{\"Findings\":5,\"z\":[6]}",
        b"{\"a\":[1,{\"b\":2}],\"findings\":[[7],[8]],\"tail\":{\"Findings\":[9]}}",
        b"{\"k\": 1 \"Findings\": [1]}",
        b"{\"Findingsx\":[1],\"findings\":[]}{\"a\":1}",
    ];
    for bytes in inputs {
        let expected = split(bytes, bytes.len(), false);
        for chunk in 1..=bytes.len() {
            assert_eq!(
                split(bytes, chunk, true),
                expected,
                "chunk {chunk}: {}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
