//! JSON-lines batches (`ask --jsonl`, `reply --jsonl`): one request per input line, one JSON
//! object per output line; a bad line gets an error object and the batch goes on.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use serde::Deserialize;
use serde_json::value::{RawValue, to_raw_value};
use serde_json::{Value, json};

use super::output::safe_json;
use crate::text::{read_capped_line, sanitize_line};

/// A line longer than this is refused (and skipped to its end) rather than held in memory.
pub const MAX_LINE_BYTES: usize = 64 * 1024;

/// One request: `{"ticket": ..., "text": ...}`, `{"ticket": ..., "id": ...}`, or a plain line
/// of text. The ticket, of any JSON type, is echoed back as written: kept as its JSON text,
/// so a number no `u64` or `f64` holds comes back digit for digit.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default)]
    pub ticket: Option<Box<RawValue>>,
    pub text: Option<String>,
    pub id: Option<String>,
    /// Template variables for `reply`, on top of `--var`.
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
}

/// How a batch went: lines answered, and lines that got an error object.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub answered: usize,
    pub failed: usize,
}

/// What a handler makes of one request: an answer, or an error for that line only.
pub type LineResult = Result<Value, String>;

/// Reads requests from `input` and writes one JSON object per line to `out`. Blank lines are
/// skipped. An output error (a closed pipe) ends the batch.
pub fn run(
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    mut handle: impl FnMut(&Request) -> LineResult,
) -> anyhow::Result<Tally> {
    let mut tally = Tally::default();
    let mut line_number = 0usize;
    while let Some(line) = read_line(input)? {
        line_number += 1;
        let (ticket, result) = match line {
            Line::TooLong => (
                None,
                Err(format!(
                    "line {line_number} is longer than {MAX_LINE_BYTES} bytes"
                )),
            ),
            Line::NotUtf8 => (None, Err(format!("line {line_number} is not valid UTF-8"))),
            Line::Text(text) if text.trim().is_empty() => continue,
            Line::Text(text) => match parse(&text) {
                Ok(mut request) => {
                    let result = handle(&request);
                    (request.ticket.take(), result)
                }
                Err(Refusal::NotJson(error)) => (None, Err(format!("line {line_number}: {error}"))),
                Err(Refusal::Incomplete { ticket, error }) => (ticket, Err(error)),
            },
        };
        let object = match result {
            Ok(answer) => {
                tally.answered += 1;
                answer
            }
            Err(error) => {
                tally.failed += 1;
                json!({ "error": sanitize_line(&error) })
            }
        };
        writeln!(out, "{}", safe_json(&with_ticket(object, ticket)?)?)?;
        out.flush()?;
    }
    Ok(tally)
}

/// The output line: `object` with the ticket (`null` when there is none) written as it came,
/// the fields in `serde_json`'s order; an answer that is not an object is left as it is.
fn with_ticket(object: Value, ticket: Option<Box<RawValue>>) -> serde_json::Result<Box<RawValue>> {
    let Value::Object(fields) = object else {
        return to_raw_value(&object);
    };
    let mut line = fields
        .into_iter()
        .map(|(name, value)| Ok((name, to_raw_value(&value)?)))
        .collect::<serde_json::Result<BTreeMap<_, _>>>()?;
    let ticket = match ticket {
        Some(ticket) => RawValue::from_string(compact(ticket.get()))?,
        None => to_raw_value(&Value::Null)?,
    };
    line.insert("ticket".to_owned(), ticket);
    to_raw_value(&line)
}

/// `json` without the whitespace between its tokens, which may hold a carriage return or a
/// tab that would end up escaped outside a string.
fn compact(json: &str) -> String {
    let mut in_string = false;
    let mut escaped = false;
    json.chars()
        .filter(|&c| {
            if in_string {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                true
            } else {
                in_string = c == '"';
                !c.is_ascii_whitespace()
            }
        })
        .collect()
}

/// Why a line is not a request; a well-formed object keeps its ticket for the error.
enum Refusal {
    NotJson(String),
    Incomplete {
        ticket: Option<Box<RawValue>>,
        error: String,
    },
}

/// Reads one request; its text is sanitized here, so no answer echoes a control sequence.
fn parse(line: &str) -> Result<Request, Refusal> {
    let trimmed = line.trim();
    if !trimmed.starts_with('{') {
        return Ok(Request {
            text: Some(sanitize_line(trimmed)),
            ..Request::default()
        });
    }
    let mut request: Request = serde_json::from_str(trimmed)
        .map_err(|e| Refusal::NotJson(format!("not a valid request: {e}")))?;
    request.text = request.text.map(|text| sanitize_line(&text));
    let error = match (&request.text, &request.id) {
        (None, None) => "the request has neither \"text\" nor \"id\"",
        (Some(_), Some(_)) => "the request has both \"text\" and \"id\"; give one",
        _ => return Ok(request),
    };
    Err(Refusal::Incomplete {
        ticket: request.ticket,
        error: error.to_owned(),
    })
}

enum Line {
    Text(String),
    NotUtf8,
    TooLong,
}

