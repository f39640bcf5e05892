//! The streaming record-boundary scanner: cuts complete records out of a byte stream fed in
//! chunks of any size, carrying only the unfinished tail between chunks.
//!
//! A record is one of: a top-level value (JSON Lines, concatenated documents, a single object);
//! an element of a top-level array; or an element of a depth-1 `"Findings"`/`"findings"` array
//! inside a top-level wrapper object (so a huge `{"Findings":[…]}` is never held whole). The
//! scanner tracks strings, escapes and nesting depth with a counter (no recursion), so any depth
//! of input is safe; it does not validate JSON, which the record parser does.
//!
//! This file holds the state machine and its general loop (`scan`); [`fast_path`] skips the
//! inside of records, and [`bytes`] holds the byte searches both use.

use crate::model::{FileError, TextPosition};

mod bytes;
mod fast_path;

/// Deeper nesting than this stops the file (serde_json's own limit is 128 per record).
pub const MAX_DEPTH: u32 = 128;

/// One complete record cut from the stream.
pub struct Piece<'a> {
    pub bytes: &'a [u8],
    /// Where the record starts in the decoded text.
    pub start: TextPosition,
    /// True for a value at the top level of the file (not inside an array or wrapper).
    pub top_level: bool,
}

/// What the consumer wants after a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Between or inside top-level values; records are depth-0 values.
    TopLevel,
    /// Inside a top-level array; records are its elements.
    TopArray,
    /// Inside the `Findings` array of a top-level wrapper; records are its elements.
    WrapperArray,
    /// After the wrapper's array: skipping the rest of the wrapper object.
    WrapperTail,
}

/// Scanner state; see the module documentation.
pub struct Splitter {
    buffer: Vec<u8>,
    /// Next byte of `buffer` to scan.
    scan_index: usize,
    /// Absolute offset (in decoded text) of `buffer[0]`.
    buffer_offset: u64,
    in_string: bool,
    escape: bool,
    depth: u32,
    mode: Mode,
    /// Start index (in `buffer`) and position of the record being read.
    element_start: Option<(usize, TextPosition)>,
    /// The record in progress is a bare scalar (ends at a separator, not a bracket).
    element_is_scalar: bool,
    /// The record in progress is a top-level object that may turn out to be a wrapper.
    top_object: bool,
    expect_key: bool,
    key_start: Option<usize>,
    key_is_findings: bool,
    after_findings_colon: bool,
    /// 1-based line of the byte at `scan_index`, and the absolute offset where it starts.
    line: u64,
    line_start_offset: u64,
    /// Top-level values started so far.
    top_values: u64,
    /// Wrapper objects met (`{"Findings":[…]}`), even empty ones.
    pub wrappers_seen: u64,
    /// The first bytes have been checked (BOM, binary).
    started: bool,
    /// Where in the file the scanner started (0, or a piece's start).
    piece_offset: u64,
    stopped: bool,
    /// Whether [`Splitter::skip_inside`] may be used (always, except in the test that checks
    /// it against the general loop).
    fast_path: bool,
}

impl Default for Splitter {
    fn default() -> Self {
        Self::new()
    }
}

impl Splitter {
    pub fn new() -> Self {
        Self {
            buffer: Vec::new(),
            scan_index: 0,
            buffer_offset: 0,
            in_string: false,
            escape: false,
            depth: 0,
            mode: Mode::TopLevel,
            element_start: None,
            element_is_scalar: false,
            top_object: false,
            expect_key: false,
            key_start: None,
            key_is_findings: false,
            after_findings_colon: false,
            line: 1,
            line_start_offset: 0,
            top_values: 0,
            wrappers_seen: 0,
            started: false,
            piece_offset: 0,
            stopped: false,
            fast_path: true,
        }
    }

    /// A scanner for a piece of a file that begins at `byte_offset`, where the whole file's
    /// scanner was between top-level values at the start of a line: positions are given as in
    /// the whole file, except lines, which count from 1 at the piece's start (the piece's
    /// reader adds the lines before it). The file's first bytes were checked by the piece
    /// that holds them.
    pub fn starting_at(byte_offset: u64) -> Self {
        Self {
            buffer_offset: byte_offset,
            line_start_offset: byte_offset,
            started: true,
            piece_offset: byte_offset,
            ..Self::new()
        }
    }

