//! Property tests of the geocoder's parsers of user input (issue 18): the query normaliser
//! (`text::tokens`) and the batch CSV reader, on arbitrary text and bytes — never a panic;
//! tokens always plain, a CSV either read whole or refused with a reason.

use geocoder::batch::{Batch, BatchParams};
use geocoder::text::tokens;
use proptest::prelude::*;

/// Text as people type it: any Unicode, and French-looking addresses.
fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,5}(bis|ter| |-|,)?[ ]?(r|rue|av|bd|ch|imp|pl|st|ste|saint)\\.? [a-zA-Zéèêàçôû' -]{0,30} [0-9]{0,5}",
        "[\\PC]{0,60}",
    ]
}

proptest! {
    #[test]
    fn tokens_are_plain_lowercase_ascii(text in query()) {
        for token in tokens(&text) {
            prop_assert!(!token.is_empty(), "{text:?} gave an empty token");
            prop_assert!(
                token.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "{text:?} gave {token:?}"
            );
        }
    }

    #[test]
    fn tokens_of_tokens_are_stable(text in query()) {
        // The index runs the same function on stored names: joining the tokens and cutting
        // again must not drift (a drift would make a stored name unreachable).
        let once = tokens(&text);
        let twice = tokens(&once.join(" "));
        prop_assert_eq!(tokens(&twice.join(" ")), twice);
    }

    #[test]
    fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let _ = Batch::prepare("envoi.csv", &bytes, &BatchParams::default());
    }

    #[test]
    fn csv_like_text_is_read_or_refused(
        header in proptest::collection::vec("[a-z_]{0,8}", 0..6),
        rows in proptest::collection::vec(proptest::collection::vec("[^\\n\\r]{0,12}", 0..7), 0..20),
        separator in prop_oneof![Just(";"), Just(","), Just("\t")],
        column in proptest::option::of("[a-z_]{0,8}"),
    ) {
        let mut text = header.join(separator);
        for row in &rows {
            text.push('\n');
            text.push_str(&row.join(separator));
        }
        let params = BatchParams {
            columns: column.clone().into_iter().collect(),
            postcode: column,
            citycode: None,
            ..BatchParams::default()
        };
        match Batch::prepare("envoi.csv", text.as_bytes(), &params) {
            Ok(batch) => prop_assert!(batch.len() <= rows.len()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
