//! The splitter's fast path: inside a record only strings and brackets matter, so this loop
//! skips everything else and leaves the record's edges to the general loop in `scan`.

use super::bytes::{find_quote_or_backslash, string_end, STRUCTURAL, STRUCTURAL_OR_COMMA};
use super::{Splitter, MAX_DEPTH};

impl Splitter {
    /// The depth the fast path must not return to inside the record in progress: where the
    /// record ends, or where a top-level object's keys are read (it may be a wrapper).
    pub(super) fn fast_floor(&self) -> Option<u32> {
        if !self.fast_path
            || self.in_string
            || self.element_is_scalar
            || self.element_start.is_none()
        {
            return None;
        }
        let floor = if self.top_object {
            // The object's own keys are read by `skip_inside` too, up to a `Findings` key;
            // from there to its value the general loop decides whether this is a wrapper.
            if self.after_findings_colon || self.key_is_findings || self.key_start.is_some() {
                1
            } else {
                0
            }
        } else {
            self.element_depth()?
        };
        (self.depth > floor).then_some(floor)
    }

    /// Skips the inside of a record from `start`: only strings and brackets matter there, so
    /// this loop looks at nothing else and counts newlines in one pass at the end. It stops
    /// before a bracket that would bring the depth back to `floor` or past [`MAX_DEPTH`]
    /// (the general loop handles those), or at the end of the buffer. Inside a top-level object
    /// (`floor` 0 with `top_object`) it also reads the object's keys, as the general loop
    /// would, and stops before a `Findings`/`findings` key or a key the buffer cuts.
    pub(super) fn skip_inside(&mut self, start: usize, floor: u32) -> usize {
        let buffer = &self.buffer;
        let keys = self.top_object && floor == 0;
        let mut expect_key = self.expect_key;
        let mut depth = self.depth;
        let mut in_string = false;
        let mut escape = false;
        let mut i = start;
        'outside: while i < buffer.len() {
            let members = keys && depth == 1;
            let table = if members {
                &STRUCTURAL_OR_COMMA
            } else {
                &STRUCTURAL
            };
            let Some(step) = buffer[i..].iter().position(|&b| table[usize::from(b)]) else {
                i = buffer.len();
                break;
            };
            i += step;
            match buffer[i] {
                b'"' if members && expect_key => {
                    let Some(end) = string_end(buffer, i + 1) else {
                        break;
                    };
                    let key = &buffer[i + 1..end];
                    if key == b"Findings" || key == b"findings" {
                        break;
                    }
                    expect_key = false;
                    i = end + 1;
                }
                b',' => {
                    expect_key = true;
                    i += 1;
                }
                b'"' => {
                    i += 1;
                    loop {
                        let Some(step) = find_quote_or_backslash(&buffer[i..]) else {
                            i = buffer.len();
                            in_string = true;
                            break 'outside;
                        };
                        i += step;
                        if buffer[i] == b'"' {
                            i += 1;
                            break;
                        }
                        // A backslash: the next byte is escaped, whatever it is.
                        if i + 1 < buffer.len() {
                            i += 2;
                        } else {
                            i = buffer.len();
                            in_string = true;
                            escape = true;
                            break 'outside;
                        }
                    }
                }
                b'{' | b'[' => {
                    if depth >= MAX_DEPTH {
                        break;
                    }
                    depth += 1;
                    i += 1;
                }
                _ => {
                    if depth <= floor + 1 {
                        break;
                    }
                    depth -= 1;
                    i += 1;
                }
            }
        }
        self.depth = depth;
        self.in_string = in_string;
        self.escape = escape;
        self.expect_key = expect_key;
        let skipped = &self.buffer[start..i];
        // `contains` is a fast memchr; compact records (JSON Lines) have no newline inside.
        if skipped.contains(&b'\n') {
            let newlines = skipped.iter().filter(|&&b| b == b'\n').count();
            if let Some(last) = skipped.iter().rposition(|&b| b == b'\n') {
                self.line += newlines as u64 - 1;
                self.new_line(start + last);
            }
        }
        i
    }
}