    /// Decoded bytes seen so far (from the start of the file, or of the piece for
    /// [`Splitter::starting_at`]).
    pub fn bytes_seen(&self) -> u64 {
        self.buffer_offset + self.buffer.len() as u64 - self.piece_offset
    }

    /// Newlines scanned so far.
    pub fn newlines_seen(&self) -> u64 {
        self.line - 1
    }

    /// Whether everything fed has been scanned, the last byte fed ended a line, and the
    /// scanner is between two top-level values, in exactly the state a
    /// [`Splitter::starting_at`] the next byte starts in (the state a fresh scanner has, apart
    /// from what the next top-level `{` resets, and its lines counted from 1 at column 1): the
    /// next piece of the file can then be read by a scanner of its own with the same result.
    pub fn between_top_level_values(&self) -> bool {
        self.started
            && !self.stopped
            && self.scan_index == self.buffer.len()
            && self.line_start_offset == self.buffer_offset + self.buffer.len() as u64
            && self.mode == Mode::TopLevel
            && self.depth == 0
            && !self.in_string
            && !self.escape
            && self.element_start.is_none()
            && !self.top_object
            && self.key_start.is_none()
            && !self.key_is_findings
            && !self.after_findings_colon
    }

    /// Top-level values started so far (0 means the file held only whitespace).
    pub fn top_values(&self) -> u64 {
        self.top_values
    }

    fn position_at(&self, index: usize) -> TextPosition {
        let offset = self.buffer_offset + index as u64;
        TextPosition {
            byte_offset: offset,
            line: self.line,
            column: offset.saturating_sub(self.line_start_offset) + 1,
        }
    }

    /// Feeds decoded bytes; calls `sink` for each complete record. An `Err` stops the file.
    pub fn feed(
        &mut self,
        chunk: &[u8],
        sink: &mut dyn FnMut(Piece<'_>) -> Flow,
    ) -> Result<(), FileError> {
        if self.stopped {
            return Ok(());
        }
        self.buffer.extend_from_slice(chunk);
        if !self.started {
            if self.buffer.len() < 1024 && !chunk.is_empty() {
                // Wait for the bytes `check_start` inspects (byte-order mark, NUL bytes), so
                // the verdict does not depend on how the file was cut into chunks.
                return Ok(());
            }
            self.check_start()?;
        }
        let result = self.scan(sink);
        self.compact();
        if result.is_err() {
            self.stopped = true;
        }
        result
    }

    /// Ends the stream: emits a final bare scalar, or reports a truncated record.
    pub fn finish(&mut self, sink: &mut dyn FnMut(Piece<'_>) -> Flow) -> Result<(), FileError> {
        if self.stopped {
            return Ok(());
        }
        if !self.started {
            self.check_start()?;
            self.scan(sink)?;
        }
        if self.in_string {
            return Err(FileError {
                reason: "The file ends in the middle of a string (it looks truncated)".into(),
                position: Some(self.position_at(self.buffer.len())),
            });
        }
        if let Some((start, position)) = self.element_start {
            if self.element_is_scalar && self.depth == 0 {
                let end = self.buffer.len();
                let bytes = self.buffer.get(start..end).unwrap_or(&[]);
                sink(Piece {
                    bytes,
                    start: position,
                    top_level: true,
                });
                self.element_start = None;
                return Ok(());
            }
        }
        if self.depth > 0 || self.element_start.is_some() {
            return Err(FileError {
                reason: format!(
                    "The file ends in the middle of a record ({} unclosed bracket{}; it looks truncated)",
                    self.depth,
                    if self.depth == 1 { "" } else { "s" }
                ),
                position: Some(self.position_at(self.buffer.len())),
            });
        }
        Ok(())
    }

    fn check_start(&mut self) -> Result<(), FileError> {
        self.started = true;
        let head = &self.buffer[..self.buffer.len().min(1024)];
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(FileError {
                reason: "The file is UTF-16 text; save it as UTF-8 JSON".into(),
                position: None,
            });
        }
        if head.contains(&0) {
            return Err(FileError {
                reason: "The file is binary, not JSON text".into(),
                position: Some(TextPosition {
                    byte_offset: head.iter().position(|&b| b == 0).unwrap_or(0) as u64,
                    line: 1,
                    column: 1,
                }),
            });
        }
        if self.buffer.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.scan_index = 3;
        }
        Ok(())
    }

