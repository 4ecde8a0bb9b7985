//! How server functions' answers and errors travel: JSON, as with server_fn's own `Json`, but read in
//! the browser from text. A page's resources arrive in its HTML as text and are read with
//! `serde_json::from_str`; `Json` reads answers with `from_slice`, so every type that is both
//! rendered with a page and fetched later had two copies of its JSON reader in the WASM.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::{de::DeserializeOwned, Serialize};
use std::cell::RefCell;

/// JSON read from text, the way resources are read.
pub struct JsonText;

/// A server function's answer: JSON in the body of the POST's response.
pub type JsonAnswer = Post<JsonText>;

/// The largest buffer a thread keeps for writing answers; one grown past it for a rare large
/// answer is let go.
const KEPT_BUFFER_BYTES: usize = 256 * 1024;

impl ContentType for JsonText {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonText {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonText {
    type Error = serde_json::Error;

    /// Writes into a buffer the thread keeps, then copies the answer out: a new buffer grows from
    /// 128 bytes, seven reallocations and their copies for a page of fifty users (11.7 KB).
    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        thread_local! {
            static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        }
        BUFFER.with_borrow_mut(|buffer| {
            buffer.clear();
            let written = serde_json::to_writer(&mut *buffer, output);
            let answer = written.map(|()| Bytes::copy_from_slice(buffer));
            if buffer.capacity() > KEPT_BUFFER_BYTES {
                *buffer = Vec::new();
            }
            answer
        })
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonText {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde::de::Error::custom)?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers written one after another through the kept buffer, past its bound and back under
    /// it, are each what serde_json writes, and read back equal.
    #[test]
    fn answers_through_the_kept_buffer_are_whole_and_read_back() {
        let large: Vec<String> = (0..40_000).map(|n| format!("\"name\" {n}")).collect();
        let answers = [
            vec!["Ann".to_owned(), "Lee".to_owned()],
            large,
            vec!["Bo".to_owned()],
        ];
        for answer in &answers {
            let bytes = <JsonText as Encodes<Vec<String>>>::encode(answer).unwrap();
            assert_eq!(&bytes[..], serde_json::to_vec(answer).unwrap());
            let read: Vec<String> = JsonText::decode(bytes).unwrap();
            assert_eq!(&read, answer);
        }
    }

    #[test]
    fn an_answer_that_is_not_text_is_an_error() {
        let read: Result<String, _> = JsonText::decode(Bytes::from_static(b"\"\xff\""));
        assert!(read.is_err());
    }
}