/// Reads one line without ever holding more than [`MAX_LINE_BYTES`] of it.
fn read_line(input: &mut dyn BufRead) -> std::io::Result<Option<Line>> {
    let Some(line) = read_capped_line(input, MAX_LINE_BYTES)? else {
        return Ok(None);
    };
    if line.truncated {
        return Ok(Some(Line::TooLong));
    }
    Ok(Some(match String::from_utf8(line.bytes) {
        // A byte-order mark (a file saved by Notepad, or files joined) is not part of a line.
        Ok(text) => Line::Text(
            text.trim_start_matches('\u{feff}')
                .trim_end_matches('\r')
                .to_owned(),
        ),
        Err(_) => Line::NotUtf8,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(input: &[u8]) -> (Vec<Value>, Tally) {
        let mut out = Vec::new();
        let tally = run(&mut &input[..], &mut out, |request| {
            match (&request.text, &request.id) {
                (Some(text), _) if text == "fail" => Err("no match".to_owned()),
                (Some(text), _) => Ok(json!({ "echo": text })),
                (_, Some(id)) => Ok(json!({ "id": id, "vars": request.vars.len() })),
                _ => unreachable!("parse refuses requests without text or id"),
            }
        })
        .expect("batch runs");
        let lines = String::from_utf8(out).expect("utf-8");
        (
            lines
                .lines()
                .map(|l| serde_json::from_str(l).expect("each line is JSON"))
                .collect(),
            tally,
        )
    }

    #[test]
    fn answers_each_line_and_echoes_tickets() {
        let (lines, tally) = batch(b"plain words\n{\"ticket\": 7, \"text\": \"hi\"}\n\n{\"ticket\": \"T-1\", \"id\": \"x\", \"vars\": {\"a\": \"b\"}}\n");
        assert_eq!(
            lines,
            [
                json!({"ticket": null, "echo": "plain words"}),
                json!({"ticket": 7, "echo": "hi"}),
                json!({"ticket": "T-1", "id": "x", "vars": 1}),
            ]
        );
        assert_eq!(
            tally,
            Tally {
                answered: 3,
                failed: 0
            }
        );
    }

    #[test]
    fn a_bad_line_gets_an_error_and_the_batch_goes_on() {
        let mut input =
            b"{\"ticket\": 1, \"text\": \"fail\"}\n{not json\n\xff\xfe\n{\"ticket\": 2}\n".to_vec();
        input.extend(vec![b'a'; MAX_LINE_BYTES + 10]);
        input.extend(b"\n{\"ticket\": 3, \"text\": \"ok\", \"bogus\": 1}\nlast\n");
        let (lines, tally) = batch(&input);
        assert_eq!(lines.len(), 7);
        assert_eq!(lines[0], json!({"ticket": 1, "error": "no match"}));
        assert!(
            lines[1]["error"]
                .as_str()
                .expect("error")
                .starts_with("line 2: not a valid request")
        );
        assert_eq!(lines[2]["error"], "line 3 is not valid UTF-8");
        assert_eq!(
            lines[3],
            json!({"ticket": 2, "error": "the request has neither \"text\" nor \"id\""})
        );
        assert_eq!(
            lines[4]["error"],
            format!("line 5 is longer than {MAX_LINE_BYTES} bytes")
        );
        assert!(
            lines[5]["error"]
                .as_str()
                .expect("error")
                .contains("unknown field `bogus`")
        );
        assert_eq!(lines[6], json!({"ticket": null, "echo": "last"}));
        assert_eq!(
            tally,
            Tally {
                answered: 1,
                failed: 6
            }
        );
    }

    fn raw_batch(input: &[u8]) -> String {
        let mut out = Vec::new();
        run(&mut &input[..], &mut out, |request| {
            Ok(json!({ "echo": request.text }))
        })
        .expect("batch runs");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn tickets_are_echoed_exactly_as_written() {
        let out = raw_batch(
            b"{\"ticket\": 123456789012345678901234567890, \"text\": \"a\"}\n\
              {\"ticket\": [1.50, 1e400, {\"k\" : \"v w\\u001b\"}],\r\"text\": \"b\"}\n\
              {\"ticket\": -0.0, \"text\": \"c\"}\n",
        );
        assert_eq!(
            out,
            "{\"echo\":\"a\",\"ticket\":123456789012345678901234567890}\n\
             {\"echo\":\"b\",\"ticket\":[1.50,1e400,{\"k\":\"v w\\u001b\"}]}\n\
             {\"echo\":\"c\",\"ticket\":-0.0}\n"
        );
    }

    #[test]
    fn a_byte_order_mark_before_a_request_is_not_part_of_it() {
        let (lines, _) =
            batch(b"\xef\xbb\xbf{\"ticket\": 9, \"text\": \"hi\"}\n\xef\xbb\xbfplain\n");
        assert_eq!(
            lines,
            [
                json!({"ticket": 9, "echo": "hi"}),
                json!({"ticket": null, "echo": "plain"}),
            ]
        );
    }

    #[test]
    fn a_last_line_without_newline_counts() {
        let (lines, _) = batch(b"one\ntwo");
        assert_eq!(lines.len(), 2);
    }
}