    fn start_element(&mut self, index: usize, scalar: bool) {
        self.element_start = Some((index, self.position_at(index)));
        self.element_is_scalar = scalar;
        if self.mode == Mode::TopLevel {
            self.top_values += 1;
        }
    }

    fn emit(&mut self, end_exclusive: usize, sink: &mut dyn FnMut(Piece<'_>) -> Flow) -> Flow {
        let Some((start, position)) = self.element_start.take() else {
            return Flow::Continue;
        };
        self.top_object = false;
        let top_level = self.mode == Mode::TopLevel;
        let bytes = self.buffer.get(start..end_exclusive).unwrap_or(&[]);
        sink(Piece {
            bytes,
            start: position,
            top_level,
        })
    }

    /// The depth at which records start in the current mode.
    fn element_depth(&self) -> Option<u32> {
        match self.mode {
            Mode::TopLevel => Some(0),
            Mode::TopArray => Some(1),
            Mode::WrapperArray => Some(2),
            Mode::WrapperTail => None,
        }
    }

    fn scan(&mut self, sink: &mut dyn FnMut(Piece<'_>) -> Flow) -> Result<(), FileError> {
        let mut i = self.scan_index;
        while i < self.buffer.len() {
            if let Some(floor) = self.fast_floor() {
                i = self.skip_inside(i, floor);
                if i >= self.buffer.len() {
                    break;
                }
            }
            if self.in_string {
                if self.escape {
                    // The previous chunk ended in a backslash: this byte is the escaped one,
                    // whatever it is (found by fuzzing whole against chunked loads).
                    self.escape = false;
                    if self.buffer[i] == b'\n' {
                        self.new_line(i);
                    }
                    i += 1;
                    continue;
                }
                // Skip quickly to the next byte that matters inside a string.
                let rest = &self.buffer[i..];
                let Some(step) = rest
                    .iter()
                    .position(|&b| b == b'"' || b == b'\\' || b == b'\n')
                else {
                    i = self.buffer.len();
                    break;
                };
                i += step;
                let b = self.buffer[i];
                match b {
                    b'\\' => {
                        // The escaped byte is skipped whatever it is.
                        i += 1;
                        if i < self.buffer.len() {
                            if self.buffer[i] == b'\n' {
                                self.new_line(i);
                            }
                            i += 1;
                        } else {
                            self.escape = true;
                        }
                        continue;
                    }
                    b'\n' => {
                        self.new_line(i);
                        i += 1;
                        continue;
                    }
                    _ => {
                        self.in_string = false;
                        self.string_ended(i);
                        if self.element_is_scalar
                            && self.element_start.is_some()
                            && Some(self.depth) == self.element_depth()
                            && self.scalar_string_element(i)
                        {
                            let flow = self.emit(i + 1, sink);
                            if flow == Flow::Stop {
                                self.stopped = true;
                                self.scan_index = i + 1;
                                return Ok(());
                            }
                        }
                        i += 1;
                        continue;
                    }
                }
            }
            let b = self.buffer[i];
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    if b == b'\n' {
                        self.new_line(i);
                    }
                    if self.element_is_scalar
                        && self.element_start.is_some()
                        && self.depth == 0
                        && self.mode == Mode::TopLevel
                        && self.emit(i, sink) == Flow::Stop
                    {
                        return self.stop(i);
                    }
                }
                b'"' => {
                    if self.after_findings_colon {
                        self.after_findings_colon = false;
                    }
                    if self.element_start.is_none() && Some(self.depth) == self.element_depth() {
                        self.start_element(i, true);
                    }
                    if self.top_object && self.depth == 1 && self.expect_key {
                        self.key_start = Some(i);
                    }
                    self.in_string = true;
                }
                b'{' | b'[' => {
                    if self.element_is_scalar
                        && self.element_start.is_some()
                        && self.depth == 0
                        && self.mode == Mode::TopLevel
                    {
                        // A bare word directly followed by a bracket: end the word first.
                        if self.emit(i, sink) == Flow::Stop {
                            return self.stop(i);
                        }
                    }
                    if self.after_findings_colon && b == b'[' {
                        // `{"Findings": [` — cut the array's elements, drop the wrapper.
                        self.after_findings_colon = false;
                        self.element_start = None;
                        self.top_object = false;
                        self.mode = Mode::WrapperArray;
                        self.wrappers_seen += 1;
                        self.depth += 1;
                        i += 1;
                        continue;
                    }
                    self.after_findings_colon = false;
                    if self.depth == 0 && self.mode == Mode::TopLevel && b == b'[' {
                        self.top_values += 1;
                        self.mode = Mode::TopArray;
                        self.depth = 1;
                        i += 1;
                        continue;
                    }
                    if self.element_start.is_none() && Some(self.depth) == self.element_depth() {
                        self.start_element(i, false);
                        if self.depth == 0 && b == b'{' {
                            self.top_object = true;
                            self.expect_key = true;
                        }
                    }
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(FileError {
                            reason: format!(
                                "The JSON is nested more than {MAX_DEPTH} levels deep (no GuardDuty export is)"
                            ),
                            position: Some(self.position_at(i)),
                        });
                    }
                }
                b'}' | b']' => {
                    self.after_findings_colon = false;
                    if self.depth == 0 {
                        return Err(FileError {
                            reason: format!(
                                "Unexpected '{}' outside any object or array",
                                b as char
                            ),
                            position: Some(self.position_at(i)),
                        });
                    }
                    if self.element_is_scalar
                        && self.element_start.is_some()
                        && Some(self.depth) == self.element_depth()
                    {
                        // A bare scalar element ends at the array's closing bracket.
                        if self.emit(i, sink) == Flow::Stop {
                            return self.stop(i);
                        }
                    }
                    self.depth -= 1;
                    match self.mode {
                        Mode::TopArray if self.depth == 0 => self.mode = Mode::TopLevel,
                        Mode::WrapperArray if self.depth == 1 => self.mode = Mode::WrapperTail,
                        Mode::WrapperTail if self.depth == 0 => self.mode = Mode::TopLevel,
                        _ => {
                            if self.element_start.is_some()
                                && !self.element_is_scalar
                                && Some(self.depth) == self.element_depth()
                                && self.emit(i + 1, sink) == Flow::Stop
                            {
                                return self.stop(i + 1);
                            }
                        }
                    }
                }
                b',' => {
                    self.after_findings_colon = false;
                    if self.element_is_scalar
                        && self.element_start.is_some()
                        && Some(self.depth) == self.element_depth()
                    {
                        if self.emit(i, sink) == Flow::Stop {
                            return self.stop(i);
                        }
                    } else if self.top_object && self.depth == 1 {
                        self.expect_key = true;
                    }
                }
                b':' => {
                    if self.top_object && self.depth == 1 && self.key_is_findings {
                        self.after_findings_colon = true;
                        self.key_is_findings = false;
                    }
                }
                _ => {
                    self.after_findings_colon = false;
                    if self.element_start.is_none() && Some(self.depth) == self.element_depth() {
                        self.start_element(i, true);
                    }
                }
            }
            i += 1;
        }
        self.scan_index = i;
        Ok(())
    }

    /// Whether the string that just closed at `end` is a whole scalar element on its own.
    fn scalar_string_element(&self, end: usize) -> bool {
        match self.element_start {
            Some((start, _)) => self.buffer.get(start) == Some(&b'"') && end > start,
            None => false,
        }
    }

    fn string_ended(&mut self, end: usize) {
        if let Some(start) = self.key_start.take() {
            let key = self.buffer.get(start + 1..end).unwrap_or(&[]);
            self.key_is_findings = key == b"Findings" || key == b"findings";
            self.expect_key = false;
        }
    }

    fn new_line(&mut self, index: usize) {
        self.line += 1;
        self.line_start_offset = self.buffer_offset + index as u64 + 1;
    }

    fn stop(&mut self, index: usize) -> Result<(), FileError> {
        self.stopped = true;
        self.scan_index = index;
        Ok(())
    }

    /// Drops bytes no longer needed: everything before the record in progress (or the scan
    /// position when no record is in progress).
    fn compact(&mut self) {
        let keep_from = match (self.element_start, self.key_start) {
            (Some((start, _)), _) => start,
            (None, Some(key)) => key,
            (None, None) => self.scan_index,
        };
        let keep_from = keep_from.min(self.scan_index).min(self.buffer.len());
        if keep_from == 0 {
            return;
        }
        self.buffer.drain(..keep_from);
        self.buffer_offset += keep_from as u64;
        self.scan_index -= keep_from;
        if let Some((start, position)) = self.element_start {
            self.element_start = Some((start - keep_from, position));
        }
        if let Some(key) = self.key_start {
            self.key_start = Some(key.saturating_sub(keep_from));
        }
    }
}

#[cfg(test)]
mod tests;
